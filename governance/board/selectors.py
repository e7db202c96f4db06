"""Reads shared by governance's views and reports."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from focusareas.models import FocusArea
from portfolio.lifecycle.selectors import ProjectSlip, plan_prefetches, slip_of
from portfolio.models import Light, Milestone, Project, ReportingPeriod, Risk, StatusReport
from portfolio.selectors import TREND_TEXT, contract_watch, light_trend, risk_matrix

# How far ahead "before the next meeting" reaches when the calendar has no next period yet.
NEXT_MEETING_FALLBACK = datetime.timedelta(days=14)
TOP_RISKS = 3

# The six lights in the order of the status report, with their Danish column names.
LIGHT_COLUMNS = (
    ("overall", "Samlet"),
    ("schedule", "Tidsplan"),
    ("economy", "Økonomi"),
    ("resources", "Ressourcer"),
    ("deliverables", "Leverancer/kvalitet"),
    ("benefits", "Gevinster"),
)


@dataclass
class BoardProject:
    """One active project as the board report shows it."""

    project: Project
    report: StatusReport | None  # the newest submitted version for the period, or None (missing)
    previous: StatusReport | None  # the newest submitted version for the period before
    trend: str | None  # "better" / "same" / "worse" / None, of the overall light
    milestones: list[Milestone]  # open, due on or before the horizon (overdue ones included)
    risks: list[Risk]  # the top open risks by score
    slip: ProjectSlip | None = None  # the plan against the baseline
    heat_map: list = field(default_factory=list)  # the heat map of the open risks (risk_matrix)

    @property
    def trend_text(self) -> str:
        """The trend as an arrow and a word, readable without colour."""
        return TREND_TEXT.get(self.trend, TREND_TEXT[None])

    @property
    def overall(self) -> str:
        return self.report.overall if self.report else Light.NOT_REPORTED

    @property
    def lights(self) -> list[tuple[str, str, str]]:
        """[(dimension, Danish label, light value)] for the six lights."""
        return [
            (name, label, getattr(self.report, name) if self.report else Light.NOT_REPORTED)
            for name, label in LIGHT_COLUMNS
        ]


@dataclass
class BoardReportData:
    period: ReportingPeriod
    previous_period: ReportingPeriod | None
    next_period: ReportingPeriod | None
    horizon: datetime.date  # milestones due up to and including this day are shown
    projects: list[BoardProject]
    missing: list[BoardProject]
    decisions_requested: list[BoardProject]
    by_light: list[tuple[str, str, int]]  # (light value, Danish label, count)
    focus_areas: list[tuple[FocusArea, dict[str, int]]]  # counts by overall light per focus area
    strategy_period_name: str = ""
    # IT systems whose contract ends or notice deadline falls within CONTRACT_WATCH_MONTHS of the meeting.
    contract_watch: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def reported_count(self) -> int:
        return len(self.projects) - len(self.missing)


def _submitted_for(periods):
    return (
        StatusReport.objects.filter(state=StatusReport.State.SUBMITTED, period__in=periods)
        .select_related("period")
        .order_by("-version")
    )


CONTRACT_WATCH_MONTHS = 6


def _top_risks(risks):
    return sorted(risks, key=lambda risk: (-risk.score, -risk.consequence, risk.pk))[:TOP_RISKS]


def board_report_data(period: ReportingPeriod) -> BoardReportData:
    """Everything the Project Board report of `period` shows, in a fixed number of queries (10)
    whatever the size of the portfolio: the active projects with their newest submitted report for
    the period and for the period before (for the trend), people, focus areas, milestones due before
    the next meeting, the plan's slip against the baseline, the open risks' heat map and the top ones;
    counts by overall light and by focus area of the current strategy period; the projects missing a
    report; the decisions requested of the board."""
    previous_period = (
        ReportingPeriod.objects.filter(meeting_date__lt=period.meeting_date, cancelled=False)
        .order_by("-meeting_date")
        .first()
    )
    next_period = (
        ReportingPeriod.objects.filter(meeting_date__gt=period.meeting_date, cancelled=False)
        .order_by("meeting_date")
        .first()
    )
    horizon = next_period.meeting_date if next_period else period.meeting_date + NEXT_MEETING_FALLBACK
    report_periods = [period.pk] + ([previous_period.pk] if previous_period else [])

    risks = Risk.objects.filter(status=Risk.Status.OPEN).select_related("owner").order_by("id")
    projects = list(
        Project.objects.active()
        .select_related("leader", "anchoring")
        .prefetch_related(
            Prefetch("focus_areas", queryset=FocusArea.objects.order_by("number")),
            Prefetch("status_reports", queryset=_submitted_for(report_periods), to_attr="board_reports"),
            Prefetch("risks", queryset=risks, to_attr="board_open_risks"),
            *plan_prefetches(),
        )
        .order_by("number")
    )
    areas = list(
        FocusArea.objects.filter(period__is_current=True).select_related("period").order_by("number")
    )

    rows = []
    for project in projects:
        # Newest version first, so the first one seen per period wins.
        current = next((r for r in project.board_reports if r.period_id == period.pk), None)
        previous = next(
            (r for r in project.board_reports if previous_period and r.period_id == previous_period.pk), None
        )
        rows.append(
            BoardProject(
                project=project,
                report=current,
                previous=previous,
                trend=light_trend(current.overall, previous.overall) if current and previous else None,
                milestones=[
                    m for m in project.slip_milestones if m.completed_on is None and m.due_date <= horizon
                ],
                risks=_top_risks(project.board_open_risks),
                slip=slip_of(project, project.slip_phase_plans, project.slip_milestones),
                heat_map=risk_matrix(project.board_open_risks),
            )
        )

    light_counts = dict.fromkeys(Light.values, 0)
    area_counts = {area.pk: dict.fromkeys(Light.values, 0) for area in areas}
    for row in rows:
        light_counts[row.overall] += 1
        for area in row.project.focus_areas.all():
            if area.pk in area_counts:
                area_counts[area.pk][row.overall] += 1
    return BoardReportData(
        period=period,
        previous_period=previous_period,
        next_period=next_period,
        horizon=horizon,
        projects=rows,
        missing=[row for row in rows if row.report is None],
        decisions_requested=[row for row in rows if row.report and row.report.decisions_needed.strip()],
        by_light=[(value, label, light_counts[value]) for value, label in Light.choices],
        focus_areas=[(area, area_counts[area.pk]) for area in areas],
        strategy_period_name=areas[0].period.name if areas else "",
        contract_watch=contract_watch(today=period.meeting_date, months=CONTRACT_WATCH_MONTHS),
    )
