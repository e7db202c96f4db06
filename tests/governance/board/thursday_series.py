"""The Project Board series the calendar-change tests start from, and how they post a new one.

Thursdays every 14 days from 9 January 2031 (no holidays near them), created on 6 January 2031:
9 and 23 January, 6 and 20 February, 6 and 20 March (the `thursdays` fixture in conftest.py)."""

import datetime

from django.test import Client

from governance.board import calendar_change, services
from portfolio.models import ReportingPeriod
from tests.edit_tokens import scope_token

date = datetime.date

FIRST = date(2031, 1, 9)
TODAY = date(2031, 1, 6)
TUESDAY = date(2031, 1, 7)  # a new series: two days earlier, on Tuesdays
URL = "/board/calendar/"
THURSDAYS = {
    "first_meeting_date": FIRST,
    "interval_days": 14,
    "deadline_working_days": 2,
    "horizon_weeks": 12,
}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def save_thursdays(actor) -> dict:
    services.board_calendar_save(actor=actor, **THURSDAYS)
    services.board_calendar_extend(today=TODAY)
    return {period.meeting_date: period for period in ReportingPeriod.objects.all()}


def change_series(actor, **series):
    """Change the series on TODAY without a preview: the Thursdays unless `series` says otherwise."""
    values = {
        "first_meeting_date": FIRST,
        "interval_days": 14,
        "deadline_working_days": 2,
        "horizon_weeks": 12,
    }
    return calendar_change.board_calendar_change(actor=actor, today=TODAY, **{**values, **series})


def dates():
    return list(ReportingPeriod.objects.order_by("meeting_date").values_list("meeting_date", flat=True))


def post(user, *, client=None, **values):
    """Post the calendar form: Tuesdays every 14 days unless `values` say otherwise (confirm="1" saves)."""
    data = {
        "first_meeting_date": TUESDAY.isoformat(),
        "interval_days": "14",
        "deadline_working_days": "2",
        "horizon_weeks": "12",
        "version": scope_token(services.board_calendar_scope()),
    }
    data.update(values)
    return (client or client_for(user)).post(URL, data, follow=client is not None)
