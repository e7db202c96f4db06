"""Writes about the bodies: memberships (membership of a body is membership of its group: rights follow the
organisation), meetings, agendas, attendance, minutes and actions. Who may call the meeting writes is decided
by governance.permissions.can_keep_meetings (the pages in governance/bodies/meeting_views.py)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from governance.board import services as board_services
from governance.bodies.selectors import requested_decisions_pending
from governance.models import (
    ActionItem,
    AgendaItem,
    Body,
    Meeting,
    Membership,
    ProjectRequest,
    validate_minutes,
)
from governance.permissions import can_appoint, can_manage_members
from portfolio import stale
from portfolio.history import m2m_set_with_history, save_with_history
from portfolio.models import Project, ReportingPeriod
from portfolio.services import project_permissions_sync

# Only those who decide for a body carry its group's global rights: its chair and permanent members. A
# secretary's tasks are granted by role (governance.permissions); a member for a project's lifetime gets
# that project's object permissions instead (portfolio.services.project_permissions_sync).
GROUP_ROLES = (Membership.Role.CHAIR, Membership.Role.MEMBER)


@transaction.atomic
def user_groups_sync(*, user) -> None:
    """Put `user` in exactly the groups of the bodies they are an active chair or permanent member of
    today, and bring the object permissions of the projects they sit in a body for up to date."""
    today = timezone.localdate()
    body_groups = Body.objects.values_list("group_id", flat=True)
    active = set(
        Membership.objects.active_on(today)
        .filter(user=user, role__in=GROUP_ROLES, project__isnull=True)
        .values_list("body__group_id", flat=True)
    )
    current = set(user.groups.filter(pk__in=body_groups).values_list("pk", flat=True))
    if remove := current - active:
        user.groups.remove(*remove)
    if add := active - current:
        user.groups.add(*add)
    for project in Project.objects.filter(body_memberships__user=user).distinct():
        project_permissions_sync(project=project)


def _appointment_check(*, actor, body: Body, user, project) -> None:
    """The actor appoints to `body` (for `project`'s lifetime, when given), and not themselves.
    `actor=None` is the system (data loads, the demo)."""
    if actor is None:
        return
    if not can_appoint(actor, body, project=project):
        if not can_manage_members(actor, body):
            raise PermissionDenied
        above = body.escalates_to.name if body.escalates_to_id else "en administrator"
        raise ValidationError(
            f"Du kan tilføje og afslutte medlemmer for et projekts levetid. Faste medlemmer, formand og "
            f"sekretær udpeges af {above}."
        )
    if actor.pk == user.pk:
        raise ValidationError(
            "Du kan ikke selv ændre dit eget medlemskab. Det gør formanden eller sekretæren for det organ, "
            "organet svarer til."
        )


@transaction.atomic
def membership_start(
    *,
    actor,
    body: Body,
    user,
    role=Membership.Role.MEMBER,
    start_date: datetime.date | None = None,
    project=None,
) -> Membership:
    """Appoint `user` to `body` (see _appointment_check for who may)."""
    _appointment_check(actor=actor, body=body, user=user, project=project)
    membership = Membership(
        body=body, user=user, role=role, project=project, start_date=start_date or timezone.localdate()
    )
    save_with_history(membership, actor=actor, clean=True)
    user_groups_sync(user=user)
    return membership


@transaction.atomic
def membership_end(*, actor, membership: Membership, end_date: datetime.date | None = None) -> Membership:
    _appointment_check(actor=actor, body=membership.body, user=membership.user, project=membership.project)
    membership.end_date = end_date or timezone.localdate()
    save_with_history(membership, actor=actor, clean=True, update_fields=["end_date"])
    user_groups_sync(user=membership.user)
    return membership


# --------------------------------------------------------------------------- meetings of the bodies

# The agenda item title of a decision a project asked for in its status report.
REQUESTED_DECISION_TITLE = "Ønsket beslutning: {number} {name}"


@transaction.atomic
def meeting_create(*, actor, body: Body, date: datetime.date, location: str = "") -> Meeting:
    """A meeting of `body`. A programme group meeting gets the decisions projects have asked for since
    the group's previous meeting on its agenda at once."""
    meeting = save_with_history(Meeting(body=body, date=date, location=location), actor=actor, clean=True)
    if body.kind == Body.Kind.PROGRAMME_GROUP:
        meeting_collect_requested_decisions(actor=actor, meeting=meeting)
    if not meeting.date < timezone.localdate():
        meeting_collect_waiting_requests(actor=actor, meeting=meeting)
    return meeting


MEETING_FIELDS = ("date", "location", "cancelled")


def meeting_scope(meeting: Meeting) -> stale.Scope:
    """What the meeting form edits (not the minutes or attendance: those are saved on their own)."""
    return stale.of(meeting, MEETING_FIELDS)


def meeting_minutes_scope(meeting: Meeting) -> stale.Scope:
    return stale.of(meeting, ("minutes",))


@transaction.atomic
def meeting_update(
    *, actor, meeting: Meeting, date: datetime.date, location: str, cancelled: bool = False, version=None
) -> Meeting:
    """Change a meeting's date, place or whether it is cancelled. A Project Board meeting's cancellation is
    its reporting period's (as in the board calendar, board_period_cancel): the period then asks for no
    reports, gets no reminders and no automatic board report, and its status counts as nothing missing.
    Nothing is deleted; clearing the mark makes both active again."""
    stale.check(meeting_scope(meeting), version)
    period_pk = Meeting.objects.filter(pk=meeting.pk).values_list("reporting_period_id", flat=True).first()
    # The calendar's cancel locks the period, then writes the meeting: lock in the same order.
    period = ReportingPeriod.objects.select_for_update().filter(pk=period_pk).first() if period_pk else None
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.reporting_period_id and date != meeting.date:
        raise ValidationError(
            "Et Project Board-møde flyttes i Project Board-kalenderen, "
            "så fristen for statusrapporter følger med."
        )
    meeting.date, meeting.location, meeting.cancelled = date, location, cancelled
    save_with_history(meeting, actor=actor, clean=True)
    if period is not None and period.cancelled != cancelled:
        period.cancelled = cancelled
        period.save(update_fields=["cancelled"])
        if cancelled:
            board_services.board_period_drafts_move_on(actor=actor, period=period)
    return meeting


@transaction.atomic
def meeting_minutes_save(*, actor, meeting: Meeting, minutes: str, version=None) -> Meeting:
    """Save the minutes as written so far; an unchanged text writes nothing (no empty history).
    `version`: the minutes' token (portfolio.stale) the writer's page has, refused when another saved.
    Minutes over the bounds (models.validate_minutes) are refused with a Danish ValidationError."""
    stale.check(meeting_minutes_scope(meeting), version)
    validate_minutes(minutes)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes == minutes:
        return meeting
    meeting.minutes = minutes
    return save_with_history(meeting, actor=actor, clean=True, update_fields=["minutes"])


@transaction.atomic
def meeting_attendance_set(*, actor, meeting: Meeting, attendees) -> Meeting:
    """Who attended. The history keeps the attendance as a change of the meeting."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    wanted = {user.pk for user in attendees}
    if wanted == set(meeting.attendees.values_list("pk", flat=True)):
        return meeting
    return m2m_set_with_history(meeting, "attendees", list(attendees), actor=actor)


def _next_order(meeting: Meeting) -> int:
    return (meeting.agenda_items.aggregate(top=Max("order"))["top"] or 0) + 1


@transaction.atomic
def agenda_place_on_next_meeting(
    *, actor, body: Body, title: str, description: str = "", project=None, requested_in=None
) -> AgendaItem | None:
    """Put a matter on the agenda of `body`'s next planned meeting (not cancelled, today or later); None
    if none is planned (the matter then waits until a meeting takes it up). The one way escalations and
    projects' requests (gate, change) reach a body's agenda."""
    meeting = (
        Meeting.objects.select_for_update()
        .filter(body=body, cancelled=False, date__gte=timezone.localdate())
        .order_by("date", "pk")
        .first()
    )
    if meeting is None:
        return None
    return _agenda_append(
        actor=actor,
        meeting=meeting,
        title=title,
        description=description,
        project=project,
        requested_in=requested_in,
    )


def _agenda_append(
    *, actor, meeting, title, description="", project=None, requested_in=None, clean=False
) -> AgendaItem:
    """The next item of `meeting`'s agenda (the caller holds the meeting's lock). A title made by the
    portal is cut to the field; a person's own (`clean`) is validated instead."""
    title_length = AgendaItem._meta.get_field("title").max_length
    if not clean and len(title) > title_length:
        title = title[: title_length - 1] + "…"
    item = AgendaItem(
        meeting=meeting,
        order=_next_order(meeting),
        title=title,
        description=description,
        project=project,
        requested_in=requested_in,
    )
    return save_with_history(item, actor=actor, clean=clean)


@transaction.atomic
def project_request_place(*, actor, project_request: ProjectRequest, meeting: Meeting | None = None):
    """Put a project's request (gate or change) on the agenda of `meeting`, or of its body's next
    planned meeting; link the item to the request. Returns the item, or None if the request waits (no
    meeting planned) or is no longer pending or already on an agenda."""
    project_request = ProjectRequest.objects.select_for_update().get(pk=project_request.pk)
    if not project_request.is_pending or project_request.agenda_item_id is not None:
        return None
    fields = {
        "title": project_request.agenda_title(),
        "description": project_request.agenda_description(),
        "project": project_request.project,
    }
    if meeting is None:
        item = agenda_place_on_next_meeting(actor=actor, body=project_request.body, **fields)
    else:
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        item = _agenda_append(actor=actor, meeting=meeting, **fields)
    if item is not None:
        project_request.agenda_item = item
        save_with_history(project_request, actor=actor, update_fields=["agenda_item"])
    return item


def requests_waiting(body: Body, *, since=None):
    """Pending requests to `body` on no agenda yet (no meeting was planned when they were made)."""
    waiting = ProjectRequest.objects.filter(
        body=body, state=ProjectRequest.State.PENDING, agenda_item__isnull=True
    )
    if since is not None:
        waiting = waiting.filter(requested_at__date__lte=since)
    return waiting.select_related("project", "body").order_by("requested_at", "pk")


@transaction.atomic
def meeting_collect_waiting_requests(*, actor, meeting: Meeting) -> list[AgendaItem]:
    """Put the requests waiting for the meeting's body (asked on or before the meeting's day) on its
    agenda. A cancelled meeting takes none."""
    if meeting.cancelled:
        return []
    added = []
    for waiting in requests_waiting(meeting.body, since=meeting.date):
        item = project_request_place(actor=actor, project_request=waiting, meeting=meeting)
        if item is not None:
            added.append(item)
    return added


@transaction.atomic
def agenda_item_add(
    *, actor, meeting: Meeting, title: str, description: str = "", project=None, requested_in=None
) -> AgendaItem:
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # one writer of the order at a time
    return _agenda_append(
        actor=actor,
        meeting=meeting,
        title=title,
        description=description,
        project=project,
        requested_in=requested_in,
        clean=True,
    )


def agenda_item_scope(item: AgendaItem) -> stale.Scope:
    return stale.of(item, ("title", "description", "project"))


@transaction.atomic
def agenda_item_update(
    *, actor, item: AgendaItem, title: str, description: str, project=None, version=None
) -> AgendaItem:
    stale.check(agenda_item_scope(item), version)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    item.title, item.description, item.project = title, description, project
    return save_with_history(item, actor=actor, clean=True)


@transaction.atomic
def agenda_item_move(*, actor, item: AgendaItem, direction: str) -> AgendaItem:
    """Swap the item with its neighbour above ("up") or below ("down"); at either end nothing moves."""
    if direction not in ("up", "down"):
        raise ValidationError("Ukendt retning: vælg op eller ned.")
    Meeting.objects.select_for_update().filter(pk=item.meeting_id).first()
    item = AgendaItem.objects.get(pk=item.pk)
    siblings = AgendaItem.objects.filter(meeting_id=item.meeting_id)
    if direction == "up":
        neighbour = siblings.filter(order__lt=item.order).order_by("-order").first()
    else:
        neighbour = siblings.filter(order__gt=item.order).order_by("order").first()
    if neighbour is None:
        return item
    mine, theirs = item.order, neighbour.order
    # (meeting, order) is unique: park this item on a free number while the neighbour takes its place.
    item.order = (siblings.aggregate(top=Max("order"))["top"] or 0) + 1
    save_with_history(item, actor=actor, update_fields=["order"])
    neighbour.order = mine
    save_with_history(neighbour, actor=actor, update_fields=["order"])
    item.order = theirs
    save_with_history(item, actor=actor, update_fields=["order"])
    return item


@transaction.atomic
def meeting_collect_requested_decisions(*, actor, meeting: Meeting) -> list[AgendaItem]:
    """Put each project's requested decision (see requested_decisions_pending) on the agenda of a
    programme group meeting. Idempotent: a request already on an agenda is not added again. Returns the
    items added."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
    if meeting.body.kind != Body.Kind.PROGRAMME_GROUP:
        return []
    added = []
    order = _next_order(meeting)
    title_field = AgendaItem._meta.get_field("title")
    for report in requested_decisions_pending(meeting):
        title = REQUESTED_DECISION_TITLE.format(number=report.project.number, name=report.project.name)
        if len(title) > title_field.max_length:
            title = title[: title_field.max_length - 1] + "…"
        item = AgendaItem(
            meeting=meeting,
            order=order,
            title=title,
            description=report.decisions_needed.strip(),
            project=report.project,
            requested_in=report,
        )
        added.append(save_with_history(item, actor=actor, clean=True))
        order += 1
    return added


@transaction.atomic
def action_add(
    *, actor, meeting: Meeting, description: str, owner, due_date: datetime.date, agenda_item=None
) -> ActionItem:
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError("Dagsordenspunktet hører til et andet møde.")
    action = ActionItem(
        meeting=meeting, agenda_item=agenda_item, description=description, owner=owner, due_date=due_date
    )
    return save_with_history(action, actor=actor, clean=True)


@transaction.atomic
def action_set_done(
    *, actor, action: ActionItem, done: bool = True, done_on: datetime.date | None = None
) -> ActionItem:
    """Mark an action done (today, or `done_on`) or open again."""
    action = ActionItem.objects.select_for_update().get(pk=action.pk)
    action.done_on = (done_on or timezone.localdate()) if done else None
    return save_with_history(action, actor=actor, clean=True, update_fields=["done_on"])
