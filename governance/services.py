"""Writes to governance. Membership of a body is membership of its group: rights follow the organisation."""

import datetime

from django.db import transaction
from django.utils import timezone

from governance.models import Body, Membership


@transaction.atomic
def user_groups_sync(*, user) -> None:
    """Put `user` in exactly the groups of the bodies they are an active member of today."""
    today = timezone.localdate()
    body_groups = Body.objects.values_list("group_id", flat=True)
    active = set(
        Membership.objects.active_on(today).filter(user=user).values_list("body__group_id", flat=True)
    )
    current = set(user.groups.filter(pk__in=body_groups).values_list("pk", flat=True))
    if remove := current - active:
        user.groups.remove(*remove)
    if add := active - current:
        user.groups.add(*add)


@transaction.atomic
def membership_start(
    *,
    actor,
    body: Body,
    user,
    role=Membership.Role.MEMBER,
    start_date: datetime.date | None = None,
    project=None,
) -> Membership:
    membership = Membership(
        body=body, user=user, role=role, project=project, start_date=start_date or timezone.localdate()
    )
    membership._history_user = actor
    membership.full_clean()
    membership.save()
    user_groups_sync(user=user)
    return membership


@transaction.atomic
def membership_end(*, actor, membership: Membership, end_date: datetime.date | None = None) -> Membership:
    membership.end_date = end_date or timezone.localdate()
    membership._history_user = actor
    membership.full_clean()
    membership.save(update_fields=["end_date"])
    user_groups_sync(user=membership.user)
    return membership


# --------------------------------------------------------------------------- the Project Board calendar
# (calendar logic in governance/calendar.py; the reminder e-mail in templates/emails/status_reminder.txt)

from django.conf import settings  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.core.mail import send_mail  # noqa: E402
from django.db.models import Exists, OuterRef  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import formats, translation  # noqa: E402

from governance import calendar as board_calendar  # noqa: E402
from governance.models import BoardCalendar, Meeting, StatusReminder  # noqa: E402
from portfolio.models import Project, ReportingPeriod, StatusReport  # noqa: E402

PROJECT_BOARD_SLUG = "project-board"
# Leaders are reminded when the deadline is at most this many working days ahead (the deadline day
# itself included), once per period and project.
REMINDER_WORKING_DAYS = 3


def _danish_date(day: datetime.date, fmt: str = "j. F Y") -> str:
    with translation.override("da"):
        return formats.date_format(day, fmt)


def board_calendar_current() -> BoardCalendar | None:
    return BoardCalendar.objects.order_by("pk").first()


@transaction.atomic
def board_calendar_save(
    *, actor, first_meeting_date, interval_days, deadline_working_days, horizon_weeks
) -> BoardCalendar:
    """Set the Project Board's meeting series (there is one calendar; saving again updates it).
    Meetings already created keep their dates: change a single meeting with board_period_move."""
    calendar = BoardCalendar.objects.select_for_update().order_by("pk").first() or BoardCalendar()
    calendar.first_meeting_date = first_meeting_date
    calendar.interval_days = interval_days
    calendar.deadline_working_days = deadline_working_days
    calendar.horizon_weeks = horizon_weeks
    calendar.updated_by = actor
    calendar._history_user = actor
    calendar.full_clean()
    calendar.save()
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
            meeting._history_user = None
            meeting.save()
        created.append(period)
    return created


def _period_deadline_working_days(period: ReportingPeriod, calendar: BoardCalendar | None) -> int:
    if calendar is not None:
        return calendar.deadline_working_days
    # No calendar: keep the distance the period had.
    return board_calendar.working_days_between(period.reporting_deadline, period.meeting_date)


def _meeting_of(period: ReportingPeriod) -> Meeting | None:
    return Meeting.objects.filter(reporting_period=period).first()


@transaction.atomic
def board_period_move(*, actor, period: ReportingPeriod, new_meeting_date: datetime.date) -> ReportingPeriod:
    """Move one Project Board meeting; its reporting deadline follows. The rest of the series stays."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    old = period.meeting_date
    new = new_meeting_date
    if new == old:
        raise ValidationError(f"Mødet ligger allerede den {_danish_date(new)}. Vælg en anden dato.")
    if new < timezone.localdate():
        raise ValidationError("Et møde kan ikke flyttes til en dato, der er passeret.")
    if reason := board_calendar.non_working_reason(new):
        raise ValidationError(
            f"{_danish_date(new, 'l j. F Y').capitalize()} er {reason}. Vælg en arbejdsdag."
        )
    others = ReportingPeriod.objects.exclude(pk=period.pk)
    if others.filter(meeting_date=new).exists():
        raise ValidationError(f"Der er allerede et Project Board-møde den {_danish_date(new)}.")
    before = others.filter(meeting_date__lt=old).order_by("-meeting_date").first()
    after = others.filter(meeting_date__gt=old).order_by("meeting_date").first()
    if (before and new <= before.meeting_date) or (after and new >= after.meeting_date):
        limits = []
        if before:
            limits.append(f"efter det forrige møde ({_danish_date(before.meeting_date)})")
        if after:
            limits.append(f"før det næste møde ({_danish_date(after.meeting_date)})")
        raise ValidationError(f"Mødet kan kun flyttes til en dato {' og '.join(limits)}.")
    calendar = board_calendar_current()
    if calendar is not None:
        interval = calendar.interval_days
        slot = board_calendar.slot_of(old, calendar.first_meeting_date, interval)
        if slot >= calendar.first_meeting_date:
            first, last = board_calendar.slot_window(slot, interval)
            if not first <= new <= last:
                raise ValidationError(
                    f"Mødet hører til seriens møde den {_danish_date(slot)} og kan flyttes til en dato "
                    f"fra {_danish_date(first)} til {_danish_date(last)}. Aflys det i stedet, hvis det "
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
        meeting._history_user = actor
        meeting.save(update_fields=["date"])
    return period


def _set_cancelled(*, actor, period: ReportingPeriod, cancelled: bool) -> ReportingPeriod:
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.cancelled != cancelled:
        period.cancelled = cancelled
        period.save(update_fields=["cancelled"])
    meeting = _meeting_of(period)
    if meeting is not None and meeting.cancelled != cancelled:
        meeting.cancelled = cancelled
        meeting._history_user = actor
        meeting.save(update_fields=["cancelled"])
    return period


@transaction.atomic
def board_period_cancel(*, actor, period: ReportingPeriod) -> ReportingPeriod:
    """Cancel one meeting: its period stays (nothing is deleted); reports go to the next meeting."""
    return _set_cancelled(actor=actor, period=period, cancelled=True)


@transaction.atomic
def board_period_uncancel(*, actor, period: ReportingPeriod) -> ReportingPeriod:
    return _set_cancelled(actor=actor, period=period, cancelled=False)


# --------------------------------------------------------------------------- reminders


def portal_url(path: str) -> str:
    base = getattr(settings, "PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    return f"{base}{path}"


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
        subject = f"Påmindelse: statusrapport til Project Board {_danish_date(period.meeting_date)}"
        body = render_to_string(
            "emails/status_reminder.txt",
            {
                "project": project,
                "leader": project.leader,
                "period": period,
                "deadline": _danish_date(period.reporting_deadline, "l j. F Y"),
                "meeting": _danish_date(period.meeting_date, "l j. F Y"),
                "url": portal_url(_status_new_path(project.pk)),
            },
        )
    return subject, body


def _send_reminder(subject: str, body: str, recipient: str) -> None:
    send_mail(subject, body, None, [recipient], fail_silently=False)


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


# --- The Project Board's status report: request, render, the scheduled run --------------------------
#
# Publishing happens INSIDE the transaction that creates or re-queues the report (not on commit): if the
# broker does not answer, the exception rolls the row back, so nothing is left "queued" that no worker
# will ever pick up. The price is a race the other way round: a fast worker may receive the task before
# the row is committed. The task therefore carries the id it was published with (stored on the row) and
# waits (retries) until the row it belongs to is visible.

import logging  # noqa: E402
import uuid  # noqa: E402

from django.core.files.base import ContentFile  # noqa: E402
from django.db import IntegrityError, OperationalError  # noqa: E402

from governance.models import BoardReport  # noqa: E402
from portfolio.models import ReportingPeriod  # noqa: E402

board_logger = logging.getLogger("governance.board_reports")

BOARD_REPORT_QUEUE_ERROR_MESSAGE = (
    "Rapporten kunne ikke sættes i kø, fordi baggrundstjenesten ikke svarer. Prøv igen om lidt."
)
BOARD_REPORT_ERROR_MAX_CHARS = 1000
# A queued or running report older than this is presumed lost (its task's message is gone): asking
# again queues it anew instead of waiting forever. Longer than the task time limit.
BOARD_REPORT_STALE_AFTER = datetime.timedelta(minutes=30)


class BoardReportQueueError(Exception):
    """The broker did not take the task: nothing was saved."""

    def __init__(self, message=BOARD_REPORT_QUEUE_ERROR_MESSAGE):
        super().__init__(message)


class BoardReportNotReady(Exception):
    """The task arrived before the transaction that published it committed (or that transaction rolled
    back): the row it belongs to is not visible. The task retries shortly, and gives up after a while."""


def _broker_errors() -> tuple[type[BaseException], ...]:
    from kombu.exceptions import OperationalError as KombuOperationalError

    errors: list[type[BaseException]] = [KombuOperationalError, OSError]
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        errors += [RedisConnectionError, RedisTimeoutError]
    except ImportError:  # pragma: no cover - redis is a dependency, but the broker may be another
        pass
    return tuple(errors)


def _board_report_publish(report: BoardReport) -> None:
    from governance.tasks import board_report_generate

    try:
        board_report_generate.apply_async(args=[report.pk], task_id=report.task_id)
    except _broker_errors() as error:
        board_logger.warning("Board report %s could not be queued: %s", report.pk, error)
        raise BoardReportQueueError() from error


def _board_report_is_stale(report: BoardReport) -> bool:
    since = report.started_at or report.requested_at
    return since is not None and timezone.now() - since > BOARD_REPORT_STALE_AFTER


def board_report_request(*, actor, period: ReportingPeriod, regenerate: bool = True) -> BoardReport:
    """Ask for the period's status report PDF: create the report if there is none, or queue an existing
    done or failed one again (`regenerate`); a report already queued or running is left alone.

    The task is published before this transaction commits; if the broker is unreachable this raises
    BoardReportQueueError and nothing is saved. Safe when called twice at once: one report per period.
    """
    report, _queued = _board_report_request(actor=actor, period=period, regenerate=regenerate)
    return report


@transaction.atomic
def _board_report_request(*, actor, period: ReportingPeriod, regenerate: bool) -> tuple[BoardReport, bool]:
    """The report, and whether this call queued it."""
    report = BoardReport.objects.select_for_update().filter(period=period).first()
    if report is None:
        try:
            with transaction.atomic():
                report = BoardReport(period=period, requested_by=actor, task_id=str(uuid.uuid4()))
                report._history_user = actor
                report.save()
        except IntegrityError:
            # Someone else created it meanwhile (one report per period): theirs is the one.
            return BoardReport.objects.select_for_update().get(period=period), False
        _board_report_publish(report)
        return report, True

    active = report.status in (BoardReport.Status.QUEUED, BoardReport.Status.RUNNING)
    if not regenerate or (active and not _board_report_is_stale(report)):
        return report, False
    report.status = BoardReport.Status.QUEUED
    report.progress = 0
    report.error = ""
    report.requested_by = actor
    report.requested_at = timezone.now()
    report.task_id = str(uuid.uuid4())
    report.attempts = 0  # the tries of this request
    report.started_at = None
    report.finished_at = None
    report._history_user = actor
    report.save()
    _board_report_publish(report)
    return report, True


def board_report_file_name(report: BoardReport) -> str:
    """A new name for every render, so the earlier file (kept in the history) is never overwritten."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    return f"board_reports/{report.period.meeting_date:%Y-%m-%d}-{report.pk}-{stamp}.pdf"


def _board_report_referenced_files(report: BoardReport) -> set[str]:
    names = set(report.history.exclude(file="").values_list("file", flat=True))
    if report.file:
        names.add(report.file.name)
    return names


def _board_report_remove_orphans(report: BoardReport, storage) -> None:
    """Files of this report that no version of it points at: left by a worker that died after (or while)
    writing, before it could record the file. Removed so that one render leaves exactly one file."""
    prefix = f"{report.period.meeting_date:%Y-%m-%d}-{report.pk}-"
    try:
        _dirs, files = storage.listdir("board_reports")
    except (FileNotFoundError, NotADirectoryError, NotImplementedError):
        return
    referenced = _board_report_referenced_files(report)
    for name in files:
        path = f"board_reports/{name}"
        if name.startswith(prefix) and path not in referenced:
            storage.delete(path)


def _board_report_failure_reason(error: BaseException) -> str:
    detail = str(error).strip() or error.__class__.__name__
    reason = f"Rapporten kunne ikke dannes: {detail}"
    if len(reason) > BOARD_REPORT_ERROR_MAX_CHARS:
        reason = reason[: BOARD_REPORT_ERROR_MAX_CHARS - 1] + "…"
    return reason


def board_report_fail(*, report_id: int, task_id: str, reason: str) -> bool:
    """Record that the render of this request failed. False if the report moved on (another request)."""
    with transaction.atomic():
        report = BoardReport.objects.select_for_update().filter(pk=report_id, task_id=task_id).first()
        if report is None or report.status == BoardReport.Status.DONE:
            return False
        report.status = BoardReport.Status.FAILED
        report.error = reason
        report.finished_at = timezone.now()
        report._history_user = None
        report.save(update_fields=["status", "error", "finished_at"])
        return True


def board_report_render(*, report_id: int, task_id: str) -> BoardReport | None:
    """Render the report's PDF for the request `task_id`. Idempotent: a request already done is left
    alone; a request left running by a worker that died is rendered again, and the file is written before
    the row points at it, so exactly one file results. A failure is recorded on the report with its
    reason; operational database errors propagate so the task retries.

    Raises BoardReportNotReady when the row for `task_id` is not visible (yet). Returns None when the
    request was superseded by a newer one.
    """
    from governance.board_pdf import render_board_report

    with transaction.atomic():
        report = BoardReport.objects.select_for_update().select_related("period").filter(pk=report_id).first()
        if report is None:
            raise BoardReportNotReady(f"Board report {report_id} is not visible")
        if report.task_id != task_id:
            if report.status in (BoardReport.Status.QUEUED, BoardReport.Status.RUNNING):
                return None  # a newer request owns the report now; its task renders it
            raise BoardReportNotReady(f"Board report {report_id} is not (yet) queued for task {task_id}")
        if report.status in (BoardReport.Status.DONE, BoardReport.Status.FAILED):
            return report  # this request has run to its end already (a redelivered message)
        report.status = BoardReport.Status.RUNNING
        report.progress = 0
        report.error = ""
        report.attempts += 1
        report.started_at = timezone.now()
        report.finished_at = None
        report._history_user = None
        report.save(update_fields=["status", "progress", "error", "attempts", "started_at", "finished_at"])

    storage = BoardReport._meta.get_field("file").storage
    last = {"percent": 0}

    def progress(percent) -> None:
        # Each update commits on its own, so the page sees it; at most one write per percent.
        percent = max(0, min(99, int(percent)))
        if percent <= last["percent"]:
            return
        last["percent"] = percent
        BoardReport.objects.filter(pk=report_id, task_id=task_id, status=BoardReport.Status.RUNNING).update(
            progress=percent
        )

    try:
        pdf = render_board_report(report.period, progress=progress)
        name = storage.save(board_report_file_name(report), ContentFile(pdf))
    except OperationalError:
        raise
    except Exception as error:  # the renderer's or the storage's: recorded, not retried
        board_logger.exception("Board report %s failed", report_id)
        board_report_fail(report_id=report_id, task_id=task_id, reason=_board_report_failure_reason(error))
        report.refresh_from_db()
        return report

    with transaction.atomic():
        current = BoardReport.objects.select_for_update().filter(pk=report_id).first()
        if current is None or current.task_id != task_id or current.status != BoardReport.Status.RUNNING:
            # Superseded, or another delivery of this request finished first: keep one file only.
            storage.delete(name)
            return current if current is not None and current.task_id == task_id else None
        current.file.name = name
        current.status = BoardReport.Status.DONE
        current.progress = 100
        current.error = ""
        current.finished_at = timezone.now()
        current._history_user = None
        current.save(update_fields=["file", "status", "progress", "error", "finished_at"])
        _board_report_remove_orphans(current, storage)
    return current


def board_reports_generate_due(*, today: datetime.date | None = None) -> list[BoardReport]:
    """The scheduled run: every meeting not cancelled whose reporting deadline has come and whose meeting
    has not passed gets its report, once. Running it twice (two beats, a retry) creates nothing more.
    Returns the reports it created."""
    today = today or timezone.localdate()
    due = ReportingPeriod.objects.filter(
        cancelled=False,
        reporting_deadline__lte=today,
        meeting_date__gte=today,
        board_report__isnull=True,
    ).order_by("meeting_date")
    created = []
    for period in due:
        report, queued = _board_report_request(actor=None, period=period, regenerate=False)
        if queued:
            created.append(report)
    return created
