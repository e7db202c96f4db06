"""Reads about the bodies that the other rooms of governance share."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from governance.models import AgendaItem, Body, Meeting
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
