"""Writes of the Project Board's calendar: the meeting series, moving or cancelling one meeting (the date
rules are in governance/board/calendar.py; the reminders about missing reports in board/reminders.py)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from governance.board import calendar as board_calendar
from governance.models import BoardCalendar, Body, Meeting
from portfolio import stale
from portfolio.dates import danish_date
from portfolio.history import save_with_history
from portfolio.models import ReportingPeriod, StatusReport

PROJECT_BOARD_SLUG = "project-board"


def board_calendar_current() -> BoardCalendar | None:
    return BoardCalendar.objects.order_by("pk").first()


BOARD_CALENDAR_FIELDS = ("first_meeting_date", "interval_days", "deadline_working_days", "horizon_weeks")


# The history reasons of a meeting's new date: a person moved this one meeting, or a changed series
# moved it (board/calendar_change.py). The board list's "Flyttet fra …" means the first kind only.
MOVED_BY_HAND = "Flyttet enkeltvis"
MOVED_BY_SERIES = "Flyttet med serien"


def _meeting_label(meeting) -> str:
    return f"Mødet {danish_date(meeting.date)}"


def _report_label(report) -> str:
    return f"Statusrapport for {report.project} til mødet {danish_date(report.period.meeting_date)}"


def board_calendar_scope() -> stale.Scope:
    """What the calendar form edits: the one calendar row (none yet counts as a state too) and the
    coming meetings a changed series moves or keeps (their dates, and the reports and minutes that
    keep a meeting's date), so a confirmed preview is refused if any of them changed since."""
    today = timezone.localdate()
    return stale.Scope(
        (
            stale.rows(BoardCalendar.objects.all(), BOARD_CALENDAR_FIELDS),
            stale.rows(
                ReportingPeriod.objects.filter(meeting_date__gte=today),
                ("meeting_date", "reporting_deadline", "cancelled"),
            ),
            stale.rows(
                Meeting.objects.filter(reporting_period__meeting_date__gte=today),
                ("date", "cancelled", "minutes"),
                _meeting_label,
            ),
            stale.rows(
                StatusReport.objects.filter(
                    period__meeting_date__gte=today, state=StatusReport.State.SUBMITTED
                ).select_related("project", "period"),
                ("state",),
                _report_label,
            ),
        )
    )


@transaction.atomic
def board_calendar_save(
    *, actor, first_meeting_date, interval_days, deadline_working_days, horizon_weeks, version=None
) -> BoardCalendar:
    """Set the Project Board's meeting series (there is one calendar; saving again updates it).
    Meetings already created keep their dates here: board/calendar_change.py realigns them with the
    new series, after a preview. The form's token (portfolio.stale) must match the calendar as
    stored now."""
    stale.check(board_calendar_scope(), version)
    calendar = BoardCalendar.objects.select_for_update().order_by("pk").first() or BoardCalendar()
    calendar.first_meeting_date = first_meeting_date
    calendar.interval_days = interval_days
    calendar.deadline_working_days = deadline_working_days
    calendar.horizon_weeks = horizon_weeks
    calendar.updated_by = actor
    save_with_history(calendar, actor=actor, clean=True)
    return calendar


def series_plan(
    *,
    first_meeting_date,
    interval_days,
    deadline_working_days,
    horizon_weeks,
    today: datetime.date,
    new_dates: dict | None = None,
) -> list[board_calendar.PlannedPeriod]:
    """The periods this series still lacks from today to its horizon (what board_calendar_extend
    creates). `new_dates` maps a period's pk to the date a previewed change gives it."""
    new_dates = new_dates or {}
    until = today + datetime.timedelta(weeks=horizon_weeks)
    margin = datetime.timedelta(days=interval_days)
    low = min(today, first_meeting_date) - margin
    existing = ReportingPeriod.objects.filter(
        meeting_date__gte=low, meeting_date__lte=until + margin
    ).values_list("pk", "meeting_date")
    # The period before the first planned one decides where that one starts.
    previous = (
        ReportingPeriod.objects.filter(meeting_date__lt=low)
        .order_by("-meeting_date")
        .values_list("meeting_date", flat=True)
        .first()
    )
    return board_calendar.plan_periods(
        first_meeting_date=first_meeting_date,
        interval_days=interval_days,
        deadline_working_days=deadline_working_days,
        until=until,
        today=today,
        existing_meeting_dates=[
            *(new_dates.get(pk, day) for pk, day in existing),
            *([previous] if previous else []),
        ],
    )


@transaction.atomic
def board_calendar_extend(*, today: datetime.date | None = None) -> list[ReportingPeriod]:
    """Create the series' missing periods (and their Project Board meetings) from today to the
    calendar's horizon. Idempotent: a slot that already has a period, moved or cancelled, is left
    alone, and existing periods are never changed. Returns the periods created, by meeting date."""
    calendar = BoardCalendar.objects.select_for_update().order_by("pk").first()
    if calendar is None:
        return []
    planned = series_plan(
        first_meeting_date=calendar.first_meeting_date,
        interval_days=calendar.interval_days,
        deadline_working_days=calendar.deadline_working_days,
        horizon_weeks=calendar.horizon_weeks,
        today=today or timezone.localdate(),
    )
    board = Body.objects.filter(slug=PROJECT_BOARD_SLUG).first()
    created = []
    for plan in planned:
        period, was_created = ReportingPeriod.objects.get_or_create(
            meeting_date=plan.meeting_date,
            defaults={
                "start_date": plan.start_date,
                "reporting_deadline": plan.reporting_deadline,
                "cancelled": plan.cancelled,
            },
        )
        if not was_created:
            continue
        if board is not None:
            meeting = Meeting(
                body=board, date=period.meeting_date, reporting_period=period, cancelled=period.cancelled
            )
            save_with_history(meeting, actor=None)
        created.append(period)
    return created


def _period_deadline_working_days(period: ReportingPeriod, calendar: BoardCalendar | None) -> int:
    if calendar is not None:
        return calendar.deadline_working_days
    # No calendar: keep the distance the period had.
    return board_calendar.working_days_between(period.reporting_deadline, period.meeting_date)


def _meeting_of(period: ReportingPeriod) -> Meeting | None:
    return Meeting.objects.filter(reporting_period=period).first()


def board_period_scope(period: ReportingPeriod) -> stale.Scope:
    """The period's row (the board list's move form carries its token, portfolio.stale)."""
    return stale.of(period)


@transaction.atomic
def board_period_move(
    *, actor, period: ReportingPeriod, new_meeting_date: datetime.date, version=None
) -> ReportingPeriod:
    """Move one Project Board meeting; its reporting deadline follows, and so does the start of the next
    meeting's period. The rest of the series stays.
    The form's token (portfolio.stale) must match the period as stored now."""
    stale.check(board_period_scope(period), version)
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    old = period.meeting_date
    new = new_meeting_date
    if new == old:
        raise ValidationError(f"Mødet ligger allerede den {danish_date(new)}. Vælg en anden dato.")
    if new < timezone.localdate():
        raise ValidationError("Et møde kan ikke flyttes til en dato, der er passeret.")
    if reason := board_calendar.non_working_reason(new):
        raise ValidationError(f"{danish_date(new, 'weekday').capitalize()} er {reason}. Vælg en arbejdsdag.")
    others = ReportingPeriod.objects.exclude(pk=period.pk)
    if others.filter(meeting_date=new).exists():
        raise ValidationError(f"Der er allerede et Project Board-møde den {danish_date(new)}.")
    before = others.filter(meeting_date__lt=old).order_by("-meeting_date").first()
    after = others.filter(meeting_date__gt=old).order_by("meeting_date").first()
    if (before and new <= before.meeting_date) or (after and new >= after.meeting_date):
        limits = []
        if before:
            limits.append(f"efter det forrige møde ({danish_date(before.meeting_date)})")
        if after:
            limits.append(f"før det næste møde ({danish_date(after.meeting_date)})")
        raise ValidationError(f"Mødet kan kun flyttes til en dato {' og '.join(limits)}.")
    calendar = board_calendar_current()
    if calendar is not None:
        interval = calendar.interval_days
        slot = board_calendar.slot_of(old, calendar.first_meeting_date, interval)
        if slot >= calendar.first_meeting_date:
            first, last = board_calendar.slot_window(slot, interval)
            if not first <= new <= last:
                raise ValidationError(
                    f"Mødet hører til seriens møde den {danish_date(slot)} og kan flyttes til en dato "
                    f"fra {danish_date(first)} til {danish_date(last)}. Aflys det i stedet, hvis det "
                    "ikke kan holdes i det tidsrum."
                )
    period.start_date = min(period.start_date, new)
    period.meeting_date = new
    period.reporting_deadline = board_calendar.reporting_deadline(
        new, _period_deadline_working_days(period, calendar), start_date=period.start_date
    )
    period.full_clean()
    period.save(update_fields=["start_date", "meeting_date", "reporting_deadline"])
    if not period.cancelled:
        _follow_start(after=period)
    if (meeting := _meeting_of(period)) is not None:
        meeting.date = new
        save_with_history(meeting, actor=actor, update_fields=["date"], reason=MOVED_BY_HAND)
    return period


def _follow_start(*, after: ReportingPeriod) -> None:
    """The next held meeting's period starts the day after `after`'s meeting (just moved): no day
    belongs to two periods, none to neither. Its deadline moves only if it would fall before that."""
    following = (
        ReportingPeriod.objects.select_for_update()
        .filter(meeting_date__gt=after.meeting_date, cancelled=False)
        .order_by("meeting_date")
        .first()
    )
    start = after.meeting_date + datetime.timedelta(days=1)
    if following is None or following.start_date == start:
        return
    following.start_date = start
    following.reporting_deadline = max(following.reporting_deadline, min(start, following.meeting_date))
    following.full_clean()
    following.save(update_fields=["start_date", "reporting_deadline"])


def _set_cancelled(*, actor, period: ReportingPeriod, cancelled: bool) -> ReportingPeriod:
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.cancelled != cancelled:
        period.cancelled = cancelled
        period.save(update_fields=["cancelled"])
    meeting = _meeting_of(period)
    if meeting is not None and meeting.cancelled != cancelled:
        meeting.cancelled = cancelled
        save_with_history(meeting, actor=actor, update_fields=["cancelled"])
    return period


# The history's reason on a draft moved off a cancelled meeting (here and by a changed series).
DRAFT_MOVED = "Flyttet fra det aflyste møde"


def board_period_drafts_move_on(*, actor, period: ReportingPeriod) -> int:
    """The drafts of a cancelled meeting go to the next meeting held, so a leader's started report is not left
    behind on a meeting that will not be; a project that already has a report there keeps its draft where it
    is. Returns how many moved."""
    following = (
        ReportingPeriod.objects.filter(meeting_date__gt=period.meeting_date, cancelled=False)
        .order_by("meeting_date")
        .first()
    )
    if following is None:
        return 0
    reported = StatusReport.objects.filter(period=following).values("project_id")
    drafts = StatusReport.objects.filter(period=period, state=StatusReport.State.DRAFT).exclude(
        project_id__in=reported
    )
    moved = 0
    for report in drafts.order_by("pk"):
        report.period = following
        save_with_history(
            report,
            actor=actor,
            update_fields=["period"],
            reason=f"{DRAFT_MOVED} {danish_date(period.meeting_date)}",
        )
        moved += 1
    return moved


@transaction.atomic
def board_period_cancel(*, actor, period: ReportingPeriod, move_drafts: bool = True) -> ReportingPeriod:
    """Cancel one meeting: its period stays (nothing is deleted); reports, drafts too, go to the next one.
    A changed series (calendar_change) moves the drafts itself, as its preview said: move_drafts=False."""
    period = _set_cancelled(actor=actor, period=period, cancelled=True)
    if move_drafts:
        board_period_drafts_move_on(actor=actor, period=period)
    return period


@transaction.atomic
def board_period_uncancel(*, actor, period: ReportingPeriod) -> ReportingPeriod:
    return _set_cancelled(actor=actor, period=period, cancelled=False)
