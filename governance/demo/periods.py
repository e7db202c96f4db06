"""The demo's Project Board periods: a fixed series of Thursdays laid out by the board calendar's own rule
(governance.board.calendar.plan_periods: a meeting on a holiday moves to the next working day, the reporting
deadline falls N working days before the meeting, a period starts the day after the previous meeting).

A period depends only on its slot and the period before it, so one built today is the same tomorrow.
"""

import datetime

from governance.board import calendar as board_calendar
from governance.models import BoardCalendar
from portfolio.models import ReportingPeriod

# The Project Board meets every second Thursday; this Thursday anchors the series for good.
PERIOD_ANCHOR = datetime.date(2025, 1, 9)
PERIOD_DAYS = 14
# As a calendar set up with the portal's defaults: reports due two working days before the meeting.
DEADLINE_WORKING_DAYS = BoardCalendar._meta.get_field("deadline_working_days").default

D = datetime.timedelta


def slot_on_or_after(day: datetime.date) -> datetime.date:
    """The first Thursday of the series on or after `day` (before the anchor too)."""
    steps = -(-(day - PERIOD_ANCHOR).days // PERIOD_DAYS)  # ceiling division
    return PERIOD_ANCHOR + D(days=PERIOD_DAYS * steps)


def meeting_for_slot(slot: datetime.date) -> datetime.date:
    """The slot's meeting day: the slot, or the working day the calendar moves it to (the slot itself
    when the whole window is closed, as a cancelled period keeps it)."""
    return board_calendar.meeting_day_for_slot(slot, PERIOD_DAYS) or slot


def meeting_on_or_after(day: datetime.date) -> datetime.date:
    """The meeting of the series' first slot on or after `day`."""
    return meeting_for_slot(slot_on_or_after(day))


def ensure_periods(first: datetime.date, last: datetime.date) -> list[ReportingPeriod]:
    """The periods of the series' slots from `first` to `last`, created where missing, by meeting date.
    A slot that already has a period (its meeting anywhere in the slot's window) keeps it."""
    first_slot = slot_on_or_after(first)
    slots = board_calendar.slots_between(first_slot, PERIOD_DAYS, first_slot, last)
    if not slots:
        return []
    low = board_calendar.slot_window(first_slot, PERIOD_DAYS)[0]
    high = board_calendar.slot_window(slots[-1], PERIOD_DAYS)[1]
    existing = list(ReportingPeriod.objects.filter(meeting_date__gte=low, meeting_date__lte=high))
    # The meeting of the slot before decides where the first period starts: the stored one, else the
    # series' own, so the first period does not depend on the day the range was built from.
    before = first_slot - D(days=PERIOD_DAYS)
    previous = (
        ReportingPeriod.objects.filter(meeting_date__gte=board_calendar.slot_window(before, PERIOD_DAYS)[0])
        .filter(meeting_date__lt=low)
        .order_by("-meeting_date")
        .values_list("meeting_date", flat=True)
        .first()
    ) or meeting_for_slot(before)
    planned = board_calendar.plan_periods(
        first_meeting_date=first_slot,
        interval_days=PERIOD_DAYS,
        deadline_working_days=DEADLINE_WORKING_DAYS,
        until=last,
        today=low,  # the whole range is planned, past meetings included
        existing_meeting_dates=[*(p.meeting_date for p in existing), previous],
    )
    if planned:
        ReportingPeriod.objects.bulk_create(
            [
                ReportingPeriod(
                    meeting_date=plan.meeting_date,
                    start_date=plan.start_date,
                    reporting_deadline=plan.reporting_deadline,
                    cancelled=plan.cancelled,
                )
                for plan in planned
            ]
        )
        existing = list(ReportingPeriod.objects.filter(meeting_date__gte=low, meeting_date__lte=high))
    periods = []
    for slot in slots:
        start, end = board_calendar.slot_window(slot, PERIOD_DAYS)
        periods.append(
            min((p for p in existing if start <= p.meeting_date <= end), key=lambda p: p.meeting_date)
        )
    return periods
