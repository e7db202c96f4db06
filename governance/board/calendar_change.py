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
from portfolio.dates import danish_date
from portfolio.history import save_with_history
from portfolio.models import ReportingPeriod, StatusReport

REASON_REPORTS = "har indsendte statusrapporter"
REASON_MINUTES = "har referat"
# The history reason of a draft moved off a meeting the change cancelled, followed by its date.
DRAFT_MOVED = services.DRAFT_MOVED


@dataclass
class CalendarChange:
    """A changed series and what it does to the meetings from today on (all dates are meeting dates)."""

    interval_days: int
    moves: list[board_realign.PeriodMove] = field(default_factory=list)
    kept: list[board_realign.PeriodKept] = field(default_factory=list)
    cancelled: list[board_realign.ExistingPeriod] = field(default_factory=list)
    added: list[PlannedPeriod] = field(default_factory=list)
    spacings: list[board_realign.Spacing] = field(default_factory=list)
    restarts: list[board_realign.PeriodRestart] = field(default_factory=list)
    drafts: list["DraftMove"] = field(default_factory=list)
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


@dataclass(frozen=True)
class DraftMove:
    """The draft status reports of a meeting the change cancels, and the meeting they go to: the first
    one held on or after it, whose period now covers its date. A draft stays on the cancelled meeting
    when its project already has a report for that meeting (one report per project and meeting), or
    when no meeting is planned after it (`to_date` None)."""

    from_key: int
    from_date: datetime.date
    to_date: datetime.date | None
    report_keys: tuple[int, ...]
    staying: int = 0

    @property
    def sentence(self) -> str:
        """ "2 kladder flyttes til mødet tirsdag 18. februar 2031." (and why any stay)"""
        if self.to_date is None:
            return (
                f"{_drafts(self.staying)} bliver på det aflyste møde, fordi der ikke er planlagt "
                "noget møde efter det endnu."
            )
        to = f"mødet {danish_date(self.to_date, 'weekday')}"
        text = ""
        if moving := len(self.report_keys):
            text = f"{_drafts(moving)} flyttes til {to}."
        if self.staying:
            text += (
                f" {_drafts(self.staying)} bliver på det aflyste møde, fordi "
                f"{'projektet' if self.staying == 1 else 'projekterne'} allerede har en rapport til {to}."
            )
        return text.strip()


def _drafts(count: int) -> str:
    return f"{count} {'kladde' if count == 1 else 'kladder'}"


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
    moves, restarts = board_realign.follow_starts(
        periods=periods,
        realignment=realignment,
        held_dates=held + coming + ([last_held] if last_held else []),
        today=today,
        deadline_working_days=deadline_working_days,
    )
    coming_keys = {
        new_dates[period.key]: period.key
        for period in periods
        if not period.cancelled and period.key not in cancelled_keys
    }
    return CalendarChange(
        interval_days=interval_days,
        moves=moves,
        kept=realignment.kept,
        cancelled=realignment.cancelled,
        added=added,
        spacings=spacings,
        restarts=restarts,
        drafts=_draft_moves(realignment.cancelled, coming, coming_keys),
    )


def _draft_moves(cancelled, coming, coming_keys) -> list[DraftMove]:
    """Where the drafts of the cancelled meetings go (`coming`: the dates of the meetings held from
    today on; `coming_keys`: the periods already in the portal among them, by date). The latest
    cancelled meeting goes first, so of two drafts of one project the newer one moves."""
    drafts = list(
        StatusReport.objects.filter(
            period__in=[period.key for period in cancelled], state=StatusReport.State.DRAFT
        )
        .order_by("pk")
        .values_list("pk", "project_id", "period_id")
    )
    if not drafts:
        return []
    targets = {
        period.key: board_realign.meeting_on_or_after(period.meeting_date, coming) for period in cancelled
    }
    target_dates = {coming_keys[day]: day for day in set(targets.values()) if day in coming_keys}
    taken = {
        (project, target_dates[key])
        for project, key in StatusReport.objects.filter(period__in=target_dates).values_list(
            "project_id", "period_id"
        )
    }
    result = []
    for period in sorted(cancelled, key=lambda period: period.meeting_date, reverse=True):
        to_date = targets[period.key]
        mine = [(pk, project) for pk, project, key in drafts if key == period.key]
        if not mine:
            continue
        moving = [pk for pk, project in mine if to_date and (project, to_date) not in taken]
        taken |= {(project, to_date) for _pk, project in mine}
        result.append(
            DraftMove(period.key, period.meeting_date, to_date, tuple(moving), len(mine) - len(moving))
        )
    return sorted(result, key=lambda move: move.from_date)


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
    restarted = ReportingPeriod.objects.in_bulk([restart.key for restart in change.restarts])
    for restart in change.restarts:
        period = restarted[restart.key]
        period.start_date = restart.new_start
        period.reporting_deadline = restart.new_deadline
        period.full_clean()
        period.save(update_fields=["start_date", "reporting_deadline"])
    for surplus in ReportingPeriod.objects.filter(pk__in=[period.key for period in change.cancelled]):
        services.board_period_cancel(actor=actor, period=surplus, move_drafts=False)
    change.created = services.board_calendar_extend(today=today)
    _move_drafts(actor=actor, drafts=change.drafts)
    return change


def _move_drafts(*, actor, drafts: list[DraftMove]) -> None:
    """Move the cancelled meetings' drafts to the meetings the preview named (created by now if the
    series added them), each with a history record that says where it came from."""
    targets = {
        period.meeting_date: period
        for period in ReportingPeriod.objects.filter(meeting_date__in=[move.to_date for move in drafts])
    }
    reports = StatusReport.objects.in_bulk([pk for move in drafts for pk in move.report_keys])
    # (A move with no meeting to go to has no report keys.)
    for move in drafts:
        for pk in move.report_keys:
            report = reports[pk]
            report.period = targets[move.to_date]
            save_with_history(
                report,
                actor=actor,
                update_fields=["period"],
                reason=f"{DRAFT_MOVED} {danish_date(move.from_date)}",
            )
