"""Changing the Project Board's meeting series: what it would do to the meetings already in the portal
(the preview the calendar form shows before it asks), and doing it on confirmation, in one transaction.

The coming meetings are realigned with the new series (governance/board/realign.py):
meetings with submitted reports or minutes keep their dates, surplus meetings are cancelled, missing
ones are created. A meeting the series moves is saved with its own history reason, so the board list
does not call it "Flyttet fra …" (that means a person moved that one meeting)."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from governance.board import realign as board_realign
from governance.board import services
from governance.board.calendar import PlannedPeriod
from governance.models import Meeting
from portfolio import stale
from portfolio.history import save_with_history
from portfolio.models import ReportingPeriod, StatusReport

REASON_REPORTS = "har indsendte statusrapporter"
REASON_MINUTES = "har referat"


@dataclass
class CalendarChange:
    """A changed series and what it does to the meetings from today on (all dates are meeting dates)."""

    interval_days: int
    moves: list[board_realign.PeriodMove] = field(default_factory=list)
    kept: list[board_realign.PeriodKept] = field(default_factory=list)
    cancelled: list[board_realign.ExistingPeriod] = field(default_factory=list)
    added: list[PlannedPeriod] = field(default_factory=list)
    spacings: list[board_realign.Spacing] = field(default_factory=list)
    created: list[ReportingPeriod] = field(default_factory=list)

    @property
    def date_moves(self):
        return [move for move in self.moves if move.moves_date]

    @property
    def deadline_moves(self):
        return [move for move in self.moves if not move.moves_date]

    @property
    def summary(self) -> str:
        """One Danish sentence or two: "Den nye serie flytter 4 møder og opretter 2 nye. 1 møde beholder
        sin dato." """
        clauses = []
        if moved := len(self.date_moves):
            clauses.append(f"flytter {_meetings(moved)}")
        if deadlines := len(self.deadline_moves):
            clauses.append(f"giver {_meetings(deadlines)} en ny frist for statusrapporten")
        if cancelled := len(self.cancelled):
            clauses.append(f"aflyser {_meetings(cancelled)}")
        if added := len(self.added):
            clauses.append(f"opretter {added} {'nyt møde' if added == 1 else 'nye møder'}")
        if not clauses:
            clauses.append("flytter ingen møder")
        text = (
            "Den nye serie "
            + (", ".join(clauses[:-1]) + " og " if len(clauses) > 1 else "")
            + clauses[-1]
            + "."
        )
        if kept := len(self.kept):
            text += f" {_meetings(kept).capitalize()} beholder {'sin' if kept == 1 else 'deres'} dato."
        return text

    @property
    def touches_existing(self) -> bool:
        """Whether saving changes or leaves off the series a meeting already in the portal: then the
        form shows this first and asks."""
        return bool(self.moves or self.kept or self.cancelled)


def _meetings(count: int) -> str:
    return f"{count} {'møde' if count == 1 else 'møder'}"


def _keep_reason(*, has_reports: bool, minutes: str) -> str | None:
    reasons = [REASON_REPORTS] if has_reports else []
    if minutes.strip():
        reasons.append(REASON_MINUTES)
    return " og ".join(reasons) or None


def _existing_periods(*, today, interval_days, lock=False) -> list[board_realign.ExistingPeriod]:
    """The periods from one interval before today on (a past meeting still holds its slot), with why
    a meeting must keep its date."""
    submitted = StatusReport.objects.filter(period=OuterRef("pk"), state=StatusReport.State.SUBMITTED)
    periods = ReportingPeriod.objects.filter(meeting_date__gte=today - datetime.timedelta(days=interval_days))
    if lock:
        list(periods.select_for_update(of=("self",)).values_list("pk", flat=True))
    rows = list(
        periods.annotate(has_reports=Exists(submitted))
        .order_by("meeting_date")
        .values("pk", "meeting_date", "start_date", "reporting_deadline", "cancelled", "has_reports")
    )
    minutes = dict(
        Meeting.objects.filter(reporting_period__in=[row["pk"] for row in rows])
        .exclude(minutes="")
        .values_list("reporting_period_id", "minutes")
    )
    return [
        board_realign.ExistingPeriod(
            key=row["pk"],
            meeting_date=row["meeting_date"],
            start_date=row["start_date"],
            reporting_deadline=row["reporting_deadline"],
            cancelled=row["cancelled"],
            keep_reason=_keep_reason(has_reports=row["has_reports"], minutes=minutes.get(row["pk"], "")),
        )
        for row in rows
    ]


def _planned_change(
    *, first_meeting_date, interval_days, deadline_working_days, horizon_weeks, today, lock=False
):
    periods = _existing_periods(today=today, interval_days=interval_days, lock=lock)
    realignment = board_realign.realign(
        first_meeting_date=first_meeting_date,
        interval_days=interval_days,
        deadline_working_days=deadline_working_days,
        today=today,
        periods=periods,
    )
    new_dates = realignment.final_dates(periods)
    added = services.series_plan(
        first_meeting_date=first_meeting_date,
        interval_days=interval_days,
        deadline_working_days=deadline_working_days,
        horizon_weeks=horizon_weeks,
        today=today,
        new_dates=new_dates,
    )
    # The meetings that will be held: the last one before today, then every coming one not cancelled.
    cancelled_keys = {period.key for period in realignment.cancelled}
    held = [
        new_dates[period.key]
        for period in periods
        if not period.cancelled and period.key not in cancelled_keys
    ]
    last_held = (
        ReportingPeriod.objects.filter(meeting_date__lt=today, cancelled=False)
        .order_by("-meeting_date")
        .values_list("meeting_date", flat=True)
        .first()
    )
    coming = sorted(
        [day for day in held if day >= today] + [plan.meeting_date for plan in added if not plan.cancelled]
    )
    spacings = board_realign.uneven_spacings(
        first_meeting_date=first_meeting_date,
        interval_days=interval_days,
        meeting_dates=([last_held] if last_held else []) + coming,
    )
    return CalendarChange(
        interval_days=interval_days,
        moves=realignment.moves,
        kept=realignment.kept,
        cancelled=realignment.cancelled,
        added=added,
        spacings=spacings,
    )


@transaction.atomic
def board_calendar_preview(
    *, first_meeting_date, interval_days, deadline_working_days, horizon_weeks, version=None, today=None
) -> CalendarChange:
    """What saving this series would do, changing nothing. Refused (portfolio.stale) when the form
    was opened before someone else changed the calendar or the coming meetings."""
    stale.check(services.board_calendar_scope(), version)
    return _planned_change(
        first_meeting_date=first_meeting_date,
        interval_days=interval_days,
        deadline_working_days=deadline_working_days,
        horizon_weeks=horizon_weeks,
        today=today or timezone.localdate(),
    )


@transaction.atomic
def board_calendar_change(
    *,
    actor,
    first_meeting_date,
    interval_days,
    deadline_working_days,
    horizon_weeks,
    version=None,
    today=None,
) -> CalendarChange:
    """Save the series and realign the coming meetings with it, as the preview showed: move them
    (their deadlines follow), cancel the surplus, create the missing. Meetings with submitted reports
    or minutes keep their dates. The token must match the calendar and the coming meetings as stored
    now, so a preview someone overtook is refused, not applied."""
    today = today or timezone.localdate()
    services.board_calendar_save(
        actor=actor,
        first_meeting_date=first_meeting_date,
        interval_days=interval_days,
        deadline_working_days=deadline_working_days,
        horizon_weeks=horizon_weeks,
        version=version,
    )
    change = _planned_change(
        first_meeting_date=first_meeting_date,
        interval_days=interval_days,
        deadline_working_days=deadline_working_days,
        horizon_weeks=horizon_weeks,
        today=today,
        lock=True,
    )
    periods = ReportingPeriod.objects.in_bulk([move.key for move in change.moves])
    meetings = {m.reporting_period_id: m for m in Meeting.objects.filter(reporting_period__in=periods)}
    for move in change.moves:
        period = periods[move.key]
        period.meeting_date = move.new_date
        period.start_date = move.new_start
        period.reporting_deadline = move.new_deadline
        period.full_clean()
        period.save(update_fields=["meeting_date", "start_date", "reporting_deadline"])
        meeting = meetings.get(move.key)
        if meeting is not None and meeting.date != move.new_date:
            meeting.date = move.new_date
            save_with_history(meeting, actor=actor, update_fields=["date"], reason=services.MOVED_BY_SERIES)
    for surplus in ReportingPeriod.objects.filter(pk__in=[period.key for period in change.cancelled]):
        services.board_period_cancel(actor=actor, period=surplus)
    change.created = services.board_calendar_extend(today=today)
    return change
