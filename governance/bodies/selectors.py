"""Reads about the bodies that the other rooms of governance share."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from governance.models import AgendaItem, Body, Meeting, Membership
from portfolio.models import StatusReport

# With no earlier meeting of the body, requests submitted this long before the meeting are collected.
REQUESTED_DECISIONS_FIRST_WINDOW = datetime.timedelta(days=31)


def steering_group() -> Body | None:
    return Body.objects.filter(kind=Body.Kind.STEERING_GROUP, archived=False).order_by("pk").first()


def it_security_group() -> Body | None:
    return Body.objects.filter(kind=Body.Kind.IT_SECURITY, archived=False).order_by("pk").first()


def requested_decisions_pending(meeting: Meeting):
    """Submitted status reports with "decisions needed", submitted since the body's previous meeting
    (or within REQUESTED_DECISIONS_FIRST_WINDOW when there is none) up to this meeting's day, that are
    on no agenda yet; a correction of a report already on an agenda is not brought again."""
    previous = (
        Meeting.objects.filter(body_id=meeting.body_id, date__lt=meeting.date, cancelled=False)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    since = previous or meeting.date - REQUESTED_DECISIONS_FIRST_WINDOW
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(meeting.date + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return (
        StatusReport.objects.filter(
            state=StatusReport.State.SUBMITTED,
            submitted_at__gte=start,
            submitted_at__lt=end,
            project__archived=False,
            superseded_by__isnull=True,
        )
        .exclude(decisions_needed__regex=r"^\s*$")
        .exclude(Exists(AgendaItem.objects.filter(requested_in=OuterRef("pk"))))
        .exclude(Exists(AgendaItem.objects.filter(requested_in=OuterRef("supersedes"))))
        .select_related("project")
        .order_by("project__number", "submitted_at")
    )


@dataclass(frozen=True)
class MinutesPeople:
    """Who the minutes name: the members present and absent (when attendance was registered), all the
    body's members (when it was not), who wrote the minutes, and the body's next meeting."""

    present: list  # [(user, role label or "")], as registered on the meeting
    absent: list  # [(user, role label)]: members on the day who are not registered as present
    members: list  # [(user, role label)]: the body's members on the day (shown when attendance is empty)
    minute_takers: list  # users who wrote the minutes text, first writer first (from the meeting's history)
    secretaries: list  # the body's secretaries on the day (named when the history names no writer)
    next_meeting: Meeting | None


ROLE_ORDER = {Membership.Role.CHAIR: 0, Membership.Role.SECRETARY: 1, Membership.Role.MEMBER: 2}


def minutes_people(meeting: Meeting) -> MinutesPeople:
    """The people and the next meeting a meeting's minutes name, in four queries: the body's memberships
    on the day, the meeting's history (who changed the minutes text), the next meeting, and the attendees
    (none when prefetched, as by meeting_views.meeting_for_page)."""
    memberships = sorted(
        Membership.objects.active_on(meeting.date).filter(body_id=meeting.body_id).select_related("user"),
        key=lambda m: (ROLE_ORDER[m.role], m.user.get_full_name() or m.user.username, m.pk),
    )
    roles: dict = {}
    for membership in memberships:
        roles.setdefault(membership.user_id, membership)
    members = [(m.user, m.get_role_display()) for m in roles.values()]
    order = {user_id: rank for rank, user_id in enumerate(roles)}
    attendees = sorted(meeting.attendees.all(), key=lambda user: (order.get(user.pk, len(order)), str(user)))
    present_ids = {user.pk for user in attendees}
    present = [(user, roles[user.pk].get_role_display() if user.pk in roles else "") for user in attendees]
    absent = [(user, role) for user, role in members if user.pk not in present_ids] if attendees else []
    minute_takers = []
    previous = ""
    for record in meeting.history.select_related("history_user").order_by("history_date", "history_id"):
        writer = record.history_user
        wrote = record.minutes and record.minutes != previous and writer is not None
        if wrote and writer not in minute_takers:
            minute_takers.append(writer)
        previous = record.minutes
    next_meeting = (
        Meeting.objects.filter(body_id=meeting.body_id, date__gt=meeting.date, cancelled=False)
        .order_by("date", "pk")
        .first()
    )
    return MinutesPeople(
        present=present,
        absent=absent,
        members=members,
        minute_takers=minute_takers,
        secretaries=[m.user for m in roles.values() if m.role == Membership.Role.SECRETARY],
        next_meeting=next_meeting,
    )
