""" "Siden sidste møde": what changed in the portfolio between the previous Project Board meeting (not
cancelled) and this one. One read shared by the meeting's page and the board report's PDF, in a fixed
number of queries whatever the size of the portfolio.

The window is the days after the previous meeting's day up to and including this meeting's day, so that
consecutive meetings share no day and miss none. A meeting in the future reads up to now. Each category:

- lights: the overall light of each active project's newest submitted report for this period against
  the one for the previous meeting's period (worse and better; unchanged and unrated ones left out);
- new projects: created in the window; phase changes, closed and stopped projects: the project's phase
  at the start of the window (its history) against its phase at the end;
- decisions: decided in the window, by any body;
- milestones: forecast (due date) moved later in the window (the milestone's history), and open ones
  whose due date passed in the window (overdue now, not at the previous meeting).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from governance.models import Decision
from portfolio.models import FINISHED_PHASES, Milestone, Phase, Project, ReportingPeriod, StatusReport
from portfolio.selectors import light_trend


@dataclass
class LightChange:
    project: Project
    before: StatusReport
    after: StatusReport
    trend: str  # "better" or "worse"


@dataclass
class PhaseChange:
    project: Project
    before: str  # the phase's value
    after: str

    @property
    def before_label(self) -> str:
        return Phase(self.before).label

    @property
    def after_label(self) -> str:
        return Phase(self.after).label


@dataclass
class MilestoneSlip:
    milestone: Milestone
    before: datetime.date
    after: datetime.date

    @property
    def days(self) -> int:
        return (self.after - self.before).days


@dataclass
class SinceLastMeeting:
    period: ReportingPeriod
    previous: ReportingPeriod | None  # None: the first meeting, nothing to compare with
    worsened: list[LightChange] = field(default_factory=list)
    improved: list[LightChange] = field(default_factory=list)
    new_projects: list[Project] = field(default_factory=list)
    finished: list[PhaseChange] = field(default_factory=list)  # closed or stopped
    phase_changes: list[PhaseChange] = field(default_factory=list)  # other phase changes
    decisions: list[Decision] = field(default_factory=list)
    slipped: list[MilestoneSlip] = field(default_factory=list)
    overdue: list[Milestone] = field(default_factory=list)

    @property
    def categories(self) -> list[tuple[str, list]]:
        return [
            ("worsened", self.worsened),
            ("improved", self.improved),
            ("new_projects", self.new_projects),
            ("finished", self.finished),
            ("phase_changes", self.phase_changes),
            ("decisions", self.decisions),
            ("slipped", self.slipped),
            ("overdue", self.overdue),
        ]

    @property
    def milestone_count(self) -> int:
        return len(self.slipped) + len(self.overdue)

    @property
    def is_empty(self) -> bool:
        return not any(items for _, items in self.categories)


def previous_meeting(period: ReportingPeriod) -> ReportingPeriod | None:
    """The Project Board meeting before `period`'s, not cancelled."""
    return (
        ReportingPeriod.objects.filter(meeting_date__lt=period.meeting_date, cancelled=False)
        .order_by("-meeting_date")
        .first()
    )


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def _value_changes(history, field_name: str, start, end, **filters) -> dict[int, tuple]:
    """{object id: (value at `start`, value at `end`)} for the objects of a simple_history manager whose
    history has a record in [start, end) and whose `field_name` differs between the two moments. An object
    created in the window counts from its first record. One query."""
    changed = history.filter(history_date__gte=start, history_date__lt=end, **filters).values("id")
    rows = (
        history.filter(id__in=changed, history_date__lt=end)
        .order_by("id", "history_date", "history_id")
        .values_list("id", field_name, "history_date")
    )
    values: dict[int, list] = {}
    for object_id, value, when in rows:
        before_after = values.setdefault(object_id, [None, None])
        if when < start or before_after[0] is None:
            before_after[0] = value
        before_after[1] = value
    return {pk: (before, after) for pk, (before, after) in values.items() if before != after}


def _light_changes(period, previous) -> tuple[list[LightChange], list[LightChange]]:
    reports = (
        StatusReport.objects.filter(
            state=StatusReport.State.SUBMITTED,
            period__in=[period.pk, previous.pk],
            project__in=Project.objects.active(),
        )
        .select_related("project", "project__leader")
        .order_by("project__number", "-version")
    )
    newest: dict[tuple[int, int], StatusReport] = {}
    for report in reports:  # newest version first: the first seen per project and period wins
        newest.setdefault((report.project_id, report.period_id), report)
    worsened, improved = [], []
    for (project_id, period_id), after in newest.items():
        if period_id != period.pk or (before := newest.get((project_id, previous.pk))) is None:
            continue
        trend = light_trend(after.overall, before.overall)
        if trend in ("better", "worse"):
            change = LightChange(project=after.project, before=before, after=after, trend=trend)
            (worsened if trend == "worse" else improved).append(change)
    return worsened, improved


def _phase_changes(start, end) -> tuple[list[PhaseChange], list[PhaseChange]]:
    changes = _value_changes(Project.history, "phase", start, end)
    projects = (
        Project.objects.not_archived().filter(pk__in=changes).select_related("leader").order_by("number")
    )
    finished, others = [], []
    for project in projects:
        before, after = changes[project.pk]
        change = PhaseChange(project=project, before=before, after=after)
        (finished if after in FINISHED_PHASES else others).append(change)
    return finished, others


def _milestone_slips(start, end) -> list[MilestoneSlip]:
    changes = _value_changes(Milestone.history, "due_date", start, end)
    later = {pk: dates for pk, dates in changes.items() if dates[0] and dates[1] and dates[1] > dates[0]}
    milestones = (
        Milestone.objects.filter(pk__in=later, archived=False, project__archived=False)
        .select_related("project")
        .order_by("project__number", "due_date", "pk")
    )
    return [MilestoneSlip(milestone=m, before=later[m.pk][0], after=later[m.pk][1]) for m in milestones]


def _newly_overdue(previous_day: datetime.date, reference: datetime.date) -> list[Milestone]:
    """Open milestones due after the previous meeting and before `reference` (overdue at `reference`)."""
    return list(
        Milestone.objects.filter(
            Q(completed_on__isnull=True) | Q(completed_on__gt=reference),
            due_date__gte=previous_day,
            due_date__lt=reference,
            archived=False,
            project__in=Project.objects.active(),
        )
        .select_related("project")
        .order_by("project__number", "due_date", "pk")
    )


def since_last_meeting(
    period: ReportingPeriod, *, previous: ReportingPeriod | None = None, today=None
) -> SinceLastMeeting:
    """What changed since the previous meeting (`previous`, looked up when not given): 8 queries, 1 for
    a first meeting."""
    previous = previous if previous is not None else previous_meeting(period)
    changes = SinceLastMeeting(period=period, previous=previous)
    if previous is None:
        return changes
    today = today or timezone.localdate()
    last_day = min(period.meeting_date, today)
    start = _midnight(previous.meeting_date + datetime.timedelta(days=1))
    end = _midnight(last_day + datetime.timedelta(days=1))
    changes.worsened, changes.improved = _light_changes(period, previous)
    changes.new_projects = list(
        Project.objects.not_archived()
        .filter(created_at__gte=start, created_at__lt=end)
        .select_related("leader")
        .order_by("number")
    )
    changes.finished, changes.phase_changes = _phase_changes(start, end)
    changes.decisions = list(
        Decision.objects.filter(decided_on__gt=previous.meeting_date, decided_on__lte=last_day)
        .select_related("body", "project", "meeting")
        .order_by("decided_on", "pk")
    )
    changes.slipped = _milestone_slips(start, end)
    changes.overdue = _newly_overdue(previous.meeting_date, last_day)
    return changes
