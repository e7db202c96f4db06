"""Reads of a project's life: its plan against the baseline ("Oprindelig plan"), the slip of the current
phase and of the milestones (the project page, the status report and the Project Board report), and the
lessons learned across closed and stopped projects."""

from dataclasses import dataclass

from django.db.models import DateField, OuterRef, Prefetch, Q, Subquery

from portfolio.dates import danish_date
from portfolio.history import HISTORY_ACTIONS
from portfolio.models import (
    ACTIVE_PHASES,
    FINISHED_PHASES,
    ClosingReport,
    Milestone,
    Phase,
    Project,
    ProjectPhasePlan,
)


def slip_text(days: int | None) -> str:
    """A slip in days in words: "12 dage forsinket", "1 dag før tid", "Som planlagt"; "" without a
    baseline to compare with."""
    if days is None:
        return ""
    if days == 0:
        return "Som planlagt"
    count = abs(days)
    unit = "dag" if count == 1 else "dage"
    return f"{count} {unit} forsinket" if days > 0 else f"{count} {unit} før tid"


@dataclass(frozen=True)
class ProjectSlip:
    """A project's slip against its baseline. Days are positive when late, negative when ahead; None
    where there is nothing to compare (no baseline, or no baseline date for it)."""

    has_baseline: bool
    phase_plan: ProjectPhasePlan | None  # the current phase's plan, if any
    phase_slip_days: int | None
    milestones: tuple[Milestone, ...]  # the open and reached milestones, by forecast date
    largest_milestone: Milestone | None  # the milestone with the largest slip (late or ahead), if any
    slipped_count: int  # milestones later than their baseline date

    @property
    def largest_milestone_slip_days(self) -> int | None:
        return self.largest_milestone.slip_days if self.largest_milestone else None

    @property
    def phase_slip_text(self) -> str:
        return slip_text(self.phase_slip_days)

    @property
    def largest_milestone_slip_text(self) -> str:
        return slip_text(self.largest_milestone_slip_days)


def slip_of(project: Project, phase_plans, milestones) -> ProjectSlip:
    """The slip of `project` from its already loaded phase plans and (not archived) milestones: a pure
    computation, so a list of projects costs no query per project."""
    plan = next((plan for plan in phase_plans if plan.phase == project.phase), None)
    milestones = tuple(sorted(milestones, key=lambda m: (m.due_date, m.pk)))
    compared = [m for m in milestones if m.slip_days is not None]
    largest = max(compared, key=lambda m: (abs(m.slip_days), m.slip_days), default=None)
    if largest is not None and largest.slip_days == 0:
        largest = None
    return ProjectSlip(
        has_baseline=project.baseline_frozen_on is not None,
        phase_plan=plan,
        phase_slip_days=plan.slip_days if plan else None,
        milestones=milestones,
        largest_milestone=largest,
        slipped_count=sum(1 for m in compared if m.slip_days > 0),
    )


def plan_prefetches(prefix: str = "") -> list[Prefetch]:
    """Prefetches that give each project `slip_phase_plans` and `slip_milestones` (its not archived
    milestones, owners joined) for `slip_of`: two queries for any number of projects."""
    return [
        Prefetch(f"{prefix}phase_plans", queryset=ProjectPhasePlan.objects.all(), to_attr="slip_phase_plans"),
        Prefetch(
            f"{prefix}milestones",
            queryset=Milestone.objects.filter(archived=False)
            .select_related("owner")
            .order_by("due_date", "id"),
            to_attr="slip_milestones",
        ),
    ]


def project_slip(project: Project) -> ProjectSlip:
    """The slip of one project (two queries, or none if loaded with `plan_prefetches`)."""
    plans = getattr(project, "slip_phase_plans", None)
    if plans is None:
        plans = list(ProjectPhasePlan.objects.filter(project=project))
    milestones = getattr(project, "slip_milestones", None)
    if milestones is None:
        milestones = list(
            Milestone.objects.filter(project=project, archived=False)
            .select_related("owner")
            .order_by("due_date", "id")
        )
    return slip_of(project, plans, milestones)


# --- Lessons learned -----------------------------------------------------------------------------------


def lessons_learned():
    """Closing reports whose lessons others can learn from: accepted ones (their project is closed), and
    those of stopped projects that have lessons written. Each with `finished_on`, the day its project was
    closed or stopped (the start of that phase), newest first; one query with the project and anchoring."""
    finished_on = ProjectPhasePlan.objects.filter(
        project=OuterRef("project"), phase=OuterRef("project__phase")
    ).values("actual_start")[:1]
    return (
        ClosingReport.objects.filter(project__archived=False, project__phase__in=FINISHED_PHASES)
        .filter(Q(state=ClosingReport.State.ACCEPTED) | Q(project__phase=Phase.STOPPED))
        .exclude(lessons_learned="")
        .select_related("project__anchoring")
        .annotate(finished_on=Subquery(finished_on, output_field=DateField()))
        .order_by("-finished_on", "-pk")
    )


def lesson_years() -> list[int]:
    """The years in which a project with lessons was closed or stopped, newest first."""
    return sorted(
        {day.year for day in lessons_learned().values_list("finished_on", flat=True) if day}, reverse=True
    )


PLANNED_PHASES = ACTIVE_PHASES  # Idé, Analyse, Gennemførelse, Realisering: the phases a plan dates
PLAN_HISTORY_FIELDS = (
    "planned_start",
    "planned_end",
    "baseline_start",
    "baseline_end",
    "actual_start",
    "actual_end",
)


def phase_plans_for_form(project: Project) -> list[tuple[Phase, ProjectPhasePlan | None]]:
    """The planned phases in order, each with its stored plan row (None where there is none yet)."""
    plans = {plan.phase: plan for plan in ProjectPhasePlan.objects.filter(project=project)}
    return [(Phase(phase), plans.get(phase)) for phase in PLANNED_PHASES]


def _date_text(value) -> str:
    return danish_date(value, "short") if value else "–"


def phase_plan_history(project: Project, limit: int = 30) -> list[dict]:
    """The changes to the project's phase plans, newest first, for includes/change_history.html: each
    with when, who, action, the phase as `item`, and `what` changed from what to what. Each record is
    compared with the record before it of the same phase (one query; a plan has few records)."""
    records = list(
        ProjectPhasePlan.history.filter(project_id=project.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    previous_of_row, entries = {}, []
    for record in records:
        before = previous_of_row.get(record.id)
        previous_of_row[record.id] = record
        changes = []
        for name in PLAN_HISTORY_FIELDS:
            old, new = (getattr(before, name) if before else None), getattr(record, name)
            if old != new:
                label = ProjectPhasePlan._meta.get_field(name).verbose_name
                changes.append(f"{label} {_date_text(old)} → {_date_text(new)}")
        if not changes:
            continue
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "action": HISTORY_ACTIONS.get(record.history_type, record.history_type),
                "what": "; ".join(changes),
                "item": Phase(record.phase).label,
            }
        )
    return entries[::-1][:limit]
