"""The API's reads of governance: the browser's rules (anyone signed in reads the bodies, their meetings and
decisions, and the plans), with what a flat export needs joined in."""

from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.utils import timezone

from governance.decisions.selectors import decision_log
from governance.models import AgendaItem, AnnualPlan, Body, Meeting, Membership
from portfolio.models import User

# The body page's order of its members: chair, secretary, members, each by name.
ROLE_RANK = Case(
    When(role=Membership.Role.CHAIR, then=Value(0)),
    When(role=Membership.Role.SECRETARY, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def decisions_for_api(user):
    """The decision log (its page's rows and `answered`), newest first."""
    if not user.is_authenticated:
        return decision_log().none()
    return decision_log().select_related("agenda_item").order_by("-decided_on", "-pk")


def plans_for_api(user):
    """The approved versions of the indsatsplan only: what the steering group approved (their items are the
    snapshot frozen on approval, in the row), newest year and version first."""
    if not user.is_authenticated:
        return AnnualPlan.objects.none()
    return (
        AnnualPlan.objects.filter(status=AnnualPlan.Status.APPROVED)
        .select_related("superseded_by")
        .order_by("-year", "-version")
    )


def bodies_for_api(user, *, archived=False):
    """The bodies with their members today in the body page's order; `archived=False`: those the bodies
    page lists (an archived body is still found by its id, as by its address in the browser)."""
    if not user.is_authenticated:
        return Body.objects.none()
    members = (
        Membership.objects.active_on(timezone.localdate())
        .select_related("user", "project")
        .annotate(role_rank=ROLE_RANK)
        .order_by("role_rank", "user__first_name", "user__last_name", "pk")
    )
    bodies = Body.objects.select_related("escalates_to").prefetch_related(
        Prefetch("memberships", queryset=members, to_attr="current_members")
    )
    if not archived:
        bodies = bodies.filter(archived=False)
    return bodies.order_by("name")


def meetings_for_api(user):
    """Every meeting (cancelled ones too, marked) with its body, agenda and who attended; newest first."""
    if not user.is_authenticated:
        return Meeting.objects.none()
    agenda = AgendaItem.objects.select_related("project").order_by("order", "pk")
    attendees = User.objects.order_by("first_name", "last_name", "pk")
    return (
        Meeting.objects.select_related("body")
        .prefetch_related(
            Prefetch("agenda_items", queryset=agenda), Prefetch("attendees", queryset=attendees)
        )
        .order_by("-date", "-pk")
    )
