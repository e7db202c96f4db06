"""The governance bodies (/governance/): every body with its mandate, members and meetings, and the
membership management of those who appoint to a body (permissions.can_manage_members: the body above)."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from governance.bodies import services
from governance.bodies.forms import MembershipAddForm, MembershipEndForm
from governance.models import Body, Decision, Meeting, Membership
from governance.permissions import can_keep_meetings, can_manage_members, can_see_data_quality
from portfolio.dates import danish_date
from portfolio.forms import REFUSED, form_service
from portfolio.history import history_entries

# Bodies top-down, as the organisation escalates: direktion first, the project groups last.
KIND_ORDER = [
    Body.Kind.DIREKTION,
    Body.Kind.STEERING_GROUP,
    Body.Kind.PROGRAMME_GROUP,
    Body.Kind.PROJECT_BOARD,
    Body.Kind.IOD,
    Body.Kind.IT_SECURITY,
    Body.Kind.LOCAL_ORGANISATION,
    Body.Kind.CROSS_PROJECT_GROUP,
]
UPCOMING_MEETINGS = 10
PAST_MEETINGS_PER_PAGE = 20
RECENT_DECISIONS = 10
FORMER_MEMBERS = 20
HISTORY_LIMIT = 20
LEADING_ROLES = [Membership.Role.CHAIR, Membership.Role.SECRETARY]


# --- reads these pages need (only used here) ---------------------------------------------------------


def _active_member_filter(today):
    return Q(memberships__start_date__lte=today) & (
        Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gt=today)
    )


def _escalation_chain(body_id, by_id) -> list:
    """The bodies `body_id` escalates to, nearest first, from an id → body map (no queries)."""
    chain, seen = [], {body_id}
    current = by_id.get(body_id)
    while current is not None and current.escalates_to_id and current.escalates_to_id not in seen:
        seen.add(current.escalates_to_id)
        current = by_id.get(current.escalates_to_id)
        if current is None:
            break
        chain.append(current)
    return chain


def _kind_rank(body) -> tuple:
    return (KIND_ORDER.index(body.kind) if body.kind in KIND_ORDER else len(KIND_ORDER), body.name)


def bodies_overview(today):
    """Every body not archived with its active member count, chair and secretary, next meeting and
    escalation chain: three queries whatever the number of bodies, members and meetings."""
    next_meeting = Meeting.objects.filter(body=OuterRef("pk"), date__gte=today, cancelled=False).order_by(
        "date", "pk"
    )
    leaders = Membership.objects.active_on(today).filter(role__in=LEADING_ROLES).select_related("user")
    bodies = list(
        Body.objects.filter(archived=False)
        .annotate(
            member_count=Count("memberships__user", filter=_active_member_filter(today), distinct=True),
            next_meeting_date=Subquery(next_meeting.values("date")[:1]),
            next_meeting_pk=Subquery(next_meeting.values("pk")[:1]),
        )
        .prefetch_related(
            Prefetch("memberships", queryset=leaders.order_by("role", "user__first_name"), to_attr="leaders")
        )
    )
    by_id = {body.pk: body for body in bodies}
    for body in bodies:
        body.chain = _escalation_chain(body.pk, by_id)
        body.chairs = [m for m in body.leaders if m.role == Membership.Role.CHAIR]
        body.secretaries = [m for m in body.leaders if m.role == Membership.Role.SECRETARY]
    bodies.sort(key=_kind_rank)
    return bodies


def _meetings_with_counts(body):
    return body.meetings.annotate(
        agenda_count=Count("agenda_items", distinct=True), decision_count=Count("decisions", distinct=True)
    )


@dataclass
class Change:
    when: object
    who: object
    action: str
    what: str


def membership_changes(body, limit=HISTORY_LIMIT) -> list[Change]:
    """Who joined and left the body, from the memberships' history: one query."""
    records = (
        Membership.history.filter(body_id=body.pk)
        .select_related("history_user", "user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    changes = []
    for record in records:
        role = (
            Membership.Role(record.role).label.lower()
            if record.role in Membership.Role.values
            else record.role
        )
        person = record.user if record.user_id else "(ukendt)"
        if record.history_type == "+":
            action, what = "Medlem tilføjet", f"{person} som {role} fra {danish_date(record.start_date)}"
        elif record.history_type == "-":
            action, what = "Medlemskab slettet", f"{person} ({role})"
        elif record.end_date:
            action, what = "Medlemskab afsluttet", f"{person} ({role}) ophører {danish_date(record.end_date)}"
        else:
            action, what = "Medlemskab ændret", f"{person} ({role})"
        changes.append(Change(record.history_date, record.history_user, action, what))
    return changes


def body_changes(body) -> list[Change]:
    """The body's own history (its mandate, composition, …) and its memberships', newest first."""
    own = [
        Change(entry.when, entry.who, f"Organ {entry.action.lower()}", ", ".join(entry.changed))
        for entry in history_entries(body.history.all(), limit=HISTORY_LIMIT)
    ]
    return sorted(own + membership_changes(body), key=lambda change: change.when, reverse=True)[
        :HISTORY_LIMIT
    ]


def _body(slug) -> Body:
    return get_object_or_404(Body.objects.select_related("escalates_to"), slug=slug)


def _require_manager(user, body) -> None:
    if not can_manage_members(user, body):
        raise PermissionDenied


# --- pages ---------------------------------------------------------------------------------------------


@require_safe
def body_list(request):
    today = timezone.localdate()
    context = {
        "bodies": bodies_overview(today),
        "today": today,
        "can_see_data_quality": can_see_data_quality(request.user),
    }
    return render(request, "governance/body_list.html", context)


@require_safe
def body_detail(request, slug):
    body = _body(slug)
    today = timezone.localdate()
    by_id = {b.pk: b for b in Body.objects.only("pk", "name", "slug", "escalates_to_id", "kind")}
    members = list(
        Membership.objects.active_on(today)
        .filter(body=body)
        .select_related("user", "project")
        .order_by("role", "user__first_name", "user__last_name")
    )
    role_rank = {Membership.Role.CHAIR: 0, Membership.Role.SECRETARY: 1, Membership.Role.MEMBER: 2}
    members.sort(key=lambda m: (role_rank.get(m.role, 3), m.user.first_name, m.user.last_name))
    former = list(
        Membership.objects.filter(body=body, end_date__lte=today)
        .select_related("user", "project")
        .order_by("-end_date", "-pk")[:FORMER_MEMBERS]
    )
    future = list(
        Membership.objects.filter(body=body, start_date__gt=today).select_related("user", "project")
    )
    upcoming = list(
        _meetings_with_counts(body).filter(date__gte=today).order_by("date", "pk")[:UPCOMING_MEETINGS]
    )
    past_page = Paginator(
        _meetings_with_counts(body).filter(date__lt=today).order_by("-date", "-pk"), PAST_MEETINGS_PER_PAGE
    ).get_page(request.GET.get("side"))
    decisions = list(
        Decision.objects.filter(body=body)
        .select_related("project", "meeting")
        .order_by("-decided_on", "-pk")[:RECENT_DECISIONS]
    )
    context = {
        "body": body,
        "today": today,
        "chain": _escalation_chain(body.pk, by_id),
        "escalations_from": sorted(
            (b for b in by_id.values() if b.escalates_to_id == body.pk), key=lambda b: b.name
        ),
        "members": members,
        "former": former,
        "future": future,
        "upcoming": upcoming,
        "past_page": past_page,
        "decisions": decisions,
        "can_manage": can_manage_members(request.user, body),
        "can_keep_meetings": can_keep_meetings(request.user, body),
        "changes": body_changes(body),
    }
    return render(request, "governance/body_detail.html", context)


@require_http_methods(["GET", "POST"])
def membership_add(request, slug):
    body = _body(slug)
    _require_manager(request.user, body)
    form = MembershipAddForm(request.POST if request.method == "POST" else None, body=body)
    membership = form_service(
        form,
        lambda data: services.membership_start(
            actor=request.user,
            body=body,
            user=data["user"],
            role=data["role"],
            start_date=data["start_date"],
            project=data["project"],
        ),
    )
    if membership is not REFUSED:
        starts = (
            "Rettighederne gælder fra i dag."
            if membership.start_date <= timezone.localdate()
            else f"Rettighederne gælder fra {danish_date(membership.start_date)}."
        )
        messages.success(
            request,
            f"{membership.user} er tilføjet som {membership.get_role_display().lower()} i {body}. {starts}",
        )
        return redirect(f"{reverse('governance:body-detail', args=[body.slug])}#medlemmer")
    status = 400 if form.is_bound else 200
    return render(request, "governance/body_member_form.html", {"body": body, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def membership_end(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("body", "user", "project"), pk=pk)
    body = membership.body
    _require_manager(request.user, body)
    form = MembershipEndForm(request.POST if request.method == "POST" else None, membership=membership)
    ended = form_service(
        form,
        lambda data: services.membership_end(
            actor=request.user, membership=membership, end_date=data["end_date"]
        ),
    )
    if ended is not REFUSED:
        when = membership.end_date
        now = (
            "Rettighederne er fjernet."
            if when <= timezone.localdate()
            else f"Rettighederne ophører {danish_date(when)}."
        )
        messages.success(
            request,
            f"{membership.user}s medlemskab ({membership.get_role_display().lower()}) er afsluttet. {now}",
        )
        return redirect(f"{reverse('governance:body-detail', args=[body.slug])}#medlemmer")
    status = 400 if form.is_bound else 200
    return render(
        request,
        "governance/body_member_end.html",
        {"body": body, "membership": membership, "form": form},
        status=status,
    )
