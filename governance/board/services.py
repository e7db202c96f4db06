"""Writes of the Project Board's calendar: the meeting series, moving or cancelling one meeting, and the
reminders to project leaders before a reporting deadline (the date rules are in governance/board/calendar.py;
the reminder e-mail in templates/emails/status_reminder.txt)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from governance.board import calendar as board_calendar
from governance.common.records import portal_url
from governance.models import BoardCalendar, Body, Meeting, StatusReminder
from portfolio import stale
from portfolio.dates import danish_date
from portfolio.history import save_with_history
from portfolio.mail import send_portal_mail
from portfolio.models import Project, ReportingPeriod, StatusReport

PROJECT_BOARD_SLUG = "project-board"
# Leaders are reminded when the deadline is at most this many working days ahead (the deadline day
# itself included), once per period and project.
REMINDER_WORKING_DAYS = 3


def board_calendar_current() -> BoardCalendar | None:
    return BoardCalendar.objects.order_by("pk").first()


BOARD_CALENDAR_FIELDS = ("first_meeting_date", "interval_days", "deadline_working_days", "horizon_weeks")


def board_calendar_scope() -> stale.Scope:
    """What the calendar form edits: the one calendar row (none yet counts as a state too)."""
    return stale.Scope((stale.rows(BoardCalendar.objects.all(), BOARD_CALENDAR_FIELDS),))


@transaction.atomic
def board_calendar_save(
    *, actor, first_meeting_date, interval_days, deadline_working_days, horizon_weeks, version=None
) -> BoardCalendar:
    """Set the Project Board's meeting series (there is one calendar; saving again updates it).
    Meetings already created keep their dates: change a single meeting with board_period_move.
    The form's token (portfolio.stale) must match the calendar as stored now."""
    stale.check(board_calendar_scope(), version)
    calendar = BoardCalendar.objects.select_for_update().order_by("pk").first() or BoardCalendar()
    calendar.first_meeting_date = first_meeting_date
    calendar.interval_days = interval_days
    calendar.deadline_working_days = deadline_working_days
    calendar.horizon_weeks = horizon_weeks
    calendar.updated_by = actor
    save_with_history(calendar, actor=actor, clean=True)
    return calendar


@transaction.atomic
def board_calendar_extend(*, today: datetime.date | None = None) -> list[ReportingPeriod]:
    """Create the series' missing periods (and their Project Board meetings) from today to the
    calendar's horizon. Idempotent: a slot that already has a period, moved or cancelled, is left
    alone, and existing periods are never changed. Returns the periods created, by meeting date."""
    calendar = BoardCalendar.objects.select_for_update().order_by("pk").first()
    if calendar is None:
        return []
    today = today or timezone.localdate()
    until = today + datetime.timedelta(weeks=calendar.horizon_weeks)
    margin = datetime.timedelta(days=calendar.interval_days)
    low = min(today, calendar.first_meeting_date) - margin
    existing = ReportingPeriod.objects.filter(
        meeting_date__gte=low, meeting_date__lte=until + margin
    ).values_list("meeting_date", flat=True)
    # The period before the first planned one decides where that one starts.
    previous = (
        ReportingPeriod.objects.filter(meeting_date__lt=low)
        .order_by("-meeting_date")
        .values_list("meeting_date", flat=True)
        .first()
    )
    planned = board_calendar.plan_periods(
        first_meeting_date=calendar.first_meeting_date,
        interval_days=calendar.interval_days,
        deadline_working_days=calendar.deadline_working_days,
        until=until,
        today=today,
        existing_meeting_dates=[*existing, *([previous] if previous else [])],
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
    """Move one Project Board meeting; its reporting deadline follows. The rest of the series stays.
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
    if (meeting := _meeting_of(period)) is not None:
        meeting.date = new
        save_with_history(meeting, actor=actor, update_fields=["date"])
    return period


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


@transaction.atomic
def board_period_cancel(*, actor, period: ReportingPeriod) -> ReportingPeriod:
    """Cancel one meeting: its period stays (nothing is deleted); reports go to the next meeting."""
    return _set_cancelled(actor=actor, period=period, cancelled=True)


@transaction.atomic
def board_period_uncancel(*, actor, period: ReportingPeriod) -> ReportingPeriod:
    return _set_cancelled(actor=actor, period=period, cancelled=False)


# --------------------------------------------------------------------------- reminders


def _status_new_path(project_pk: int) -> str:
    try:
        return reverse("portfolio:status-new", args=[project_pk])
    except NoReverseMatch:
        return f"/projects/{project_pk}/status/new/"


def board_period_to_remind(today: datetime.date) -> ReportingPeriod | None:
    """The next meeting's period if its reporting deadline is at most REMINDER_WORKING_DAYS working
    days ahead (today and the deadline day included), else None."""
    period = (
        ReportingPeriod.objects.filter(cancelled=False, reporting_deadline__gte=today)
        .order_by("reporting_deadline", "meeting_date")
        .first()
    )
    if period is None:
        return None
    if period.reporting_deadline > board_calendar.add_working_days(today, REMINDER_WORKING_DAYS):
        return None
    return period


def status_reminder_message(*, project: Project, period: ReportingPeriod) -> tuple[str, str]:
    """The reminder's subject and plain-text body, in Danish."""
    with translation.override("da"):
        subject = f"Påmindelse: statusrapport til Project Board {danish_date(period.meeting_date)}"
        body = render_to_string(
            "emails/status_reminder.txt",
            {
                "project": project,
                "leader": project.leader,
                "period": period,
                "deadline": danish_date(period.reporting_deadline, "weekday"),
                "meeting": danish_date(period.meeting_date, "weekday"),
                "url": portal_url(_status_new_path(project.pk)),
            },
        )
    return subject, body


def _send_reminder(subject: str, body: str, recipient: str) -> None:
    send_portal_mail(subject, body, [recipient])  # safe subject; a failure is logged, the run goes on


@transaction.atomic
def board_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail the leader of every active project with no submitted report for the next meeting, when
    its deadline is near: once per period and project (a StatusReminder row, unique, records it), and
    only after the transaction commits. Returns the number of reminders sent."""
    today = today or timezone.localdate()
    period = board_period_to_remind(today)
    if period is None:
        return 0
    submitted = StatusReport.objects.filter(
        project=OuterRef("pk"), period=period, state=StatusReport.State.SUBMITTED
    )
    reminded = StatusReminder.objects.filter(project=OuterRef("pk"), period=period)
    projects = (
        Project.objects.active()
        .filter(leader__isnull=False, leader__is_active=True)
        .exclude(leader__email="")
        .exclude(Exists(submitted))
        .exclude(Exists(reminded))
        .select_related("leader")
        .order_by("number")
    )
    sent = 0
    for project in projects:
        # Unique per period and project: a second, concurrent run gets the existing row and sends nothing.
        _, created = StatusReminder.objects.get_or_create(
            period=period, project=project, defaults={"recipient": project.leader}
        )
        if not created:
            continue
        subject, body = status_reminder_message(project=project, period=period)
        transaction.on_commit(
            lambda s=subject, b=body, r=project.leader.email: _send_reminder(s, b, r), robust=True
        )
        sent += 1
    return sent
