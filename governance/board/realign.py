"""Changing the Project Board's meeting series: fitting the periods already in the portal to the new
slots (`realign`), and naming the gaps and overlaps the meetings that keep their dates leave
(`uneven_spacings`). Pure functions over plain values, no database; the slot arithmetic is
governance/board/calendar.py's."""

import datetime
from dataclasses import dataclass, replace

from governance.board.calendar import D, meeting_day_for_slot, reporting_deadline, slot_of


@dataclass(frozen=True)
class ExistingPeriod:
    """A period already in the portal, as realigning sees it. `keep_reason` (fx "har referat") when
    it must keep its date whatever the new series says."""

    key: int
    meeting_date: datetime.date
    start_date: datetime.date
    reporting_deadline: datetime.date
    cancelled: bool = False
    keep_reason: str | None = None


@dataclass(frozen=True)
class PeriodMove:
    key: int
    old_date: datetime.date
    new_date: datetime.date
    old_deadline: datetime.date
    new_deadline: datetime.date
    new_start: datetime.date

    @property
    def moves_date(self) -> bool:
        return self.old_date != self.new_date


@dataclass(frozen=True)
class PeriodKept:
    key: int
    meeting_date: datetime.date
    series_date: datetime.date
    reason: str


@dataclass(frozen=True)
class Realignment:
    """What changing the series does to the periods from today on: `moves` (new date and/or new
    deadline), `kept` (off the new series, and why), `cancelled` (no slot of their own any more)."""

    moves: list[PeriodMove]
    kept: list[PeriodKept]
    cancelled: list[ExistingPeriod]

    def final_dates(self, periods) -> dict[int, datetime.date]:
        """Each period's meeting date after the change."""
        dates = {period.key: period.meeting_date for period in periods}
        dates.update({move.key: move.new_date for move in self.moves})
        return dates


def series_day(day: datetime.date, first_meeting_date: datetime.date, interval_days: int) -> datetime.date:
    """The meeting day the series gives the slot that holds `day`."""
    slot = slot_of(day, first_meeting_date, interval_days)
    return meeting_day_for_slot(slot, interval_days) or slot


def realign(
    *,
    first_meeting_date: datetime.date,
    interval_days: int,
    deadline_working_days: int,
    today: datetime.date,
    periods: list[ExistingPeriod],
) -> Realignment:
    """Fit the periods from today on to a new series: each goes to the meeting day of the slot whose
    window holds it, so no slot keeps an old date beside new ones (the gap a changed series used to
    leave at the end of the old meetings).

    Past, cancelled and `keep_reason` periods keep their dates and hold their slot. Of several
    periods in one free slot (the interval grew) the nearest to its day takes it; the others, like
    any in a held slot, are cancelled (nothing is deleted). Periods before the series' first slot are
    left alone. A period whose slot's day has passed keeps its date."""
    ordered = sorted(periods, key=lambda period: period.meeting_date)

    def in_series(period):
        return slot_of(period.meeting_date, first_meeting_date, interval_days) >= first_meeting_date

    def slot(period):
        return slot_of(period.meeting_date, first_meeting_date, interval_days)

    fixed = [p for p in ordered if p.meeting_date < today or p.cancelled or p.keep_reason]
    fixed_keys = {p.key for p in fixed}
    held = {slot(p) for p in fixed if in_series(p)}
    kept = [
        PeriodKept(
            p.key, p.meeting_date, series_day(p.meeting_date, first_meeting_date, interval_days), reason
        )
        for p in fixed
        if p.meeting_date >= today and in_series(p)
        for reason in [p.keep_reason or ("er aflyst" if p.cancelled else "")]
        if reason and series_day(p.meeting_date, first_meeting_date, interval_days) != p.meeting_date
    ]
    groups: dict[datetime.date, list[ExistingPeriod]] = {}
    for period in ordered:
        if period.key not in fixed_keys and in_series(period):
            groups.setdefault(slot(period), []).append(period)
    winners, cancelled = [], []
    for slot_day, group in sorted(groups.items()):
        if slot_day in held:
            cancelled += group
            continue
        day = meeting_day_for_slot(slot_day, interval_days) or slot_day
        winner = min(group, key=lambda period: (abs((period.meeting_date - day).days), period.meeting_date))
        cancelled += [period for period in group if period is not winner]
        if day < today:
            kept.append(PeriodKept(winner.key, winner.meeting_date, day, "seriens mødedag er passeret"))
            continue
        winners.append((winner, day))
    # A moved period starts the day after the meeting before it, as the series would have made it.
    placed = {period.key for period in cancelled} | {period.key for period, _ in winners}
    held_dates = sorted(
        [p.meeting_date for p in ordered if p.key not in placed and not p.cancelled]
        + [day for _, day in winners]
    )
    moves = []
    for period, day in winners:
        start = period.start_date
        if day != period.meeting_date:
            previous = max((other for other in held_dates if other < day), default=None)
            start = previous + D(days=1) if previous else day - D(days=interval_days - 1)
        deadline = reporting_deadline(day, deadline_working_days, start_date=start)
        if (day, deadline) != (period.meeting_date, period.reporting_deadline):
            moves.append(
                PeriodMove(period.key, period.meeting_date, day, period.reporting_deadline, deadline, start)
            )
    kept.sort(key=lambda entry: entry.meeting_date)
    return Realignment(moves=moves, kept=kept, cancelled=cancelled)


@dataclass(frozen=True)
class Spacing:
    """Two meetings in a row whose distance is not the series' interval."""

    before: datetime.date
    after: datetime.date
    days: int


def uneven_spacings(*, first_meeting_date: datetime.date, interval_days: int, meeting_dates) -> list[Spacing]:
    """The gaps and overlaps the held meetings leave: consecutive meetings `interval_days` apart or
    both on their series day (a holiday shift, a cancelled meeting between) are as the series says."""

    def on_series(day):
        return (
            slot_of(day, first_meeting_date, interval_days) >= first_meeting_date
            and series_day(day, first_meeting_date, interval_days) == day
        )

    days = sorted(set(meeting_dates))
    return [
        Spacing(before, after, (after - before).days)
        for before, after in zip(days, days[1:], strict=False)
        if (after - before).days != interval_days and not (on_series(before) and on_series(after))
    ]


@dataclass(frozen=True)
class PeriodRestart:
    """A coming period that keeps its meeting date but starts on another day: the day after the
    meeting held before it, which the change moved, cancelled or added. Its deadline moves only if
    it would otherwise fall before the new start."""

    key: int
    meeting_date: datetime.date
    old_start: datetime.date
    new_start: datetime.date
    old_deadline: datetime.date
    new_deadline: datetime.date


def follow_starts(
    *,
    periods: list[ExistingPeriod],
    realignment: Realignment,
    held_dates,
    today: datetime.date,
    deadline_working_days: int,
) -> tuple[list[PeriodMove], list[PeriodRestart]]:
    """Let every coming period start the day after the meeting held before it. `held_dates` are the
    dates of every meeting held once the change is made: the past ones, the kept and moved ones, and
    the ones the series adds (which `realign` does not know of). Returns the realignment's moves with
    their starts (and deadlines) so set, and the periods whose only change is their start. A period
    with no held meeting before it in `held_dates` keeps the start it has."""
    held = sorted(set(held_dates))

    def start_after(day, fallback):
        previous = max((other for other in held if other < day), default=None)
        return previous + D(days=1) if previous else fallback

    by_key = {period.key: period for period in periods}
    moves, restarts = [], []
    for move in realignment.moves:
        start = start_after(move.new_date, move.new_start)
        deadline = reporting_deadline(move.new_date, deadline_working_days, start_date=start)
        if (move.new_date, deadline) != (move.old_date, move.old_deadline):
            moves.append(replace(move, new_start=start, new_deadline=deadline))
        elif start != by_key[move.key].start_date:
            restarts.append(
                PeriodRestart(
                    move.key, move.old_date, by_key[move.key].start_date, start, move.old_deadline, deadline
                )
            )
    placed = {move.key for move in realignment.moves} | {period.key for period in realignment.cancelled}
    for period in periods:
        if period.key in placed or period.cancelled or period.meeting_date < today:
            continue
        start = start_after(period.meeting_date, period.start_date)
        if start != period.start_date:
            # A kept meeting keeps its deadline unless the period would now start after it.
            deadline = max(period.reporting_deadline, min(start, period.meeting_date))
            restarts.append(
                PeriodRestart(
                    period.key,
                    period.meeting_date,
                    period.start_date,
                    start,
                    period.reporting_deadline,
                    deadline,
                )
            )
    return moves, sorted(restarts, key=lambda restart: restart.meeting_date)


def meeting_on_or_after(day: datetime.date, held_dates) -> datetime.date | None:
    """The first meeting held on or after `day`: the one whose period covers `day` when every period
    starts the day after the meeting before it (where a cancelled meeting's drafts go)."""
    return min((other for other in held_dates if other >= day), default=None)
