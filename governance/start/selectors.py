"""The start page's parts (/): one small read per role, each scoped to what the user answers for and a
fixed number of queries whatever the size of the portfolio.

Who sees which part is decided here (`start_roles`), from the user's memberships in force today and their
part in the projects (portfolio.roles). Rights follow the role (DESIGN.md): a body's chair and members
decide, so they see what awaits its decision; its secretary keeps its meetings, so she sees the next
meetings and the minutes not yet written; a project's leader and deputies report on it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse

from governance.board.selectors import submitted_report_for
from governance.models import ActionItem, Body, Idea, Meeting, Membership, ProjectRequest, SecurityReview
from portfolio.models import ACTIVE_PHASES, Project, Risk, StatusReport, User
from portfolio.prepared import PreparedQuery
from portfolio.selectors import my_projects

DECIDING_ROLES = (Membership.Role.CHAIR, Membership.Role.MEMBER)
# Bodies whose deciders look at the whole portfolio: their start page ends with the dashboard.
PORTFOLIO_BODIES = (Body.Kind.STEERING_GROUP, Body.Kind.PROGRAMME_GROUP)
# A risk this high (probability × consequence, the matrix's "Høj risiko") is one the leader reviews.
HIGH_RISK_SCORE = 12
MEETINGS_PER_BODY = 2
UPCOMING_MEETINGS_DAYS = 60
MINUTES_ROWS = 10
# The IT-security group's yearly tasks show this long before they are due.
SECURITY_REVIEW_NOTICE_DAYS = 90


@dataclass
class StartRoles:
    """The parts the user's start page shows."""

    leads: bool  # leader or deputy of an active project
    owns_benefits: bool
    deciding: list  # the bodies the user decides in (chair or permanent member), steering group first
    keeping: list  # the bodies the user is secretary of
    iod: bool  # scores IOD's ideas
    security: bool  # a member of the IT-security group

    @property
    def sees_dashboard(self) -> bool:
        """The steering and programme groups' deciders, and whoever has no part of their own."""
        return any(body.kind in PORTFOLIO_BODIES for body in self.deciding) or not self.has_parts

    @property
    def has_parts(self) -> bool:
        return bool(
            self.leads or self.owns_benefits or self.deciding or self.keeping or self.iod or self.security
        )


_BODY_ORDER = {kind: index for index, kind in enumerate(Body.Kind.values)}


def has_work_in_bodies(user, today: datetime.date) -> bool:
    """Whether the user sits in a body `today` or has an open action from a meeting: one query, asked
    before reading either (a reader has neither)."""
    return bool(_WORK_IN_BODIES.rows(user=user.pk, today=today))


def _work_in_bodies(*, user, today):
    sits = Membership.objects.active_on(today).filter(user=OuterRef("pk"), body__archived=False)
    acts = ActionItem.objects.filter(owner=OuterRef("pk"), done_on__isnull=True)
    return User.objects.filter(pk=user).filter(Exists(sits) | Exists(acts)).values_list("pk")[:1]


# Asked on every reader's start page (the cached dashboard's one question of its own): compiled once.
_WORK_IN_BODIES = PreparedQuery(_work_in_bodies, "user", dates=("today",))


def start_roles(user, portal_roles, today: datetime.date) -> StartRoles:
    """The user's roles, from `portal_roles` (portfolio.roles, read for the menu already) and the
    memberships in force `today`: one query."""
    memberships = list(
        Membership.objects.active_on(today).filter(user=user, body__archived=False).select_related("body")
    )
    deciding, keeping = {}, {}
    for membership in memberships:
        if membership.role in DECIDING_ROLES and membership.project_id is None:
            deciding[membership.body_id] = membership.body
        elif membership.role == Membership.Role.SECRETARY:
            keeping[membership.body_id] = membership.body

    def ordered(bodies):
        return sorted(bodies.values(), key=lambda body: (_BODY_ORDER.get(body.kind, 99), body.name))

    deciding_kinds = {body.kind for body in deciding.values()}
    return StartRoles(
        leads=portal_roles.leads_active,
        owns_benefits=portal_roles.owns_benefits,
        deciding=ordered(deciding),
        keeping=ordered(keeping),
        iod=Body.Kind.IOD in deciding_kinds,
        security=any(m.body.kind == Body.Kind.IT_SECURITY for m in memberships),
    )


# --- The project leader and deputy ---------------------------------------------------------------------


@dataclass
class LeaderWork:
    period: object  # the coming Project Board's ReportingPeriod, or None
    due: list  # active projects whose report for `period` is not submitted (report_state: missing/draft)
    drafts: list  # other drafts: corrections (`supersedes` set), and drafts for other meetings
    milestones: list  # open milestones due by the coming meeting, overdue ones included
    risks: list  # open high risks
    requests: list  # gate and change requests awaiting a decision
    project_count: int = 0
    today: datetime.date | None = None

    @property
    def days_left(self) -> int | None:
        """Days until the reporting deadline (negative: past it)."""
        if self.period is None or self.today is None:
            return None
        return (self.period.reporting_deadline - self.today).days

    @property
    def overdue_days(self) -> int | None:
        days = self.days_left
        return -days if days is not None and days < 0 else None


def _my_active_projects(user):
    led = Q(leader=user) | Q(deputies=user)
    return Project.objects.filter(led, archived=False, phase__in=ACTIVE_PHASES).values("pk")


def leader_work(user, period, today: datetime.date) -> LeaderWork:
    """The projects `user` leads or deputises for (active, not archived) and what is due on them: 6
    queries (the projects with their report states, their milestones, drafts, risks and requests)."""
    projects = [p for p in my_projects(user, period) if p.phase in ACTIVE_PHASES]
    due = []
    milestones = []
    for project in projects:
        if period is not None and not project.report_submitted:
            project.report_state = "draft" if project.report_draft else "missing"
            due.append(project)
        for milestone in project.due_milestones:
            milestone.project = project
            milestones.append(milestone)
    milestones.sort(key=lambda milestone: (milestone.due_date, milestone.pk))
    mine = _my_active_projects(user)
    drafts = list(
        StatusReport.objects.filter(project__in=mine, state=StatusReport.State.DRAFT)
        .select_related("project", "period", "supersedes")
        .order_by("period__meeting_date", "project__number")
    )
    # A draft for the coming meeting is already among `due` ("Fortsæt kladden"); a correction is not.
    drafts = [d for d in drafts if d.supersedes_id or period is None or d.period_id != period.pk]
    risks = list(
        Risk.objects.filter(project__in=mine, status=Risk.Status.OPEN)
        .annotate(score_value=F("probability") * F("consequence"))
        .filter(score_value__gte=HIGH_RISK_SCORE)
        .select_related("project", "owner")
        .order_by("-score_value", "project__number", "pk")
    )
    requests = list(
        ProjectRequest.objects.filter(project__in=mine, state=ProjectRequest.State.PENDING)
        .select_related("project", "body", "agenda_item__meeting")
        .order_by("requested_at", "pk")
    )
    return LeaderWork(
        period=period,
        due=due,
        drafts=drafts,
        milestones=milestones,
        risks=risks,
        requests=requests,
        project_count=len(projects),
        today=today,
    )


# --- Everyone: the actions meetings gave them ------------------------------------------------------------


def my_actions(user, today: datetime.date) -> list:
    """Open actions the bodies' meetings assigned to `user`, overdue first: one query."""
    actions = list(
        ActionItem.objects.filter(owner=user, done_on__isnull=True)
        .select_related("meeting__body", "agenda_item__project")
        .order_by("due_date", "pk")
    )
    for action in actions:
        action.overdue = action.due_date < today
        _with_url(action.meeting)
    return actions


# --- The secretary -------------------------------------------------------------------------------------


@dataclass
class SecretaryWork:
    bodies: list
    meetings: list  # the next meetings of the bodies (at most MEETINGS_PER_BODY each), with agenda_count
    unwritten: list  # held meetings without minutes, newest first (at most MINUTES_ROWS)
    unwritten_more: bool
    board_period: object = None  # the coming Project Board (when the user keeps the Project Board)
    missing_reports: int = 0  # active projects without a submitted report for it


def _with_url(meeting):
    """A Project Board meeting's page is its period's (/board/<pk>/); any other body's is the meeting's."""
    if meeting.reporting_period_id:
        meeting.url = reverse("governance:board-detail", args=[meeting.reporting_period_id])
    else:
        meeting.url = reverse("governance:meeting-detail", args=[meeting.pk])
    return meeting


def secretary_work(bodies, period, today: datetime.date) -> SecretaryWork:
    """The meetings the secretary of `bodies` keeps: the next ones with their agenda's state, the held ones
    whose minutes are not written, and for the Project Board the projects missing a report. 2 queries, and
    1 more for the Project Board."""
    horizon = today + datetime.timedelta(days=UPCOMING_MEETINGS_DAYS)
    upcoming = (
        Meeting.objects.filter(body__in=bodies, cancelled=False, date__gte=today, date__lte=horizon)
        .select_related("body")
        .annotate(agenda_count=Count("agenda_items"))
        .order_by("date", "pk")
    )
    per_body: dict[int, int] = {}
    meetings = []
    for meeting in upcoming:
        if per_body.get(meeting.body_id, 0) < MEETINGS_PER_BODY:
            per_body[meeting.body_id] = per_body.get(meeting.body_id, 0) + 1
            meetings.append(_with_url(meeting))
    unwritten = list(
        Meeting.objects.filter(body__in=bodies, cancelled=False, date__lt=today, minutes="")
        .select_related("body")
        .order_by("-date", "-pk")[: MINUTES_ROWS + 1]
    )
    work = SecretaryWork(
        bodies=bodies,
        meetings=meetings,
        unwritten=[_with_url(meeting) for meeting in unwritten[:MINUTES_ROWS]],
        unwritten_more=len(unwritten) > MINUTES_ROWS,
    )
    if period is not None and any(body.kind == Body.Kind.PROJECT_BOARD for body in bodies):
        work.board_period = period
        work.missing_reports = Project.objects.active().exclude(submitted_report_for(period)).count()
    return work


# --- IOD and the IT-security group ----------------------------------------------------------------------


def ideas_to_score(user) -> list:
    """Ideas proposed and not yet scored, oldest first, except the user's own (nobody scores their own
    idea): one query."""
    return list(
        Idea.objects.filter(status=Idea.Status.PROPOSED)
        .exclude(proposer=user)
        .select_related("proposer")
        .order_by("created_at", "pk")
    )


def security_reviews_due(today: datetime.date) -> list:
    """The IT-security group's yearly tasks not done and due within SECURITY_REVIEW_NOTICE_DAYS (overdue
    ones included), soonest first: one query."""
    notice = today + datetime.timedelta(days=SECURITY_REVIEW_NOTICE_DAYS)
    reviews = list(
        SecurityReview.objects.filter(completed_on__isnull=True, due_date__lte=notice).order_by(
            "due_date", "pk"
        )
    )
    for review in reviews:
        review.overdue = review.due_date < today
    return reviews
