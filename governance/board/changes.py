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

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    RowRange,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from governance.dashboard.selectors import cached_value
from governance.models import Decision
from portfolio.models import (
    ACTIVE_PHASES,
    FINISHED_PHASES,
    Light,
    Milestone,
    Phase,
    Project,
    ReportingPeriod,
    StatusReport,
)
from portfolio.paging import count_of
from portfolio.selectors import LIGHT_RANK


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
    # {category: how many in all}: a list may hold only the first of them (since_last_meeting's `limit`).
    totals: dict[str, int] = field(default_factory=dict)

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


RATED = list(LIGHT_RANK)
# A window's frame of every row of its partition, so a count ordered as the row numbers shares their sort.
WHOLE_PARTITION = RowRange(start=None, end=None)
# What a light change shows of its two reports (in the models' field order, as Model.from_db takes them);
# any other field is read when asked for (deferred).
SHOWN_FIELDS = ["id", "project_id", "period_id", "state", "overall"]


def _newer_submitted(period, version):
    """The submitted reports for `period` of the row's project (OuterRef "project") newer than the row's
    `version` (an OuterRef name)."""
    return StatusReport.objects.filter(
        project=OuterRef("project"),
        period=period,
        state=StatusReport.State.SUBMITTED,
        version__gt=OuterRef(version),
    )


def _light_changes(period, previous, limit) -> tuple[list[LightChange], list[LightChange], int, int]:
    """The worsened and improved overall lights (at most `limit` of each, by project number) and how many
    of each in all, compared in SQL: one query whatever the size of the portfolio. The report before is a
    join (read once a row, not a subquery per use), and the rows are narrow (only what a change shows,
    the rest deferred), as the window functions sort every changed row. Both windows are one sort (the
    count over the whole partition, in the same order), and the query has no ORDER BY of its own, which
    would sort the changed rows twice more: the rows come back in the database's order of project numbers
    as `shown` says, and are put in it here."""
    submitted = StatusReport.State.SUBMITTED
    # Both lights rated and different: worse is red now, or yellow after green (light_trend in SQL).
    worse = Q(overall=Light.RED) | Q(overall=Light.YELLOW, before_overall=Light.GREEN)
    by_number = F("project__number").asc()
    changed = (
        StatusReport.objects.filter(
            state=submitted, period=period, project__in=Project.objects.active(), overall__in=RATED
        )
        .alias(
            before=FilteredRelation(
                "project__status_reports",
                condition=Q(
                    project__status_reports__period=previous, project__status_reports__state=submitted
                ),
            )
        )
        .annotate(
            before_pk=F("before__pk"),
            before_overall=F("before__overall"),
            before_version=F("before__version"),
        )
        .filter(before_overall__in=RATED)
        .exclude(overall=F("before_overall"))
        # The newest submitted version for each of the two periods.
        .exclude(Exists(_newer_submitted(period, "version")))
        .exclude(Exists(_newer_submitted(previous, "before_version")))
        .annotate(worse=Case(When(worse, then=Value(1)), default=Value(0)))
        .annotate(
            shown=Window(RowNumber(), partition_by=F("worse"), order_by=by_number),
            total=Window(Count("pk"), partition_by=F("worse"), order_by=by_number, frame=WHOLE_PARTITION),
        )
        .select_related("project")
        .only(*SHOWN_FIELDS, "project__number", "project__name")
        .order_by()
    )
    if limit is not None:
        changed = changed.filter(shown__lte=limit)
    worsened, improved, totals = [], [], {0: 0, 1: 0}
    for after in changed:
        values = [after.before_pk, after.project_id, previous.pk, after.state, after.before_overall]
        before_report = StatusReport.from_db(changed.db, SHOWN_FIELDS, values)
        trend = "worse" if after.worse else "better"
        change = LightChange(project=after.project, before=before_report, after=after, trend=trend)
        (worsened if after.worse else improved).append(change)
        totals[after.worse] = after.total
    worsened.sort(key=lambda change: change.after.shown)
    improved.sort(key=lambda change: change.after.shown)
    return worsened, improved, totals[1], totals[0]


def _cached_light_changes(period, previous, limit):
    """_light_changes() for the meeting's page (a `limit`), cached under the dashboard's token: it reads
    only submitted status reports and projects, whose every write replaces the token, so it is never stale.
    At 5,000 projects its sort of every changed light is most of the page's time; the report (no limit,
    every change) is laid out in a worker and reads it anew."""
    if limit is None:
        return _light_changes(period, previous, limit)
    return cached_value(
        name="board-light-changes",
        key_parts=[period.pk, previous.pk, limit],
        compute=lambda: _light_changes(period, previous, limit),
    )


def _first(queryset, limit) -> tuple[list, int]:
    """The first `limit` rows of the ordered queryset (all when None) and how many in all, in one query
    (the count: portfolio.paging.count_of)."""
    if limit is None:
        rows = list(queryset)
        return rows, len(rows)
    rows = list(queryset.annotate(since_last_total=count_of(queryset))[:limit])
    return rows, rows[0].since_last_total if rows else 0


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


def _newly_overdue(previous_day: datetime.date, reference: datetime.date):
    """Open milestones due after the previous meeting and before `reference` (overdue at `reference`)."""
    return (
        Milestone.objects.filter(
            Q(completed_on__isnull=True) | Q(completed_on__gt=reference),
            due_date__gte=previous_day,
            due_date__lt=reference,
            archived=False,
            # The active projects as a join, not IN (a subquery): so SQLite ranges over the due-date index.
            project__archived=False,
            project__phase__in=ACTIVE_PHASES,
        )
        .select_related("project")
        .order_by("project__number", "due_date", "pk")
    )


def since_last_meeting(
    period: ReportingPeriod, *, previous: ReportingPeriod | None = None, today=None, limit: int | None = None
) -> SinceLastMeeting:
    """What changed since the previous meeting (`previous`, looked up when not given): 7 queries and 1 more
    each when a project's phase or a milestone's date changed in between, 1 for a first meeting. With a
    `limit`, each category lists at most that many (the page; `totals` counts them all); the board report
    lists every one."""
    previous = previous if previous is not None else previous_meeting(period)
    changes = SinceLastMeeting(period=period, previous=previous)
    if previous is None:
        return changes
    today = today or timezone.localdate()
    last_day = min(period.meeting_date, today)
    start = _midnight(previous.meeting_date + datetime.timedelta(days=1))
    end = _midnight(last_day + datetime.timedelta(days=1))
    totals = changes.totals
    changes.worsened, changes.improved, totals["worsened"], totals["improved"] = _cached_light_changes(
        period, previous, limit
    )
    changes.new_projects, totals["new_projects"] = _first(
        Project.objects.not_archived()
        .filter(created_at__gte=start, created_at__lt=end)
        .select_related("leader")
        .order_by("number"),
        limit,
    )
    finished, phase_changes = _phase_changes(start, end)
    changes.decisions, totals["decisions"] = _first(
        Decision.objects.filter(decided_on__gt=previous.meeting_date, decided_on__lte=last_day)
        .select_related("body", "project", "meeting")
        .order_by("decided_on", "pk"),
        limit,
    )
    slipped = _milestone_slips(start, end)
    changes.overdue, totals["overdue"] = _first(_newly_overdue(previous.meeting_date, last_day), limit)
    # Read whole (each of them changed in the window), so only cut to the limit here.
    for name, items in (("finished", finished), ("phase_changes", phase_changes), ("slipped", slipped)):
        totals[name] = len(items)
        setattr(changes, name, items[:limit])
    return changes
