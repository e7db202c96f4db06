"""Who may do what in governance, decided in one place."""

from django.utils import timezone

from governance.models import Body, Membership

GENERATE_BOARD_REPORT = "governance.add_boardreport"
# A secretary of one of these bodies prepares the Project Board's papers.
BOARD_REPORT_SECRETARY_BODIES = (
    Body.Kind.PROGRAMME_GROUP,
    Body.Kind.STEERING_GROUP,
    Body.Kind.PROJECT_BOARD,
)


def can_generate_board_report(user) -> bool:
    """The programme group (its group carries governance.add_boardreport) and the secretaries of the
    programme group, the steering group and the Project Board may generate a meeting's status report."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm(GENERATE_BOARD_REPORT):
        return True
    return (
        Membership.objects.active_on(timezone.localdate())
        .filter(
            user=user,
            role=Membership.Role.SECRETARY,
            body__kind__in=BOARD_REPORT_SECRETARY_BODIES,
            body__archived=False,
        )
        .exists()
    )


def can_manage_body(user, body) -> bool:
    """Who manages a body's members and meetings: admins and the programme group's active members for
    every body, and the body's own active chair or secretary for that body. One query."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    from django.db.models import Q

    return (
        Membership.objects.active_on(timezone.localdate())
        .filter(user=user, body__archived=False)
        .filter(
            Q(body__kind=Body.Kind.PROGRAMME_GROUP)
            | Q(body=body, role__in=[Membership.Role.CHAIR, Membership.Role.SECRETARY])
        )
        .exists()
    )


# --- Decisions, escalation, phase gates, IOD ideas and the IT-security group (issue 6) --------------
#
# Recording a decision: an active member of the body that decided (any role: in practice the secretary
# writes it down), or, recording on the body's behalf, an active member of the programme group (it keeps
# the portfolio and the decision log) or an admin. Another body's members and readers may not.
# IOD: anyone logged in may propose an idea (innovation comes from the whole organisation); IOD's members
# (governance.change_idea) score it, and they and the programme group edit or reject it; the steering
# group (an active member, or an admin) funds it; the steering group or the programme group
# (portfolio.add_project) turns a funded idea into an IOD project.
# IT-security tasks: the IT-security group (governance.change_securityreview) records them.


def _active_member_of(user, *, body=None, kind=None) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    memberships = Membership.objects.active_on(timezone.localdate()).filter(user=user, body__archived=False)
    if body is not None:
        memberships = memberships.filter(body=body)
    if kind is not None:
        memberships = memberships.filter(body__kind=kind)
    return memberships.exists()


def can_decide_for(user, body) -> bool:
    """May `user` record a decision of `body`?"""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return _active_member_of(user, body=body) or _active_member_of(user, kind=Body.Kind.PROGRAMME_GROUP)


def can_score_idea(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("governance.change_idea")


def can_manage_ideas(user) -> bool:
    """Edit and reject ideas: IOD and the programme group."""
    return (
        can_score_idea(user)
        or _active_member_of(user, kind=Body.Kind.PROGRAMME_GROUP)
        or (user.is_authenticated and user.is_superuser)
    )


def can_fund_idea(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or _active_member_of(user, kind=Body.Kind.STEERING_GROUP)


def can_make_idea_project(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return can_fund_idea(user) or user.has_perm("portfolio.add_project")


def can_record_security_review(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("governance.change_securityreview")


# --- The annual indsatsplan (issue 7) ------------------------------------------------------------------
#
# The programme group (its group carries governance.change_annualplan) drafts, ranks and submits the plan;
# the steering group's active members (or an admin) approve it or send it back; anyone logged in reads it.
# The PDF: the programme group, the steering group and the secretaries of any body.


def can_edit_plan(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("governance.change_annualplan")


def can_approve_plan(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or _active_member_of(user, kind=Body.Kind.STEERING_GROUP)


def can_export_plan(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if can_edit_plan(user) or can_approve_plan(user):
        return True
    return (
        Membership.objects.active_on(timezone.localdate())
        .filter(user=user, role=Membership.Role.SECRETARY, body__archived=False)
        .exists()
    )
