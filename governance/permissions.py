"""Who may do what in governance, decided in one place. Rights follow the role a person holds in a
body, as the organisation addendum of the strategy (seed 000, section 6) gives them:

- the body above appoints: a body's members are managed by the chair or secretary of the body it
  answers to (`escalates_to`), and by admins; the programme group's own chair and secretary manage
  its members for a project's lifetime; nobody changes their own membership;
- a body decides through its chair and its members (a member for a project's lifetime only on that
  project's matters); its secretary keeps meetings, agendas and minutes and writes down the body's
  ordinary decisions from a held meeting, but gives no decision: no gate, escalation, priority,
  funding or approval;
- nobody decides their own proposal.

Admins appoint and keep meetings (they run the installation), but decide nothing for a body: a
decision is given by its chair or a member with their own login.
"""

from django.db.models import Q
from django.utils import timezone

from governance.models import AnnualPlan, Body, Decision, Idea, Membership, ProjectRequest
from portfolio.permissions import user_can
from portfolio.prepared import PreparedQuery

GENERATE_BOARD_REPORT = "governance.add_boardreport"
# A secretary of one of these bodies prepares the Project Board's papers.
BOARD_REPORT_SECRETARY_BODIES = (
    Body.Kind.PROGRAMME_GROUP,
    Body.Kind.STEERING_GROUP,
    Body.Kind.PROJECT_BOARD,
)
DECIDING_ROLES = (Membership.Role.CHAIR, Membership.Role.MEMBER)
KEEPING_ROLES = (Membership.Role.CHAIR, Membership.Role.SECRETARY)


def _signed_in(user) -> bool:
    return user.is_authenticated and user.is_active


def _memberships(user, today=None):
    """The user's memberships in force today, in bodies still in use."""
    return Membership.objects.active_on(today or timezone.localdate()).filter(user=user, body__archived=False)


def _deciding(user, *, project=None, today=None):
    """The memberships through which `user` decides: chair or member, permanent, or for the lifetime of
    `project` when the matter is that project's."""
    lifetime = Q(project__isnull=True) if project is None else Q(project__isnull=True) | Q(project=project)
    return _memberships(user, today).filter(lifetime, role__in=DECIDING_ROLES)


def _keeping(user, body) -> bool:
    return _memberships(user).filter(body=body, role__in=KEEPING_ROLES).exists()


# --- appointing members ---------------------------------------------------------------------------------


def can_appoint(user, body, *, project=None) -> bool:
    """May `user` add, change or end a membership of `body` (one for `project`'s lifetime when given)?
    Whether it is the user's own membership is the service's check (membership_start/_end)."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    if body.escalates_to_id is not None and _keeping(user, body.escalates_to_id):
        return True
    return project is not None and body.kind == Body.Kind.PROGRAMME_GROUP and _keeping(user, body)


def can_manage_members(user, body) -> bool:
    """Does `user` appoint any of `body`'s members (the members page and its buttons)?"""
    return can_appoint(user, body) or (
        _signed_in(user) and body.kind == Body.Kind.PROGRAMME_GROUP and _keeping(user, body)
    )


# --- meetings -------------------------------------------------------------------------------------------


def can_read_minutes(user) -> bool:
    """A meeting's minutes: anyone signed in reads them, as everything else of the bodies (an open
    municipality). The meeting's page, its minutes as PDF and the API (api/governance/) ask here."""
    return _signed_in(user)


def can_keep_meetings(user, body) -> bool:
    """Meetings, agendas, attendance and minutes: the body's own chair and secretary, and admins."""
    if not _signed_in(user):
        return False
    return user.is_superuser or _keeping(user, body)


def can_generate_board_report(user) -> bool:
    """The programme group (its group carries governance.add_boardreport) and the secretaries of the
    programme group, the steering group and the Project Board may generate a meeting's status report."""
    if not _signed_in(user):
        return False
    if user.has_perm(GENERATE_BOARD_REPORT):
        return True
    return (
        _memberships(user)
        .filter(role=Membership.Role.SECRETARY, body__kind__in=BOARD_REPORT_SECRETARY_BODIES)
        .exists()
    )


def can_see_data_quality(user) -> bool:
    """Datakvalitet (/data-quality/): the same people as prepare the Project Board's papers
    (can_generate_board_report): the programme group's chair and permanent members (its group's rights),
    admins, and the secretaries of the programme group, the steering group and the Project Board, who chase
    the missing reports. A member for a project's lifetime only, or anyone else, is refused."""
    return can_generate_board_report(user)


# --- decisions ------------------------------------------------------------------------------------------


def can_decide_for(user, body, *, project=None) -> bool:
    """May `user` give a decision of `body` (about `project`, when it concerns one)?"""
    if not _signed_in(user) or body is None:
        return False
    return _deciding(user, project=project).filter(body=body).exists()


def can_record_decision(user, body, *, kind, project=None) -> bool:
    """Writing a decision of `body` down: its deciders, and its secretary for ordinary decisions."""
    if can_decide_for(user, body, project=project):
        return True
    return (
        _signed_in(user)
        and kind == Decision.Kind.ORDINARY
        and _memberships(user).filter(body=body, role=Membership.Role.SECRETARY).exists()
    )


def can_open_decision_form(user, body) -> bool:
    """The form to record a decision of `body`: anyone who may record some decision of it."""
    if not _signed_in(user):
        return False
    return (
        _memberships(user).filter(body=body, role__in=(*DECIDING_ROLES, Membership.Role.SECRETARY)).exists()
    )


def is_own_escalation(user, decision: Decision) -> bool:
    """Whoever recorded an escalation neither answers it nor passes it on."""
    return decision.recorded_by_id is not None and decision.recorded_by_id == user.pk


# --- A project's requests to its bodies (gate, change of course) ------------------------------------------
#
# Those who keep a project (change_project on it: its leader and deputies, the programme group's permanent
# members) ask for its next gate or a change of course; the deciding body's chair or a member answers, at a
# held meeting, unless they asked themselves; its secretary and admins answer nothing.


def can_request_for(user, project, *, may_edit: bool | None = None) -> bool:
    """May `user` ask a body on `project`'s behalf? `may_edit`: whether the user holds change_project on
    the project, when the page has looked it up already (portfolio.permissions.user_perms_on)."""
    if not _signed_in(user) or project is None:
        return False
    if may_edit is None:
        may_edit = user_can(user, "portfolio.change_project", project)
    return bool(may_edit)


def is_own_request(user, project_request: ProjectRequest) -> bool:
    """Whoever asked does not answer (nobody decides their own proposal); only they withdraw."""
    return project_request.requested_by_id is not None and project_request.requested_by_id == user.pk


def can_answer_request(user, project_request: ProjectRequest) -> bool:
    """The deciding body's chair or a member (for the project's lifetime, too), never the requester."""
    if not _signed_in(user) or is_own_request(user, project_request):
        return False
    return can_decide_for(user, project_request.body, project=project_request.project)


# --- A project's closing and stop (governance.lifecycle.closing) ----------------------------------------
#
# The programme group accepts a closing report (or sends it back) through its chair or a member, never one
# who wrote or sent the report (`writers`, from the report's history); the programme group's or the
# steering group's chair or a member stops an active project.

STOPPING_BODIES = (Body.Kind.PROGRAMME_GROUP, Body.Kind.STEERING_GROUP)


def can_decide_closing(user, programme_group, report, *, writers=()) -> bool:
    if report is None or not can_decide_for(user, programme_group, project=report.project):
        return False
    return user.pk not in set(writers)


def can_stop_project(user, project) -> bool:
    if not _signed_in(user) or project is None or project.is_finished:
        return False
    return bool(_STOPPING.rows(user=user.pk, project=project.pk, today=timezone.localdate()))


def _stopping(*, user, project, today):
    deciding = _deciding(user, project=project, today=today)
    return deciding.filter(body__kind__in=STOPPING_BODIES).values_list("pk")[:1]


# Asked on every view of an active project's page: compiled once (portfolio.prepared).
_STOPPING = PreparedQuery(_stopping, "user", "project", dates=("today",))


# --- IOD's ideas and the IT-security group --------------------------------------------------------------
#
# Anyone logged in may propose an idea (innovation comes from the whole organisation); IOD's members
# (governance.change_idea, carried by IOD's group) score it, and they and the programme group's members
# edit or reject it; the steering group's chair and members fund it; the steering group or the programme
# group (portfolio.add_project) turns a funded idea into an IOD project. Nobody scores or funds their own.


def is_own_idea(user, idea: Idea | None) -> bool:
    return idea is not None and idea.proposer_id == user.pk


def can_score_idea(user, idea: Idea | None = None) -> bool:
    return _signed_in(user) and user.has_perm("governance.change_idea") and not is_own_idea(user, idea)


def can_manage_ideas(user) -> bool:
    """Edit and reject ideas: IOD and the programme group's members."""
    if not _signed_in(user):
        return False
    return user.has_perm("governance.change_idea") or (
        _deciding(user).filter(body__kind=Body.Kind.PROGRAMME_GROUP).exists()
    )


def can_fund_idea(user, idea: Idea | None = None) -> bool:
    if not _signed_in(user) or is_own_idea(user, idea):
        return False
    return _deciding(user).filter(body__kind=Body.Kind.STEERING_GROUP).exists()


def can_make_idea_project(user) -> bool:
    if not _signed_in(user):
        return False
    return can_fund_idea(user) or user.has_perm("portfolio.add_project")


def can_record_security_review(user) -> bool:
    return _signed_in(user) and user.has_perm("governance.change_securityreview")


# --- The annual indsatsplan -----------------------------------------------------------------------------
#
# The programme group (its group carries governance.change_annualplan) drafts, ranks and submits the plan;
# the steering group's chair and members approve it or send it back, unless they drafted or submitted it;
# anyone logged in reads it. The PDF: the programme group, the steering group and any body's secretary.


def can_edit_plan(user) -> bool:
    return _signed_in(user) and user.has_perm("governance.change_annualplan")


def plan_proposers(plan: AnnualPlan) -> set[int]:
    """Who drafted or submitted `plan`: its creator and whoever sent it for approval (from its history)."""
    submitters = plan.history.filter(status=AnnualPlan.Status.SUBMITTED).values_list(
        "history_user_id", flat=True
    )
    return {pk for pk in (plan.created_by_id, *submitters) if pk is not None}


def is_own_plan(user, plan: AnnualPlan | None) -> bool:
    return plan is not None and user.pk in plan_proposers(plan)


def can_approve_plan(user, plan: AnnualPlan | None = None) -> bool:
    if not _signed_in(user):
        return False
    if not _deciding(user).filter(body__kind=Body.Kind.STEERING_GROUP).exists():
        return False
    return not is_own_plan(user, plan)


def can_export_plan(user) -> bool:
    if not _signed_in(user):
        return False
    if can_edit_plan(user) or can_approve_plan(user):
        return True
    return _memberships(user).filter(role=Membership.Role.SECRETARY).exists()
