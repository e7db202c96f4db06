"""Reads shared by governance's views and reports."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from focusareas.models import FocusArea
from governance.board.changes import SinceLastMeeting, previous_meeting, since_last_meeting
from governance.decisions.selectors import escalations_awaiting
from governance.lifecycle.selectors import request_stage
from governance.models import Body, Meeting, ProjectRequest, StatusReminder
from portfolio.lifecycle.selectors import ProjectSlip, plan_prefetches, slip_of
from portfolio.models import ACTIVE_PHASES, Light, Milestone, Project, ReportingPeriod, Risk, StatusReport
from portfolio.paging import count_of
from portfolio.selectors import TREND_TEXT, contract_watch, light_trend, risk_matrix

# How far ahead "before the next meeting" reaches when the calendar has no next period yet.
NEXT_MEETING_FALLBACK = datetime.timedelta(days=14)
TOP_RISKS = 3
# At most one status reminder a day per project, automatic and manual counted together (board/reminders.py).
REMINDER_INTERVAL = datetime.timedelta(days=1)

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
    since_last: SinceLastMeeting | None = None  # "Siden sidste møde"

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
    """Everything the Project Board report of `period` shows, in a fixed number of queries (10, and 6 to 8
    for "Siden sidste møde") whatever the size of the portfolio: the active projects with their newest
    submitted report for the period and for the period before (for the trend), people, focus areas,
    milestones due before the next meeting, the plan's slip against the baseline, the open risks' heat
    map and the top ones; counts by overall light and by focus area of the current strategy period; the
    projects missing a report; the decisions requested of the board; what changed since the previous
    meeting (changes.since_last_meeting)."""
    previous_period = previous_meeting(period)
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
        # From today, not the meeting: a notice deadline that falls before the meeting is the most urgent.
        contract_watch=contract_watch(
            today=min(timezone.localdate(), period.meeting_date),
            months=CONTRACT_WATCH_MONTHS,
            horizon_from=period.meeting_date,
        ),
        since_last=since_last_meeting(period, previous=previous_period),
    )


# --- The meeting's page: what the board's secretary prepares ------------------------------------------


def submitted_report_for(period: ReportingPeriod):
    """Exists: the project (OuterRef "pk") has a submitted report for `period`. The rule of "missing" that
    the page, the reminders and the board report share."""
    return Exists(
        StatusReport.objects.filter(project=OuterRef("pk"), period=period, state=StatusReport.State.SUBMITTED)
    )


@dataclass
class MissingReport:
    """An active project with no submitted report for the period, and the reminders sent about it."""

    project: Project
    reminders: list[StatusReminder]  # for this period, newest first

    @property
    def last_reminder(self) -> StatusReminder | None:
        return self.reminders[0] if self.reminders else None

    def next_reminder_at(self, now):
        """When the next reminder may be sent, if that is after `now` (REMINDER_INTERVAL after
        this period's last one); else None. The service still checks every period."""
        last = self.last_reminder
        if last is None or last.sent_at + REMINDER_INTERVAL <= now:
            return None
        return last.sent_at + REMINDER_INTERVAL

    @property
    def recipients(self) -> list:
        """Whom a reminder goes to: the leader and the deputies."""
        leader = [self.project.leader] if self.project.leader_id else []
        return leader + [d for d in self.project.deputies.all() if d.pk != self.project.leader_id]


def missing_projects(period: ReportingPeriod):
    """The active projects that must report for `period` and have not (a draft is not a report): the
    rule of submitted_report_for, as NOT IN the period's submitted reports (a subquery that refers to
    nothing outside it, read once from the (period, state, project) index) rather than a probe of the
    reports for every active project."""
    submitted = StatusReport.objects.filter(period=period, state=StatusReport.State.SUBMITTED)
    return Project.objects.active().exclude(pk__in=submitted.values("project_id"))


def missing_reports(period: ReportingPeriod, limit: int | None = None) -> tuple[list[MissingReport], int]:
    """missing_projects() by number, the first `limit` of them when given, with leader, deputies and the
    period's reminders, and how many there are in all (counted in the same query, portfolio.paging.count_of:
    the days before a deadline, most of the portfolio is missing): 4 queries."""
    people = get_user_model().objects.order_by("first_name", "last_name", "username")
    reminders = (
        StatusReminder.objects.filter(period=period)
        .select_related("recipient", "sent_by")
        .prefetch_related(Prefetch("also_to", queryset=people))
        .order_by("-sent_at", "-pk")
    )
    missing = missing_projects(period)
    projects = (
        missing.annotate(total=count_of(missing))
        .select_related("leader")
        .prefetch_related(
            Prefetch("deputies", queryset=people),
            Prefetch("status_reminders", queryset=reminders, to_attr="period_reminders"),
        )
        .order_by("number")
    )[:limit]
    rows = [MissingReport(project=p, reminders=p.period_reminders) for p in projects]
    return rows, rows[0].project.total if rows else 0


def decisions_requested(period: ReportingPeriod) -> list[StatusReport]:
    """The period's submitted reports (the current version of each) of active projects that ask the
    board for a decision, by project number."""
    return list(
        StatusReport.objects.filter(
            period=period,
            state=StatusReport.State.SUBMITTED,
            project__archived=False,
            project__phase__in=ACTIVE_PHASES,
        )
        .exclude(superseded_by__state=StatusReport.State.SUBMITTED)
        # The empty text first: most reports ask for nothing, and SQLite's regex is a Python call per row.
        .exclude(decisions_needed="")
        .exclude(decisions_needed__regex=r"^\s*$")
        .select_related("project", "project__leader")
        .order_by("project__number", "-version")
    )


def project_board() -> Body | None:
    return Body.objects.filter(kind=Body.Kind.PROJECT_BOARD, archived=False).order_by("pk").first()


def escalations_to_board(board: Body | None) -> list:
    """Escalations to the Project Board that no decision of it has answered yet."""
    if board is None:
        return []
    return list(
        escalations_awaiting(board).select_related("body", "project", "meeting").order_by("decided_on", "pk")
    )


def meeting_requests(meeting: Meeting | None) -> list[ProjectRequest]:
    """Gate and change requests on this meeting's agenda (answered or not), and every request still
    awaiting a decision of any body (with the meeting it is set for), so the board sees what its
    projects wait for. By project number."""
    wanted = Q(state=ProjectRequest.State.PENDING, project__archived=False)
    if meeting is not None:
        wanted |= Q(agenda_item__meeting=meeting)
    requests = list(
        ProjectRequest.objects.filter(wanted)
        .select_related("project", "body", "agenda_item__meeting", "decision")
        .order_by("project__number", "requested_at", "pk")
    )
    for project_request in requests:
        project_request.stage = request_stage(project_request)
        project_request.on_this_meeting = meeting is not None and project_request.stage.meeting == meeting
    return requests
