"""Reads of the roadmap (Køreplan): the active projects with their phase plans and milestones, grouped, and
each made into a chart row (portfolio.roadmap.chart) and a table row. Two queries load the plans and
milestones of any number of projects (portfolio.lifecycle.selectors.plan_prefetches)."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, OuterRef, Subquery, Value, When

from portfolio import selectors
from portfolio.addresses import Addresses
from portfolio.lifecycle.selectors import plan_prefetches
from portfolio.models import ACTIVE_PHASES, Phase, Project, ProjectKind, ReportingPeriod
from portfolio.roadmap.rows import DUE, MARK_LABELS, OVERDUE, REACHED, Bar, Mark, Row, month_start

NEXT_MEETINGS = 6  # the Project Board meetings drawn: the next ones inside the window
NO_PLAN = "Ingen faseplan"
NO_AREA = "Uden fokusområde i den gældende strategiperiode"
NO_UNIT = "Uden forankring"
PHASE_RANK = {phase: rank for rank, phase in enumerate(ACTIVE_PHASES)}


def roadmap_projects(user):
    """The active projects (not archived, idé to realisering) the user sees, with their lights (for the
    project list's filters), phase plans and not archived milestones. Not the list's focus areas: a row
    shows none, and its group's focus area is annotated (grouped())."""
    return (
        selectors.project_list(user)
        .filter(phase__in=ACTIVE_PHASES)
        .prefetch_related(None)
        .prefetch_related(*plan_prefetches())
    )


def grouped(projects, group: str):
    """`projects` in the order of their groups, then by number. By focus area a project stands under its
    first focus area of the current strategy period (the lowest number) only, so each project is one row;
    projects without one come last."""
    if group == "org_unit":
        return projects.order_by(F("anchoring__name").asc(nulls_last=True), "anchoring", "number")
    if group == "kind":
        rank = Case(
            *[When(kind=value, then=Value(i)) for i, value in enumerate(ProjectKind.values)],
            default=Value(len(ProjectKind.values)),
            output_field=IntegerField(),
        )
        return projects.order_by(rank, "number")
    first = Project.focus_areas.through.objects.filter(
        project=OuterRef("pk"), focusarea__period__is_current=True
    ).order_by("focusarea__number")
    return projects.annotate(
        roadmap_area_id=Subquery(first.values("focusarea_id")[:1]),
        roadmap_area_number=Subquery(first.values("focusarea__number")[:1]),
        roadmap_area_title=Subquery(first.values("focusarea__title")[:1]),
    ).order_by(F("roadmap_area_number").asc(nulls_last=True), "number")


def group_of(project, group: str) -> tuple[object, str]:
    """The key and heading of the group `project` stands under (as `grouped` orders them)."""
    if group == "org_unit":
        unit = project.anchoring
        return (unit.pk if unit else None), (unit.name if unit else NO_UNIT)
    if group == "kind":
        return project.kind, project.get_kind_display()
    area_id = getattr(project, "roadmap_area_id", None)
    if area_id is None:
        return None, NO_AREA
    return area_id, f"{project.roadmap_area_number}. {project.roadmap_area_title}"


def board_meetings(window, today: datetime.date) -> list[datetime.date]:
    """The next Project Board meetings (not cancelled) inside the window: from today, at most
    NEXT_MEETINGS."""
    return list(
        ReportingPeriod.objects.filter(
            cancelled=False, meeting_date__gte=max(today, window.start), meeting_date__lt=window.end
        )
        .order_by("meeting_date")
        .values_list("meeting_date", flat=True)[:NEXT_MEETINGS]
    )


@dataclass(frozen=True)
class PhaseLine:
    """A phase in the table: its label, drawn start and end, slip against the original plan (days)."""

    label: str
    start: datetime.date
    end: datetime.date
    slip_days: int | None
    current: bool


@dataclass(frozen=True)
class TableRow:
    project: Project
    url: str  # the project's page, reversed once for the chart row and the table row
    phases: tuple[PhaseLine, ...]
    next_milestone: object  # a Milestone, or None
    next_state: str  # its Mark state word ("Kommende", "Overskredet"), "" without one


def phase_bars(plans) -> list[tuple[Bar, object]]:
    """The active phases' bars in the phases' order, each with its plan: from the actual start (else the
    forecast start) to the actual end (else the forecast end); a phase without both is not drawn."""
    bars = []
    for plan in sorted(plans, key=lambda plan: PHASE_RANK.get(plan.phase, len(PHASE_RANK))):
        if plan.phase not in PHASE_RANK:
            continue
        start = plan.actual_start or plan.planned_start
        end = plan.actual_end or plan.planned_end
        if start is None or end is None:
            continue
        bar = Bar(
            phase=plan.phase,
            label=Phase(plan.phase).label,
            start=start,
            end=max(start, end),
            baseline_start=plan.baseline_start,
            baseline_end=plan.baseline_end,
        )
        bars.append((bar, plan))
    return bars


def mark_state(milestone, today: datetime.date) -> str:
    if milestone.completed_on:
        return REACHED
    return OVERDUE if milestone.due_date < today else DUE


def milestone_marks(milestones, today: datetime.date) -> tuple[Mark, ...]:
    return tuple(
        Mark(title=m.title, day=m.completed_on or m.due_date, state=mark_state(m, today)) for m in milestones
    )


def _plans(project):
    plans = getattr(project, "slip_phase_plans", None)
    return plans if plans is not None else list(project.phase_plans.all())


def _milestones(project):
    milestones = getattr(project, "slip_milestones", None)
    return milestones if milestones is not None else list(project.milestones.filter(archived=False))


def project_rows(
    project, *, today: datetime.date, plan_url: str = "", plans=None, milestones=None, url: str = ""
) -> tuple[Row, TableRow]:
    """The chart row and the table row of one project, from `plans` and `milestones` (not archived) or those
    `roadmap_projects` prefetched. `plan_url`: where to plan the phases of a project without any, if the
    user may. `url`: the project's page, when the caller has made it (roadmap_rows, for many projects)."""
    label = f"{project.number} {project.name}"
    bars = phase_bars(_plans(project) if plans is None else plans)
    milestones = _milestones(project) if milestones is None else milestones
    milestones = sorted(milestones, key=lambda m: (m.due_date, m.pk))
    upcoming = next((m for m in milestones if not m.completed_on), None)
    row = Row(
        label=label,
        url=url or project.get_absolute_url(),
        bars=tuple(bar for bar, _ in bars),
        marks=milestone_marks(milestones, today),
        note="" if bars else NO_PLAN + (" – planlæg faserne" if plan_url else ""),
        note_url="" if bars else plan_url,
    )
    table = TableRow(
        project=project,
        url=row.url,
        phases=tuple(
            PhaseLine(bar.label, bar.start, bar.end, plan.slip_days, plan.phase == project.phase)
            for bar, plan in bars
        ),
        next_milestone=upcoming,
        next_state=MARK_LABELS[mark_state(upcoming, today)] if upcoming else "",
    )
    return row, table


def roadmap_rows(projects, *, group: str, today: datetime.date, plan_urls=None):
    """Chart rows with a heading row at each new group, and the table's groups [(heading, [TableRow])]."""
    plan_urls = plan_urls or {}
    project_url = Addresses("portfolio:project-detail", 1)
    rows, table, current = [], [], object()
    for project in projects:
        key, heading = group_of(project, group)
        if key != current or not table:
            rows.append(Row(label=heading, heading=True))
            table.append((heading, []))
            current = key
        row, table_row = project_rows(
            project, today=today, plan_url=plan_urls.get(project.pk, ""), url=project_url(project.pk)
        )
        rows.append(row)
        table[-1][1].append(table_row)
    return rows, table


def project_roadmap(project, *, milestones, today: datetime.date):
    """The project page's own roadmap row and a window that covers it: (row, first month, months), or None
    for a project without a dated phase (its phase table says so). No query: the page has loaded the phase
    plans and the milestones."""
    row, _ = project_rows(project, today=today, plans=project.phase_plans.all(), milestones=milestones)
    if not row.bars:
        return None
    start, months = project_window(row.bars, row.marks, today)
    return row, start, months


def project_window(bars, marks, today: datetime.date) -> tuple[datetime.date, int]:
    """A window (first month, months) that covers a project's phases and milestones, at least 12 months,
    in whole quarters; around today for a project with nothing dated."""
    days = [day for bar in bars for day in (bar.start, bar.end)] + [mark.day for mark in marks]
    first, last = (min(days), max(days)) if days else (today, today)
    start = month_start(first)
    months = (last.year - start.year) * 12 + last.month - start.month + 1
    months = max(12, -(-months // 3) * 3)
    return start, months
