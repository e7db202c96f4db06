"""The Project Board calendar: Danish working days and the meeting series. Pure functions, no database.

Working days are Monday to Friday, except the Danish public holidays (helligdage) and the days the
municipality closes as if they were: nytårsdag, skærtorsdag, langfredag, påskedag and 2. påskedag,
store bededag (until 2023; abolished from 2024), Kristi himmelfartsdag, pinsedag and 2. pinsedag,
grundlovsdag (5 June), juleaftensdag (24 December), 1. and 2. juledag and nytårsaftensdag
(31 December). Grundlovsdag, juleaftensdag and nytårsaftensdag are not public holidays by law, but
municipal offices close on them (most from noon), so a reporting deadline or a meeting on one of
them is not one anyone can keep: they count as non-working days. The Friday after Kristi
himmelfartsdag and the days between Christmas and New Year are ordinary working days.

The series: meetings fall every `interval_days` from `first_meeting_date` (the slots). Each slot owns
a window of days around it (`slot_window`); the windows of consecutive slots cover the calendar
without overlap. A period whose meeting lies in a slot's window holds that slot, wherever in the
window it was moved to, so extending the series never re-creates a moved or cancelled meeting.
When the series changes, governance/board/realign.py fits the coming periods to the new slots.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

D = datetime.timedelta


def easter_sunday(year: int) -> datetime.date:
    """Easter Sunday of `year` in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@lru_cache(maxsize=64)
def danish_holidays(year: int) -> dict[datetime.date, str]:
    """The non-working days of `year` other than weekends, with their Danish names."""
    easter = easter_sunday(year)
    days = {
        datetime.date(year, 1, 1): "nytårsdag",
        easter - D(days=3): "skærtorsdag",
        easter - D(days=2): "langfredag",
        easter: "påskedag",
        easter + D(days=1): "2. påskedag",
        easter + D(days=39): "Kristi himmelfartsdag",
        easter + D(days=49): "pinsedag",
        easter + D(days=50): "2. pinsedag",
        datetime.date(year, 6, 5): "grundlovsdag",
        datetime.date(year, 12, 24): "juleaftensdag",
        datetime.date(year, 12, 25): "1. juledag",
        datetime.date(year, 12, 26): "2. juledag",
        datetime.date(year, 12, 31): "nytårsaftensdag",
    }
    if year <= 2023:
        days[easter + D(days=26)] = "store bededag"
    return days


def holiday_name(day: datetime.date) -> str | None:
    return danish_holidays(day.year).get(day)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in danish_holidays(day.year)


def non_working_reason(day: datetime.date) -> str | None:
    """Why `day` is not a working day ("langfredag", "en weekenddag"), or None if it is one: it reads
    after "<weekday> <date> er "."""
    if name := holiday_name(day):
        return name
    if day.weekday() >= 5:
        return "en weekenddag"
    return None


def subtract_working_days(day: datetime.date, count: int) -> datetime.date:
    """The working day `count` working days before `day` (`day` itself when `count` is 0)."""
    while count > 0:
        day -= D(days=1)
        if is_working_day(day):
            count -= 1
    return day


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The working day `count` working days after `day` (`day` itself when `count` is 0)."""
    while count > 0:
        day += D(days=1)
        if is_working_day(day):
            count -= 1
    return day


def reporting_deadline(meeting_date: datetime.date, working_days: int, *, start_date=None) -> datetime.date:
    """The reporting deadline `working_days` working days before the meeting, never before the
    period's first day (a short period after a moved meeting still has a deadline inside it)."""
    deadline = subtract_working_days(meeting_date, working_days)
    if start_date is not None and deadline < start_date:
        deadline = min(start_date, meeting_date)
    return deadline


# --------------------------------------------------------------------------- the meeting series


def slot_window(slot: datetime.date, interval_days: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day belonging to `slot`: a little before it and a little more after it."""
    return slot - D(days=(interval_days - 1) // 2), slot + D(days=interval_days // 2)


def slot_of(day: datetime.date, first_meeting_date: datetime.date, interval_days: int) -> datetime.date:
    """The slot of the series whose window holds `day` (slots before the first meeting extrapolated)."""
    before = (interval_days - 1) // 2
    steps = (day - first_meeting_date + D(days=before)).days // interval_days
    return first_meeting_date + D(days=steps * interval_days)


def slots_between(
    first_meeting_date: datetime.date, interval_days: int, start: datetime.date, end: datetime.date
) -> list[datetime.date]:
    """The slots of the series from `start` to `end`, both included, never before the first meeting."""
    day = first_meeting_date
    if start > day:
        day += D(days=-(-(start - day).days // interval_days) * interval_days)
    slots = []
    while day <= end:
        slots.append(day)
        day += D(days=interval_days)
    return slots


def meeting_day_for_slot(slot: datetime.date, interval_days: int) -> datetime.date | None:
    """The slot itself if it is a working day; otherwise the first working day after it inside its
    window (a holiday moves the meeting a day or two on), then the last one before it; None if the
    whole window is non-working."""
    if is_working_day(slot):
        return slot
    first, last = slot_window(slot, interval_days)
    day = slot + D(days=1)
    while day <= last:
        if is_working_day(day):
            return day
        day += D(days=1)
    day = slot - D(days=1)
    while day >= first:
        if is_working_day(day):
            return day
        day -= D(days=1)
    return None


@dataclass(frozen=True)
class PlannedPeriod:
    slot: datetime.date
    meeting_date: datetime.date
    start_date: datetime.date
    reporting_deadline: datetime.date
    cancelled: bool


def plan_periods(
    *,
    first_meeting_date: datetime.date,
    interval_days: int,
    deadline_working_days: int,
    until: datetime.date,
    today: datetime.date,
    existing_meeting_dates,
) -> list[PlannedPeriod]:
    """The periods the series still lacks from `today` to `until` (past meetings are never created).

    A slot is skipped when an existing period's meeting lies in its window (moved or cancelled, it is
    still that slot's meeting). A period starts the day after the previous meeting, existing or
    planned, or `interval_days` before its own meeting when there is none. A slot whose window has no
    working day at all becomes a cancelled period on the slot's date, so the series stays complete.
    """
    existing = sorted(existing_meeting_dates)
    taken = set(existing)
    planned = []
    for slot in slots_between(first_meeting_date, interval_days, today, until):
        first, last = slot_window(slot, interval_days)
        if any(first <= day <= last for day in existing):
            continue
        meeting = meeting_day_for_slot(slot, interval_days)
        cancelled = meeting is None
        meeting = meeting or slot
        if meeting in taken or meeting < today:
            continue
        previous = max((day for day in taken if day < meeting), default=None)
        start = previous + D(days=1) if previous else meeting - D(days=interval_days - 1)
        deadline = reporting_deadline(meeting, deadline_working_days, start_date=start)
        planned.append(
            PlannedPeriod(
                slot=slot,
                meeting_date=meeting,
                start_date=start,
                reporting_deadline=deadline,
                cancelled=cancelled,
            )
        )
        taken.add(meeting)
    return planned


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days lie in [start, end): the N of a deadline N working days before `end`."""
    count, day = 0, start
    while day < end:
        if is_working_day(day):
            count += 1
        day += D(days=1)
    return count
