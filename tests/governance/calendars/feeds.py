"""Helpers of the calendar tests: subscribe a person, build Project Board meetings, read a feed back with
icalendar (the same library the feed is written with, but the parser: what a calendar program reads)."""

import datetime

import icalendar
from django.urls import reverse
from django.utils import timezone

from governance.board import calendar as board_calendar
from governance.calendars.services import feed_new_address
from governance.calendars.tokens import feed_token
from governance.models import Meeting
from portfolio.history import save_with_history
from tests.factories import ReportingPeriodFactory, body


def feed_path(feed) -> str:
    return reverse("governance:calendar-feed", args=[feed_token(feed.nonce)])


def subscribe(user) -> str:
    """A new private address for `user`: its path."""
    return feed_path(feed_new_address(user=user))


def working_day(days_ahead: int) -> datetime.date:
    """A working day about `days_ahead` days from today (moves refuse weekends and holidays)."""
    return board_calendar.add_working_days(timezone.localdate(), max(1, days_ahead * 5 // 7))


def board_meeting(day: datetime.date, *, location: str = "") -> Meeting:
    """A Project Board meeting on `day` with its reporting period (deadline two days before)."""
    period = ReportingPeriodFactory(
        meeting_date=day,
        start_date=day - datetime.timedelta(days=13),
        reporting_deadline=day - datetime.timedelta(days=2),
    )
    meeting = Meeting(body=body("project-board"), date=day, reporting_period=period, location=location)
    return save_with_history(meeting, actor=None)


def read(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    """The feed's events by UID (a UID twice would be a duplicate in the calendar program)."""
    found = list(calendar.walk("VEVENT"))
    by_uid = {str(event["UID"]): event for event in found}
    assert len(by_uid) == len(found), "two events share a UID"
    return by_uid


def summaries(calendar: icalendar.Calendar) -> list[str]:
    return sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
