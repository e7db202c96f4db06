"""Reads of the calendar feeds: which feed a token opens, and the events each feed holds. Each feed is
read in a fixed number of queries, however many meetings and projects there are."""

import calendar
import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from governance.calendars.ical import CalendarEvent
from governance.calendars.tokens import feed_token, token_hash
from governance.models import Body, CalendarFeed, Meeting, Membership
from governance.permissions import can_keep_meetings
from portfolio.dates import danish_date
from portfolio.models import Project, ReportingPeriod

MONTHS_BACK = 3
MONTHS_AHEAD = 15


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The days a feed covers: from three months back to fifteen months ahead."""
    return _add_months(today, -MONTHS_BACK), _add_months(today, MONTHS_AHEAD)


# --- which feed ------------------------------------------------------------------------------------------


def feed_for_token(token: str) -> CalendarFeed | None:
    """The address's feed, if it is in use and its person still active."""
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def active_feed(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_url(feed: CalendarFeed) -> str:
    path = reverse("governance:calendar-feed", args=[feed_token(feed.nonce)])
    return f"{settings.PORTAL_BASE_URL}{path}"


def public_body(slug: str, token: str) -> Body | None:
    """The body whose public calendar this is, while it is switched on."""
    body = Body.objects.filter(slug=slug, public_calendar=True, archived=False).first()
    if body is None or not body.public_calendar_token:
        return None
    return body if constant_time_compare(body.public_calendar_token, token) else None


def public_url(body: Body) -> str:
    path = reverse("governance:calendar-body", args=[body.slug, body.public_calendar_token])
    return f"{settings.PORTAL_BASE_URL}{path}"


def bodies_kept_by(user):
    """The bodies whose public calendar `user` may switch: those she is chair or secretary of (in force),
    every body in use for an admin (governance.permissions.can_keep_meetings)."""
    bodies = Body.objects.filter(archived=False).order_by("name")
    if user.is_superuser:
        return bodies
    kept = Membership.objects.active_on(timezone.localdate()).filter(
        user=user, role__in=(Membership.Role.CHAIR, Membership.Role.SECRETARY)
    )
    return bodies.filter(pk__in=kept.values("body_id"))


def may_switch(user, body: Body) -> bool:
    return can_keep_meetings(user, body)


# --- the events ------------------------------------------------------------------------------------------


def _history(lookup: str):
    """The number of history rows and the latest change of the meeting `lookup` points at: SEQUENCE and
    LAST-MODIFIED, so a moved or cancelled meeting replaces the copy a calendar program holds."""
    rows = Meeting.history.model.objects.filter(**{lookup: OuterRef("pk")}).order_by().values(lookup)
    changes = Subquery(rows.annotate(n=Count("history_id")).values("n"), output_field=IntegerField())
    return {
        "changes": Coalesce(changes, 0),
        "changed_at": Subquery(rows.annotate(at=Max("history_date")).values("at")),
    }


def _host() -> str:
    return urlsplit(settings.PORTAL_BASE_URL).hostname or "digitaliseringsportalen"


def _meeting_event(meeting: Meeting, *, public: bool) -> CalendarEvent:
    board = meeting.reporting_period_id is not None
    summary = "Project Board-møde" if board else f"Møde i {meeting.body.name}"
    url = ""
    if not public:
        path = (
            reverse("governance:board-detail", args=[meeting.reporting_period_id])
            if board
            else reverse("governance:meeting-detail", args=[meeting.pk])
        )
        url = f"{settings.PORTAL_BASE_URL}{path}"
    return CalendarEvent(
        uid=f"{'public-' if public else ''}meeting-{meeting.pk}@{_host()}",
        day=meeting.date,
        summary=f"Aflyst: {summary}" if meeting.cancelled else summary,
        sequence=max(meeting.changes - 1, 0),
        last_modified=meeting.changed_at,
        cancelled=meeting.cancelled,
        location=meeting.location,
        url=url,
    )


def _deadline_event(period: ReportingPeriod, project: Project) -> CalendarEvent:
    summary = f"Frist for statusrapport: {project.number} {project.name}"
    path = reverse("portfolio:status-new", args=[project.pk])
    return CalendarEvent(
        uid=f"deadline-{period.pk}-{project.pk}@{_host()}",
        day=period.reporting_deadline,
        summary=f"Aflyst: {summary}" if period.cancelled else summary,
        sequence=max(period.changes - 1, 0),
        last_modified=period.changed_at,
        cancelled=period.cancelled,
        url=f"{settings.PORTAL_BASE_URL}{path}",
        description=f"Statusrapporten til Project Board-mødet {danish_date(period.meeting_date)}.",
    )


def personal_events(user, today: datetime.date) -> list[CalendarEvent]:
    """`user`'s private feed: the meetings of the bodies she is a member of now, every Project Board
    meeting if she leads or deputises an active project, and the status report deadline of each coming
    Project Board meeting for each of those projects."""
    start, end = window(today)
    projects = list(
        Project.objects.active()
        .filter(Q(leader=user) | Q(deputies=user))
        .distinct()
        .only("pk", "number", "name")
        .order_by("number", "pk")
    )
    bodies = Membership.objects.active_on(today).filter(user=user).values("body_id")
    shown = Q(body__in=bodies)
    if projects:
        shown |= Q(reporting_period__isnull=False)
    meetings = (
        Meeting.objects.filter(shown, date__range=(start, end), body__archived=False)
        .select_related("body")
        .annotate(**_history("id"))
        .order_by("date", "pk")
    )
    events = [_meeting_event(meeting, public=False) for meeting in meetings]
    if projects:
        periods = (
            ReportingPeriod.objects.filter(meeting_date__gte=today, reporting_deadline__lte=end)
            .annotate(**_history("reporting_period_id"))
            .order_by("meeting_date")
        )
        events += [_deadline_event(period, project) for period in periods for project in projects]
    return events


def body_events(body: Body, today: datetime.date) -> list[CalendarEvent]:
    """A body's public feed: its meetings' dates, places and whether they are cancelled; nothing more."""
    start, end = window(today)
    meetings = (
        Meeting.objects.filter(body=body, date__range=(start, end))
        .select_related("body")
        .annotate(**_history("id"))
        .order_by("date", "pk")
    )
    return [_meeting_event(meeting, public=True) for meeting in meetings]
