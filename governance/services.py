"""Writes to governance. Membership of a body is membership of its group: rights follow the organisation."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from governance.models import Body, Membership
from governance.permissions import can_appoint, can_manage_members
from portfolio import stale
from portfolio.models import Project
from portfolio.services import project_permissions_sync

# Only those who decide for a body carry its group's global rights: its chair and permanent members. A
# secretary's tasks are granted by role (governance.permissions); a member for a project's lifetime gets
# that project's object permissions instead (portfolio.services.project_permissions_sync).
GROUP_ROLES = (Membership.Role.CHAIR, Membership.Role.MEMBER)


@transaction.atomic
def user_groups_sync(*, user) -> None:
    """Put `user` in exactly the groups of the bodies they are an active chair or permanent member of
    today, and bring the object permissions of the projects they sit in a body for up to date."""
    today = timezone.localdate()
    body_groups = Body.objects.values_list("group_id", flat=True)
    active = set(
        Membership.objects.active_on(today)
        .filter(user=user, role__in=GROUP_ROLES, project__isnull=True)
        .values_list("body__group_id", flat=True)
    )
    current = set(user.groups.filter(pk__in=body_groups).values_list("pk", flat=True))
    if remove := current - active:
        user.groups.remove(*remove)
    if add := active - current:
        user.groups.add(*add)
    for project in Project.objects.filter(body_memberships__user=user).distinct():
        project_permissions_sync(project=project)


def _appointment_check(*, actor, body: Body, user, project) -> None:
    """The actor appoints to `body` (for `project`'s lifetime, when given), and not themselves.
    `actor=None` is the system (data loads, the demo)."""
    if actor is None:
        return
    if not can_appoint(actor, body, project=project):
        if not can_manage_members(actor, body):
            raise PermissionDenied
        above = body.escalates_to.name if body.escalates_to_id else "en administrator"
        raise ValidationError(
            f"Du kan tilføje og afslutte medlemmer for et projekts levetid. Faste medlemmer, formand og "
            f"sekretær udpeges af {above}."
        )
    if actor.pk == user.pk:
        raise ValidationError(
            "Du kan ikke selv ændre dit eget medlemskab. Det gør formanden eller sekretæren for det organ, "
            "organet svarer til."
        )


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
    """Appoint `user` to `body` (see _appointment_check for who may)."""
    _appointment_check(actor=actor, body=body, user=user, project=project)
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
    _appointment_check(actor=actor, body=membership.body, user=membership.user, project=membership.project)
    membership.end_date = end_date or timezone.localdate()
    membership._history_user = actor
    membership.full_clean()
    membership.save(update_fields=["end_date"])
    user_groups_sync(user=membership.user)
    return membership


# --------------------------------------------------------------------------- the Project Board calendar
# (calendar logic in governance/calendar.py; the reminder e-mail in templates/emails/status_reminder.txt)

from django.conf import settings  # noqa: E402
from django.db.models import Exists, OuterRef  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import formats, translation  # noqa: E402

from governance import calendar as board_calendar  # noqa: E402
from governance.models import BoardCalendar, Meeting, StatusReminder  # noqa: E402
from portfolio.mail import send_portal_mail  # noqa: E402
from portfolio.models import ReportingPeriod, StatusReport  # noqa: E402

PROJECT_BOARD_SLUG = "project-board"
# Leaders are reminded when the deadline is at most this many working days ahead (the deadline day
# itself included), once per period and project.
REMINDER_WORKING_DAYS = 3


def _danish_date(day: datetime.date, fmt: str = "j. F Y") -> str:
    with translation.override("da"):
        return formats.date_format(day, fmt)


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


# --- The Project Board's status report: request, render, the scheduled run --------------------------
#
# Publishing happens INSIDE the transaction that creates or re-queues the report (not on commit): if the
# broker does not answer, the exception rolls the row back, so nothing is left "queued" that no worker
# will ever pick up. The price is a race the other way round: a fast worker may receive the task before
# the row is committed. The task therefore carries the id it was published with (stored on the row) and
# waits (retries) until the row it belongs to is visible.

import logging  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Callable  # noqa: E402

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


def _task_publish(task, *, args: list, task_id: str, error_class: type[Exception], what: str) -> None:
    """Publish `task` under `task_id`; an unreachable broker raises `error_class` (shared by the board
    report and the plan PDF)."""
    try:
        task.apply_async(args=args, task_id=task_id)
    except _broker_errors() as error:
        board_logger.warning("%s could not be queued: %s", what, error)
        raise error_class() from error


def _progress_writer(write: Callable[[int], None]) -> Callable[[int], None]:
    """A progress callback for a renderer: clamps to 0–99 (100 is written with the result) and calls
    `write` at most once per percent, only forwards."""
    last = {"percent": 0}

    def progress(percent) -> None:
        percent = max(0, min(99, int(percent)))
        if percent <= last["percent"]:
            return
        last["percent"] = percent
        write(percent)

    return progress


def _render_failure_reason(error: BaseException, lead: str) -> str:
    detail = str(error).strip() or error.__class__.__name__
    reason = f"{lead}: {detail}"
    if len(reason) > BOARD_REPORT_ERROR_MAX_CHARS:
        reason = reason[: BOARD_REPORT_ERROR_MAX_CHARS - 1] + "…"
    return reason


def _remove_orphan_files(storage, directory: str, prefix: str, referenced: set[str]) -> None:
    """Files in `directory` starting with `prefix` that nothing references (a worker died between
    writing and recording): removed so that one render leaves exactly one file."""
    try:
        _dirs, files = storage.listdir(directory)
    except (FileNotFoundError, NotADirectoryError, NotImplementedError):
        return
    for name in files:
        path = f"{directory}/{name}"
        if name.startswith(prefix) and path not in referenced:
            storage.delete(path)


def _board_report_publish(report: BoardReport) -> None:
    from governance.tasks import board_report_generate

    _task_publish(
        board_report_generate,
        args=[report.pk],
        task_id=report.task_id,
        error_class=BoardReportQueueError,
        what=f"Board report {report.pk}",
    )


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
    # of=self: first() orders by the period's meeting date, and the join would lock the period row too.
    report = BoardReport.objects.select_for_update(of=("self",)).filter(period=period).first()
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
    _remove_orphan_files(storage, "board_reports", prefix, _board_report_referenced_files(report))


def _board_report_failure_reason(error: BaseException) -> str:
    return _render_failure_reason(error, "Rapporten kunne ikke dannes")


def board_report_fail(*, report_id: int, task_id: str, reason: str) -> bool:
    """Record that the render of this request failed. False if the report moved on (another request)."""
    with transaction.atomic():
        report = (
            BoardReport.objects.select_for_update(of=("self",)).filter(pk=report_id, task_id=task_id).first()
        )
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
        report = (
            BoardReport.objects.select_for_update(of=("self",))
            .select_related("period")
            .filter(pk=report_id)
            .first()
        )
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

    def write_progress(percent: int) -> None:
        # Each update commits on its own, so the page sees it; at most one write per percent.
        BoardReport.objects.filter(pk=report_id, task_id=task_id, status=BoardReport.Status.RUNNING).update(
            progress=percent
        )

    progress = _progress_writer(write_progress)

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
        current = BoardReport.objects.select_for_update(of=("self",)).filter(pk=report_id).first()
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


# --- Decisions, escalation and phase gates; IOD's ideas; the IT-security group's yearly tasks --------
#
# The trail of a project's request: the status report's "decisions needed" (StatusReport) → an agenda
# item of the programme group that carries it (AgendaItem.requested_in) → the programme group's decision
# on that item (Decision.requested_in, kept from the item). If the programme group cannot decide, it
# records a decision of kind "escalation": that escalation waits for the body it escalates to
# (Body.escalates_to) until that body records a decision whose `escalated_from` is the escalation. An
# escalation with no such decision is "awaiting" (the steering group's Beslutninger page). Recording
# an escalation also puts an agenda item on the target body's next planned meeting, if there is one.

from decimal import Decimal, InvalidOperation  # noqa: E402

from django.db.models import Max  # noqa: E402

from governance.models import AgendaItem, Decision, Idea, SecurityReview  # noqa: E402
from governance.permissions import (  # noqa: E402
    can_decide_for,
    can_fund_idea,
    can_make_idea_project,
    can_manage_ideas,
    can_open_decision_form,
    can_record_decision,
    can_record_security_review,
    can_score_idea,
    is_own_escalation,
    is_own_idea,
)
from portfolio.models import PHASE_ORDER, OrgUnit, Phase  # noqa: E402
from portfolio.services import project_phase_set, project_save, submit_once  # noqa: E402

DECISION_TEXT_MAX_CHARS = 10_000
OWN_ESCALATION_MESSAGE = "Du kan ikke selv besvare eller sende en eskalering videre, som du har registreret."
SECRETARY_DECIDES_NOTHING_MESSAGE = (
    "Som sekretær skriver du organets almindelige beslutninger ned. Fasegodkendelser, eskaleringer, "
    "prioriteringer, bevillinger og svar på eskaleringer gives af formanden eller et medlem."
)

# Which body's decision passes each phase gate of a standard-model project. The one place this lives:
# the programme group takes a project into analyse and into gennemførelse, the steering group into
# realisering and to afsluttet. Light-model projects have no gates (their phase is kept on the project).
PHASE_GATE_MANDATES = {
    (Phase.IDEA, Phase.ANALYSIS): Body.Kind.PROGRAMME_GROUP,
    (Phase.ANALYSIS, Phase.EXECUTION): Body.Kind.PROGRAMME_GROUP,
    (Phase.EXECUTION, Phase.REALISATION): Body.Kind.STEERING_GROUP,
    (Phase.REALISATION, Phase.CLOSED): Body.Kind.STEERING_GROUP,
}


def _phase_label(value) -> str:
    return Phase(value).label.lower() if value in Phase.values else str(value)


def phase_gate_check(*, body: Body, project, from_phase: str, to_phase: str) -> None:
    """Raise a Danish ValidationError unless `body` may pass `project` from `from_phase` to `to_phase`."""
    if project is None:
        raise ValidationError({"project": "En fasegodkendelse skal handle om et projekt."})
    if from_phase not in Phase.values or to_phase not in Phase.values:
        raise ValidationError({"to_phase": "Vælg både fra- og tilfase."})
    if project.project_model != project.ProjectModel.STANDARD:
        raise ValidationError({"project": "Projektet følger den lette model og har ingen fasegodkendelser."})
    if project.phase != from_phase:
        raise ValidationError(
            {
                "from_phase": f"Projektet er i fasen {_phase_label(project.phase)}, "
                f"ikke {_phase_label(from_phase)}."
            }
        )
    order = [str(phase) for phase in PHASE_ORDER]
    if (
        from_phase not in order
        or to_phase not in order
        or order.index(to_phase) != order.index(from_phase) + 1
    ):
        raise ValidationError(
            {"to_phase": f"Fra {_phase_label(from_phase)} kan projektet kun godkendes til den næste fase."}
        )
    mandate = PHASE_GATE_MANDATES[(from_phase, to_phase)]
    if body.kind != mandate:
        raise ValidationError(
            f"Overgangen fra {_phase_label(from_phase)} til {_phase_label(to_phase)} godkendes af "
            f"{Body.Kind(mandate).label.lower()}, ikke af {body}."
        )


def escalations_awaiting(body: Body | None = None):
    """Escalations no decision of the body they went to has answered yet (optionally: those to `body`)."""
    escalations = Decision.objects.filter(
        kind=Decision.Kind.ESCALATION, body__escalates_to__isnull=False, escalations__isnull=True
    )
    if body is not None:
        escalations = escalations.filter(body__escalates_to=body)
    return escalations


def _open_escalation_for(body: Body, agenda_item: AgendaItem | None) -> Decision | None:
    """The escalation an agenda item of `body` brings (same project and request), oldest first."""
    if agenda_item is None or (agenda_item.project_id is None and agenda_item.requested_in_id is None):
        return None
    candidates = escalations_awaiting(body).filter(project_id=agenda_item.project_id)
    if agenda_item.requested_in_id is not None:
        candidates = candidates.filter(requested_in_id=agenda_item.requested_in_id)
    return candidates.order_by("decided_on", "pk").first()


def _escalation_place_on_agenda(*, actor, decision: Decision) -> AgendaItem | None:
    """Put an escalation on the next planned meeting of the body it goes to; None if none is planned
    (it then waits on that body's Beslutninger page until a meeting takes it up)."""
    target = decision.body.escalates_to
    meeting = (
        Meeting.objects.select_for_update()
        .filter(body=target, cancelled=False, date__gte=timezone.localdate())
        .order_by("date", "pk")
        .first()
    )
    if meeting is None:
        return None
    order = (meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0) + 1
    subject = decision.project.name if decision.project_id else decision.text
    item = AgendaItem(
        meeting=meeting,
        order=order,
        title=f"Eskaleret fra {decision.body}: {subject}"[:200],
        description=decision.text,
        project=decision.project,
        requested_in=decision.requested_in,
    )
    item._history_user = actor
    item.save()
    return item


def _escalation_locked(escalation: Decision) -> Decision:
    """The escalation's row, locked until the transaction ends. Whoever answers it or passes it on holds
    this lock while checking that it still awaits an answer and writing theirs, so of two concurrent
    attempts (answers, or an answer and an escalation further) the second waits, then sees the first."""
    return (
        Decision.objects.select_for_update(of=("self",))
        .select_related("body__escalates_to")
        .get(pk=escalation.pk)
    )


def _escalation_require_awaiting(escalation: Decision) -> None:
    """Raise a Danish ValidationError if `escalation` has been answered or passed on. Call it with the
    escalation locked (_escalation_locked): the check is then still true when the caller writes."""
    first = escalation.escalations.select_related("body__escalates_to").order_by("pk").first()
    if first is None:
        return
    how = (
        f"sendt videre til {first.body.escalates_to}"
        if first.kind == Decision.Kind.ESCALATION and first.body.escalates_to_id
        else "besluttet"
    )
    raise ValidationError(
        f"Eskalationen er allerede besvaret: {first.body} har {how} den {_danish_date(first.decided_on)}. "
        "Din beslutning er ikke registreret."
    )


def _decision_text_clean(text, field="text") -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: "Skriv beslutningen."})
    if len(text) > DECISION_TEXT_MAX_CHARS:
        raise ValidationError(
            {field: f"Teksten må højst være {DECISION_TEXT_MAX_CHARS:,} tegn.".replace(",", ".")}
        )
    return text


@transaction.atomic
def decision_record(
    *,
    actor,
    meeting: Meeting,
    agenda_item: AgendaItem | None = None,
    text: str,
    kind: str,
    project=None,
    from_phase: str = "",
    to_phase: str = "",
    escalated_from: Decision | None = None,
    submit_token: str = "",
) -> Decision:
    """Record a decision the meeting's body took at `meeting` (dated the meeting's date).

    - Only someone who may decide for the body records it (governance.permissions.can_decide_for).
    - An agenda item that carries a project's request keeps it on the decision (`requested_in`); one
      that brings an escalation to this body answers it (`escalated_from`), as does an explicit one.
    - kind "phase_gate": the body with the mandate (PHASE_GATE_MANDATES) moves the standard-model project
      to the next phase through portfolio.services.project_phase_set, checklist rule included.
    - kind "escalation": the body passes the matter to the body it escalates to; it waits there.
    - `submit_token` (the form's one-time token): the same form posted again returns the decision it
      recorded (portfolio.services.submit_once) instead of recording it twice.
    Raises PermissionDenied or a Danish ValidationError; nothing is written then."""
    if actor is None or not can_open_decision_form(actor, meeting.body):
        raise PermissionDenied
    return submit_once(
        actor=actor,
        submit_token=submit_token,
        model=Decision,
        create=lambda: _decision_create(
            actor=actor,
            meeting=meeting,
            agenda_item=agenda_item,
            text=text,
            kind=kind,
            project=project,
            from_phase=from_phase,
            to_phase=to_phase,
            escalated_from=escalated_from,
        ),
    )


def _decision_create(
    *, actor, meeting, agenda_item, text, kind, project, from_phase, to_phase, escalated_from
) -> Decision:
    body = meeting.body
    text = _decision_text_clean(text)
    if kind not in Decision.Kind.values:
        raise ValidationError({"kind": "Vælg en gyldig type beslutning."})
    if meeting.cancelled:
        raise ValidationError("Mødet er aflyst; der kan ikke registreres beslutninger på det.")
    if meeting.date > timezone.localdate():
        raise ValidationError("Beslutninger registreres på eller efter mødedagen.")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "Dagsordenspunktet hører ikke til dette møde."})
    if project is None and agenda_item is not None:
        project = agenda_item.project
    requested_in = agenda_item.requested_in if agenda_item is not None else None
    if escalated_from is None:
        escalated_from = _open_escalation_for(body, agenda_item)
        if escalated_from is not None:
            # Answered by someone else since we looked: this decision is then what it would have been a
            # moment later, a decision on the item that answers nothing.
            escalated_from = _escalation_locked(escalated_from)
            if escalated_from.escalations.exists():
                escalated_from = None
    elif escalated_from.kind != Decision.Kind.ESCALATION or escalated_from.body.escalates_to_id != body.pk:
        raise ValidationError({"escalated_from": f"Eskaleringen venter ikke på en beslutning fra {body}."})
    else:
        escalated_from = _escalation_locked(escalated_from)
        _escalation_require_awaiting(escalated_from)
    if escalated_from is not None:
        if is_own_escalation(actor, escalated_from):
            raise PermissionDenied(OWN_ESCALATION_MESSAGE)
        requested_in = requested_in or escalated_from.requested_in
        project = project or escalated_from.project
    if escalated_from is not None and kind == Decision.Kind.ORDINARY:
        # Answering an escalation is a decision of the body, never only a secretary's note.
        if not can_decide_for(actor, body, project=project):
            raise ValidationError(SECRETARY_DECIDES_NOTHING_MESSAGE)
    elif not can_record_decision(actor, body, kind=kind, project=project):
        if can_open_decision_form(actor, body):
            raise ValidationError(SECRETARY_DECIDES_NOTHING_MESSAGE)
        raise PermissionDenied
    if kind == Decision.Kind.ESCALATION and body.escalates_to_id is None:
        raise ValidationError({"kind": f"{body} eskalerer ikke til et andet organ."})
    if kind == Decision.Kind.PHASE_GATE:
        phase_gate_check(body=body, project=project, from_phase=from_phase, to_phase=to_phase)
    else:
        from_phase = to_phase = ""
    decision = Decision(
        body=body,
        meeting=meeting,
        agenda_item=agenda_item,
        project=project,
        decided_on=meeting.date,
        kind=kind,
        text=text,
        from_phase=from_phase,
        to_phase=to_phase,
        requested_in=requested_in,
        escalated_from=escalated_from,
        recorded_by=actor,
    )
    decision._history_user = actor
    decision.full_clean()
    decision.save()
    if kind == Decision.Kind.PHASE_GATE:
        project_phase_set(actor=actor, project=project, phase=to_phase)
    if kind == Decision.Kind.ESCALATION:
        _escalation_place_on_agenda(actor=actor, decision=decision)
    return decision


@transaction.atomic
def decision_escalate(*, actor, decision: Decision, text: str = "", submit_token: str = "") -> Decision:
    """The body an escalation waits for passes it on, one step up: a new escalation of that body
    (`escalated_from` the one it answers), dated today, which now waits for the next body. The same form
    posted again (`submit_token`) returns that escalation instead of a refusal."""
    return submit_once(
        actor=actor,
        submit_token=submit_token,
        model=Decision,
        create=lambda: _decision_escalate(actor=actor, decision=decision, text=text),
    )


def _decision_escalate(*, actor, decision: Decision, text: str) -> Decision:
    decision = _escalation_locked(decision)
    target = decision.body.escalates_to
    if decision.kind != Decision.Kind.ESCALATION or target is None:
        raise ValidationError("Kun en eskalering kan sendes videre.")
    if actor is None or not can_decide_for(actor, target, project=decision.project):
        raise PermissionDenied
    if is_own_escalation(actor, decision):
        raise PermissionDenied(OWN_ESCALATION_MESSAGE)
    _escalation_require_awaiting(decision)
    if target.escalates_to_id is None:
        raise ValidationError(f"{target} eskalerer ikke til et andet organ.")
    text = text.strip() or f"Eskaleret videre til {target.escalates_to}: {decision.text}"
    escalation = Decision(
        body=target,
        project=decision.project,
        decided_on=timezone.localdate(),
        kind=Decision.Kind.ESCALATION,
        text=_decision_text_clean(text[:DECISION_TEXT_MAX_CHARS]),
        requested_in=decision.requested_in,
        escalated_from=decision,
        recorded_by=actor,
    )
    escalation._history_user = actor
    escalation.full_clean()
    escalation.save()
    _escalation_place_on_agenda(actor=actor, decision=escalation)
    return escalation


def decision_trail(decision: Decision) -> list[Decision]:
    """The escalation chain `decision` belongs to, first to last: the decisions it was escalated from,
    itself, and the decisions that answered it (following the first answer at each step)."""
    related = ("body", "meeting", "agenda_item", "project", "requested_in__period", "recorded_by")
    earlier = []
    current = decision
    seen = {decision.pk}
    while current.escalated_from_id and current.escalated_from_id not in seen and len(earlier) < 20:
        current = Decision.objects.select_related(*related).get(pk=current.escalated_from_id)
        seen.add(current.pk)
        earlier.append(current)
    later = []
    current = decision
    while len(later) < 20:
        following = current.escalations.select_related(*related).order_by("decided_on", "pk").first()
        if following is None or following.pk in seen:
            break
        seen.add(following.pk)
        later.append(following)
        current = following
    return [*reversed(earlier), decision, *later]


# --- IOD's ideas --------------------------------------------------------------------------------------
#
# Each of the five scores is 1-5 with 5 the best for the municipality (for risk: 5 = lowest risk), so the
# total runs from 5 to 25 and a higher total is a higher priority.

IDEA_BAND_HIGH = "Høj"
IDEA_BAND_MEDIUM = "Middel"
IDEA_BAND_LOW = "Lav"
IDEA_AMOUNT_MAX = Decimal("999999999999.99")
OWN_IDEA_MESSAGE = "Du kan ikke selv vurdere eller bevilge en idé, du har foreslået."


def idea_priority_band(total: int | None) -> str | None:
    """The priority band of a total score: 20-25 Høj, 14-19 Middel, 5-13 Lav; None when not scored."""
    if total is None:
        return None
    if total >= 20:
        return IDEA_BAND_HIGH
    if total >= 14:
        return IDEA_BAND_MEDIUM
    return IDEA_BAND_LOW


def idea_total(idea: Idea) -> int | None:
    scores = [getattr(idea, name) for name in Idea.SCORE_FIELDS]
    return None if any(score is None for score in scores) else sum(scores)


@transaction.atomic
def idea_propose(*, actor, title: str, description: str = "", focus_areas=(), submit_token: str = "") -> Idea:
    """Anyone logged in proposes an idea; the same form posted again returns the idea it created."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied

    def create() -> Idea:
        idea = Idea(title=(title or "").strip(), description=(description or "").strip(), proposer=actor)
        idea._history_user = actor
        idea.full_clean()
        idea.save()
        idea.focus_areas.set(focus_areas)
        return idea

    return submit_once(actor=actor, submit_token=submit_token, model=Idea, create=create)


@transaction.atomic
def idea_score(*, actor, idea: Idea, scores: dict) -> Idea:
    """IOD's members score an idea (all five scores, 1-5). A funded, rejected or realised idea keeps
    its score."""
    if actor is None or not can_score_idea(actor):
        raise PermissionDenied
    if is_own_idea(actor, idea):
        raise PermissionDenied(OWN_IDEA_MESSAGE)
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.status not in (Idea.Status.PROPOSED, Idea.Status.SCORED):
        raise ValidationError(f"Idéen er {idea.get_status_display().lower()} og kan ikke vurderes igen.")
    errors = {}
    for name in Idea.SCORE_FIELDS:
        value = scores.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            errors[name] = "Giv en score fra 1 til 5."
        else:
            setattr(idea, name, value)
    if errors:
        raise ValidationError(errors)
    idea.status = Idea.Status.SCORED
    idea._history_user = actor
    idea.full_clean()
    idea.save()
    return idea


@transaction.atomic
def idea_reject(*, actor, idea: Idea) -> Idea:
    if actor is None or not can_manage_ideas(actor):
        raise PermissionDenied
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.status not in (Idea.Status.PROPOSED, Idea.Status.SCORED):
        raise ValidationError(f"Idéen er {idea.get_status_display().lower()} og kan ikke afvises.")
    idea.status = Idea.Status.REJECTED
    idea._history_user = actor
    idea.save(update_fields=["status"])
    return idea


def steering_group() -> Body | None:
    return Body.objects.filter(kind=Body.Kind.STEERING_GROUP, archived=False).order_by("pk").first()


@transaction.atomic
def idea_fund(
    *, actor, idea: Idea, amount, decided_on: datetime.date | None = None, text: str = ""
) -> Decision:
    """The steering group funds a scored idea from the digitalisation budget: a funding decision of the
    steering group, the amount and the decision kept on the idea."""
    if actor is None or not can_fund_idea(actor):
        raise PermissionDenied
    if is_own_idea(actor, idea):
        raise PermissionDenied(OWN_IDEA_MESSAGE)
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.status != Idea.Status.SCORED:
        raise ValidationError("Kun en vurderet idé, der ikke er finansieret eller afvist, kan finansieres.")
    try:
        amount = Decimal(str(amount))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({"amount": "Angiv beløbet i kroner."}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError({"amount": "Beløbet kan ikke være negativt."})
    if amount > IDEA_AMOUNT_MAX:
        raise ValidationError({"amount": "Beløbet er for stort."})
    amount = amount.quantize(Decimal("0.01"))
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "Beslutningsdatoen kan ikke ligge i fremtiden."})
    body = steering_group()
    if body is None:
        raise ValidationError("Der er ingen styregruppe, der kan bevilge.")
    amount_text = formats.number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)
    text = (text or "").strip() or (
        f"Idéen »{idea.title}« finansieres med {amount_text} kr. fra digitaliseringsbudgettet."
    )
    decision = Decision(
        body=body,
        decided_on=decided_on,
        kind=Decision.Kind.FUNDING,
        text=_decision_text_clean(text),
        recorded_by=actor,
    )
    decision._history_user = actor
    decision.full_clean()
    decision.save()
    idea.status = Idea.Status.FUNDED
    idea.funded_amount = amount
    idea.funding_decision = decision
    idea._history_user = actor
    idea.full_clean()
    idea.save(update_fields=["status", "funded_amount", "funding_decision"])
    return decision


def _idea_project_number(idea: Idea) -> str:
    base = f"IOD-{timezone.localdate().year}-{idea.pk:03d}"
    number, suffix = base, 1
    while Project.objects.filter(number=number).exists():
        suffix += 1
        number = f"{base}-{suffix}"
    return number


@transaction.atomic
def idea_make_project(*, actor, idea: Idea, anchoring: OrgUnit | None = None) -> Project:
    """Turn a funded idea into an IOD project (light model, in analyse, led by the proposer, the funded
    amount as budget), anchored in the central IT unit unless another is given. The idea and its
    funding decision point at the project."""
    if actor is None or not can_make_idea_project(actor):
        raise PermissionDenied
    idea = (
        Idea.objects.select_for_update(of=("self",))
        .select_related("funding_decision", "proposer")
        .get(pk=idea.pk)
    )
    if idea.status != Idea.Status.FUNDED or idea.project_id:
        raise ValidationError(
            "Kun en finansieret idé, der ikke allerede er et projekt, kan blive et projekt."
        )
    focus_areas = list(idea.focus_areas.filter(period__is_current=True))
    if not focus_areas:
        raise ValidationError(
            "Idéen skal have mindst ét fokusområde fra den nuværende strategi, før den kan blive et projekt."
        )
    anchoring = anchoring or OrgUnit.objects.filter(is_central_it=True, archived=False).order_by("pk").first()
    if anchoring is None:
        raise ValidationError("Der er ingen central IT-enhed at forankre projektet i.")
    project = Project(
        number=_idea_project_number(idea),
        name=idea.title[:200],
        description=idea.description,
        kind=Project.Kind.IOD,
        project_model=Project.ProjectModel.LIGHT,
        phase=Phase.ANALYSIS,
        anchoring=anchoring,
        budget=idea.funded_amount,
        leader=idea.proposer if idea.proposer.is_active else None,
    )
    project.full_clean(exclude=["focus_areas"])
    project = project_save(actor=actor, project=project, focus_areas=focus_areas, deputies=[])
    idea.project = project
    idea.status = Idea.Status.PROJECT
    idea._history_user = actor
    idea.save(update_fields=["project", "status"])
    if idea.funding_decision is not None and idea.funding_decision.project_id is None:
        idea.funding_decision.project = project
        idea.funding_decision._history_user = actor
        idea.funding_decision.save(update_fields=["project"])
    return project


# --- The IT-security group's two yearly tasks ----------------------------------------------------------

SECURITY_REVIEW_DUE = (12, 1)  # each year's tasks are due 1 December
SECURITY_REMINDER_DAYS = 30  # remind when a task is due within this many days, or overdue
SECURITY_OUTCOME_MAX_CHARS = 10_000


def it_security_group() -> Body | None:
    return Body.objects.filter(kind=Body.Kind.IT_SECURITY, archived=False).order_by("pk").first()


@transaction.atomic
def security_reviews_ensure(*, year: int) -> list[SecurityReview]:
    """The year's two tasks, created where missing (due 1 December). Idempotent; dates already set stay."""
    reviews = []
    for kind in SecurityReview.Kind.values:
        review, created = SecurityReview.objects.get_or_create(
            year=year, kind=kind, defaults={"due_date": datetime.date(year, *SECURITY_REVIEW_DUE)}
        )
        reviews.append(review)
    return reviews


@transaction.atomic
def security_review_record(
    *, actor, review: SecurityReview, completed_on: datetime.date, outcome: str, decision_text: str
) -> SecurityReview:
    """Record a task as done: the day, the outcome, and the group's decision (a Decision of the
    IT-security group, kept on the task; recording again corrects the same decision, history kept)."""
    if actor is None or not can_record_security_review(actor):
        raise PermissionDenied
    review = (
        SecurityReview.objects.select_for_update(of=("self",)).select_related("decision").get(pk=review.pk)
    )
    errors = {}
    outcome = (outcome or "").strip()
    decision_text = (decision_text or "").strip()
    if completed_on is None:
        errors["completed_on"] = "Angiv, hvornår opgaven blev udført."
    elif completed_on > timezone.localdate():
        errors["completed_on"] = "Datoen kan ikke ligge i fremtiden."
    elif completed_on.year < review.year - 1:
        errors["completed_on"] = f"Datoen ligger for langt før opgavens år ({review.year})."
    if not outcome:
        errors["outcome"] = "Beskriv resultatet."
    elif len(outcome) > SECURITY_OUTCOME_MAX_CHARS:
        errors["outcome"] = "Teksten må højst være 10.000 tegn."
    if not decision_text:
        errors["decision_text"] = "Skriv gruppens beslutning."
    elif len(decision_text) > DECISION_TEXT_MAX_CHARS:
        errors["decision_text"] = "Teksten må højst være 10.000 tegn."
    body = it_security_group()
    if body is None:
        raise ValidationError("Der er ingen IT-sikkerhedsgruppe.")
    if errors:
        raise ValidationError(errors)
    decision = review.decision or Decision(body=body, kind=Decision.Kind.ORDINARY, recorded_by=actor)
    decision.decided_on = completed_on
    decision.text = decision_text
    decision._history_user = actor
    decision.full_clean()
    decision.save()
    review.completed_on = completed_on
    review.outcome = outcome
    review.decision = decision
    review._history_user = actor
    review.full_clean()
    review.save()
    return review


def security_reminder_message(review: SecurityReview, today: datetime.date | None = None) -> tuple[str, str]:
    with translation.override("da"):
        due = _danish_date(review.due_date, "l j. F Y")
        overdue = review.due_date < (today or timezone.localdate())
        subject = f"{'Overskredet' if overdue else 'Påmindelse'}: {review.get_kind_display()} {review.year}"
        try:
            path = reverse("governance:security-list")
        except NoReverseMatch:
            path = "/governance/security/"
        body = (
            "Kære medlem af IT-sikkerhedsgruppen\n\n"
            f"Opgaven »{review.get_kind_display()}« for {review.year} har frist {due}"
            f"{' og er overskredet' if overdue else ''}.\n\n"
            f"Registrér resultatet og gruppens beslutning i Digitaliseringsportalen:\n{portal_url(path)}\n\n"
            "Med venlig hilsen\nDigitaliseringsportalen\n"
        )
    return subject, body


def _send_security_reminder(subject: str, body: str, recipients: list[str]) -> None:
    send_portal_mail(subject, body, recipients)


@transaction.atomic
def security_reviews_remind(*, today: datetime.date | None = None) -> int:
    """E-mail the IT-security group's active members once per task that is not done and is due within
    SECURITY_REMINDER_DAYS days or overdue; sent after commit. Makes sure this year's tasks exist first.
    A task is marked reminded only when there is someone to remind. Returns the number of tasks reminded."""
    today = today or timezone.localdate()
    security_reviews_ensure(year=today.year)
    body = it_security_group()
    if body is None:
        return 0
    recipients = sorted(
        set(
            Membership.objects.active_on(today)
            .filter(body=body, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if not recipients:
        return 0
    due = SecurityReview.objects.select_for_update(skip_locked=True).filter(
        completed_on__isnull=True,
        reminder_sent_at__isnull=True,
        due_date__lte=today + datetime.timedelta(days=SECURITY_REMINDER_DAYS),
    )
    sent = 0
    for review in due.order_by("due_date", "pk"):
        review.reminder_sent_at = timezone.now()
        review._history_user = None
        review.save(update_fields=["reminder_sent_at"])
        subject, message = security_reminder_message(review, today)
        transaction.on_commit(
            lambda s=subject, m=message, r=recipients: _send_security_reminder(s, m, r), robust=True
        )
        sent += 1
    return sent


# --------------------------------------------------------------------------- meetings of the bodies
# (pages in governance/views/meetings.py; who may call these is decided by permissions.can_keep_meetings)

from governance.models import ActionItem, validate_minutes  # noqa: E402  (Max and AgendaItem: imported above)

# The agenda item title of a decision a project asked for in its status report.
REQUESTED_DECISION_TITLE = "Ønsket beslutning: {number} {name}"
# With no earlier meeting of the body, requests submitted this long before the meeting are collected.
REQUESTED_DECISIONS_FIRST_WINDOW = datetime.timedelta(days=31)


def _saved(obj, actor, **save_kwargs):
    obj._history_user = actor
    obj.full_clean()
    obj.save(**save_kwargs)
    return obj


@transaction.atomic
def meeting_create(*, actor, body: Body, date: datetime.date, location: str = "") -> Meeting:
    """A meeting of `body`. A programme group meeting gets the decisions projects have asked for since
    the group's previous meeting on its agenda at once."""
    meeting = _saved(Meeting(body=body, date=date, location=location), actor)
    if body.kind == Body.Kind.PROGRAMME_GROUP:
        meeting_collect_requested_decisions(actor=actor, meeting=meeting)
    return meeting


MEETING_FIELDS = ("date", "location", "cancelled")


def meeting_scope(meeting: Meeting) -> stale.Scope:
    """What the meeting form edits (not the minutes or attendance: those are saved on their own)."""
    return stale.of(meeting, MEETING_FIELDS)


def meeting_minutes_scope(meeting: Meeting) -> stale.Scope:
    return stale.of(meeting, ("minutes",))


@transaction.atomic
def meeting_update(
    *, actor, meeting: Meeting, date: datetime.date, location: str, cancelled: bool = False, version=None
) -> Meeting:
    """Change a meeting's date, place or whether it is cancelled. A Project Board meeting's cancellation is
    its reporting period's (as in the board calendar, board_period_cancel): the period then asks for no
    reports, gets no reminders and no automatic board report, and its status counts as nothing missing.
    Nothing is deleted; clearing the mark makes both active again."""
    stale.check(meeting_scope(meeting), version)
    period_pk = Meeting.objects.filter(pk=meeting.pk).values_list("reporting_period_id", flat=True).first()
    # The calendar's cancel locks the period, then writes the meeting: lock in the same order.
    period = ReportingPeriod.objects.select_for_update().filter(pk=period_pk).first() if period_pk else None
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.reporting_period_id and date != meeting.date:
        raise ValidationError(
            "Et Project Board-møde flyttes i Project Board-kalenderen, "
            "så fristen for statusrapporter følger med."
        )
    meeting.date, meeting.location, meeting.cancelled = date, location, cancelled
    _saved(meeting, actor)
    if period is not None and period.cancelled != cancelled:
        period.cancelled = cancelled
        period.save(update_fields=["cancelled"])
    return meeting


@transaction.atomic
def meeting_minutes_save(*, actor, meeting: Meeting, minutes: str, version=None) -> Meeting:
    """Save the minutes as written so far; an unchanged text writes nothing (no empty history).
    `version`: the minutes' token (portfolio.stale) the writer's page has, refused when another saved.
    Minutes over the bounds (models.validate_minutes) are refused with a Danish ValidationError."""
    stale.check(meeting_minutes_scope(meeting), version)
    validate_minutes(minutes)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes == minutes:
        return meeting
    meeting.minutes = minutes
    return _saved(meeting, actor, update_fields=["minutes"])


@transaction.atomic
def meeting_attendance_set(*, actor, meeting: Meeting, attendees) -> Meeting:
    """Who attended. The history keeps the attendance as a change of the meeting."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    wanted = {user.pk for user in attendees}
    if wanted == set(meeting.attendees.values_list("pk", flat=True)):
        return meeting
    meeting._history_user = actor
    meeting.attendees.set(list(attendees))
    return meeting


def _next_order(meeting: Meeting) -> int:
    return (meeting.agenda_items.aggregate(top=Max("order"))["top"] or 0) + 1


@transaction.atomic
def agenda_item_add(
    *, actor, meeting: Meeting, title: str, description: str = "", project=None, requested_in=None
) -> AgendaItem:
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # one writer of the order at a time
    item = AgendaItem(
        meeting=meeting,
        order=_next_order(meeting),
        title=title,
        description=description,
        project=project,
        requested_in=requested_in,
    )
    return _saved(item, actor)


def agenda_item_scope(item: AgendaItem) -> stale.Scope:
    return stale.of(item, ("title", "description", "project"))


@transaction.atomic
def agenda_item_update(
    *, actor, item: AgendaItem, title: str, description: str, project=None, version=None
) -> AgendaItem:
    stale.check(agenda_item_scope(item), version)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    item.title, item.description, item.project = title, description, project
    return _saved(item, actor)


@transaction.atomic
def agenda_item_move(*, actor, item: AgendaItem, direction: str) -> AgendaItem:
    """Swap the item with its neighbour above ("up") or below ("down"); at either end nothing moves."""
    if direction not in ("up", "down"):
        raise ValidationError("Ukendt retning: vælg op eller ned.")
    Meeting.objects.select_for_update().filter(pk=item.meeting_id).first()
    item = AgendaItem.objects.get(pk=item.pk)
    siblings = AgendaItem.objects.filter(meeting_id=item.meeting_id)
    if direction == "up":
        neighbour = siblings.filter(order__lt=item.order).order_by("-order").first()
    else:
        neighbour = siblings.filter(order__gt=item.order).order_by("order").first()
    if neighbour is None:
        return item
    mine, theirs = item.order, neighbour.order
    # (meeting, order) is unique: park this item on a free number while the neighbour takes its place.
    item.order = (siblings.aggregate(top=Max("order"))["top"] or 0) + 1
    item._history_user = actor
    item.save(update_fields=["order"])
    neighbour.order = mine
    neighbour._history_user = actor
    neighbour.save(update_fields=["order"])
    item.order = theirs
    item.save(update_fields=["order"])
    return item


def requested_decisions_pending(meeting: Meeting):
    """Submitted status reports with "decisions needed", submitted since the body's previous meeting
    (or within REQUESTED_DECISIONS_FIRST_WINDOW when there is none) up to this meeting's day, that are
    on no agenda yet; a correction of a report already on an agenda is not brought again."""
    previous = (
        Meeting.objects.filter(body_id=meeting.body_id, date__lt=meeting.date, cancelled=False)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    since = previous or meeting.date - REQUESTED_DECISIONS_FIRST_WINDOW
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(meeting.date + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return (
        StatusReport.objects.filter(
            state=StatusReport.State.SUBMITTED,
            submitted_at__gte=start,
            submitted_at__lt=end,
            project__archived=False,
            superseded_by__isnull=True,
        )
        .exclude(decisions_needed__regex=r"^\s*$")
        .exclude(Exists(AgendaItem.objects.filter(requested_in=OuterRef("pk"))))
        .exclude(Exists(AgendaItem.objects.filter(requested_in=OuterRef("supersedes"))))
        .select_related("project")
        .order_by("project__number", "submitted_at")
    )


@transaction.atomic
def meeting_collect_requested_decisions(*, actor, meeting: Meeting) -> list[AgendaItem]:
    """Put each project's requested decision (see requested_decisions_pending) on the agenda of a
    programme group meeting. Idempotent: a request already on an agenda is not added again. Returns the
    items added."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
    if meeting.body.kind != Body.Kind.PROGRAMME_GROUP:
        return []
    added = []
    order = _next_order(meeting)
    title_field = AgendaItem._meta.get_field("title")
    for report in requested_decisions_pending(meeting):
        title = REQUESTED_DECISION_TITLE.format(number=report.project.number, name=report.project.name)
        if len(title) > title_field.max_length:
            title = title[: title_field.max_length - 1] + "…"
        item = AgendaItem(
            meeting=meeting,
            order=order,
            title=title,
            description=report.decisions_needed.strip(),
            project=report.project,
            requested_in=report,
        )
        added.append(_saved(item, actor))
        order += 1
    return added


@transaction.atomic
def action_add(
    *, actor, meeting: Meeting, description: str, owner, due_date: datetime.date, agenda_item=None
) -> ActionItem:
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError("Dagsordenspunktet hører til et andet møde.")
    action = ActionItem(
        meeting=meeting, agenda_item=agenda_item, description=description, owner=owner, due_date=due_date
    )
    return _saved(action, actor)


@transaction.atomic
def action_set_done(
    *, actor, action: ActionItem, done: bool = True, done_on: datetime.date | None = None
) -> ActionItem:
    """Mark an action done (today, or `done_on`) or open again."""
    action = ActionItem.objects.select_for_update().get(pk=action.pk)
    action.done_on = (done_on or timezone.localdate()) if done else None
    return _saved(action, actor, update_fields=["done_on"])


# --- The annual indsatsplan (issue 7) ------------------------------------------------------------------
#
# One plan per year, in versions: version 1 is started as a draft (optionally with the current plan's
# items), the programme group ranks its projects and activities and submits it; the steering group
# approves it (a prioritisation decision of the steering group, kept as approval_decision) or sends it
# back with a comment. Approval freezes a snapshot of every item (rank, project, phase and latest light at
# that moment, rationale, resources, focus areas). A revision during the year is version N+1, which
# supersedes the approved one; both stay readable. Every write records its actor in the history.

from governance.models import AnnualPlan, AnnualPlanItem  # noqa: E402
from governance.permissions import can_approve_plan, can_edit_plan, is_own_plan  # noqa: E402

OWN_PLAN_MESSAGE = (
    "Du har selv udarbejdet eller indsendt indsatsplanen og kan derfor ikke godkende eller sende den "
    "tilbage. Det gør styregruppens formand eller et andet medlem."
)

PLAN_YEAR_MIN = 2000
PLAN_YEAR_MAX = 2100
PLAN_AMOUNT_MAX = Decimal("999999999999")
PLAN_HOURS_MAX = 10_000_000
PLAN_EDITABLE = (AnnualPlan.Status.DRAFT, AnnualPlan.Status.SENT_BACK)


def _plan_require_editor(actor) -> None:
    if actor is None or not can_edit_plan(actor):
        raise PermissionDenied


def _plan_locked(plan: AnnualPlan) -> AnnualPlan:
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    return plan


def _plan_require_editable(plan: AnnualPlan) -> None:
    if plan.status not in PLAN_EDITABLE:
        raise ValidationError(
            f"Indsatsplanen er {plan.get_status_display().lower()} og kan ikke ændres. "
            "Kun en kladde eller en plan, der er sendt tilbage, kan ændres."
        )


def plan_latest(year: int) -> AnnualPlan | None:
    return AnnualPlan.objects.filter(year=year).order_by("-version").first()


def _plan_copy_items(*, actor, source: AnnualPlan, target: AnnualPlan) -> None:
    for item in source.items.prefetch_related("focus_areas").order_by("rank", "pk"):
        if item.project_id is not None and item.project.archived:
            continue
        areas = list(item.focus_areas.all())
        copy = AnnualPlanItem(
            plan=target,
            rank=target.items.count() + 1,
            project_id=item.project_id,
            activity=item.activity,
            rationale=item.rationale,
            hours=item.hours,
            amount=item.amount,
        )
        _saved(copy, actor)
        copy.focus_areas.set(areas)


@transaction.atomic
def annual_plan_start(*, actor, year, copy_from: AnnualPlan | None = None) -> AnnualPlan:
    """Start the draft of `year` (version 1). With `copy_from`, its items, frames and introduction
    are copied in their order. One plan per year: a year that has a plan gets no second version 1."""
    _plan_require_editor(actor)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": "Angiv året som et tal, fx 2027."}) from None
    if not PLAN_YEAR_MIN <= year <= PLAN_YEAR_MAX:
        raise ValidationError({"year": f"Året skal ligge mellem {PLAN_YEAR_MIN} og {PLAN_YEAR_MAX}."})
    exists = ValidationError({"year": f"Der findes allerede en indsatsplan for {year}."})
    if AnnualPlan.objects.filter(year=year).exists():
        raise exists
    plan = AnnualPlan(year=year, version=1, title=f"Indsatsplan {year}", created_by=actor)
    if copy_from is not None:
        plan.introduction = copy_from.introduction
        plan.budget_frame = copy_from.budget_frame
        plan.hours_frame = copy_from.hours_frame
    # There is no row to lock before the year's first plan exists: the unique (year, version) decides.
    # A concurrent start of the same year waits on that index and loses here, in its own savepoint.
    plan._history_user = actor
    plan.full_clean(exclude=["year"])  # the year is checked above; its uniqueness is the index's, below
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        raise exists from None
    if copy_from is not None:
        _plan_copy_items(actor=actor, source=copy_from, target=plan)
    return plan


@transaction.atomic
def annual_plan_revise(*, actor, plan: AnnualPlan) -> AnnualPlan:
    """A revision during the year: version N+1 of an approved plan, a draft with its items, which
    supersedes it. The approved version stays as it was."""
    _plan_require_editor(actor)
    plan = _plan_locked(plan)
    if plan.status != AnnualPlan.Status.APPROVED:
        raise ValidationError("Kun en godkendt indsatsplan kan revideres.")
    if AnnualPlan.objects.filter(year=plan.year, version__gt=plan.version).exists():
        raise ValidationError("Der findes allerede en nyere version af indsatsplanen.")
    revision = AnnualPlan(
        year=plan.year,
        version=plan.version + 1,
        title=plan.title,
        introduction=plan.introduction,
        budget_frame=plan.budget_frame,
        hours_frame=plan.hours_frame,
        supersedes=plan,
        created_by=actor,
    )
    _saved(revision, actor)
    _plan_copy_items(actor=actor, source=plan, target=revision)
    return revision


def _plan_amount(value, field="amount", *, allow_none=False):
    if value in (None, "") and allow_none:
        return None
    try:
        amount = Decimal(str(value if value not in (None, "") else 0))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: "Angiv beløbet i kroner."}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError({field: "Beløbet kan ikke være negativt."})
    if amount > PLAN_AMOUNT_MAX:
        raise ValidationError({field: "Beløbet er for stort."})
    return amount.quantize(Decimal("0.01"))


def _plan_hours(value, field="hours", *, allow_none=False):
    if value in (None, "") and allow_none:
        return None
    try:
        hours = int(value if value not in (None, "") else 0)
    except (TypeError, ValueError):
        raise ValidationError({field: "Angiv timerne som et helt tal."}) from None
    if hours < 0:
        raise ValidationError({field: "Timerne kan ikke være negative."})
    if hours > PLAN_HOURS_MAX:
        raise ValidationError({field: "Timetallet er for stort."})
    return hours


def annual_plan_scope(plan: AnnualPlan) -> stale.Scope:
    return stale.of(plan, ("title", "introduction", "budget_frame", "hours_frame"))


@transaction.atomic
def annual_plan_update(
    *,
    actor,
    plan: AnnualPlan,
    title: str = "",
    introduction: str = "",
    budget_frame=None,
    hours_frame=None,
    version=None,
) -> AnnualPlan:
    _plan_require_editor(actor)
    stale.check(annual_plan_scope(plan), version)
    plan = _plan_locked(plan)
    _plan_require_editable(plan)
    plan.title = (title or "").strip() or f"Indsatsplan {plan.year}"
    plan.introduction = (introduction or "").strip()
    plan.budget_frame = _plan_amount(budget_frame, "budget_frame", allow_none=True)
    plan.hours_frame = _plan_hours(hours_frame, "hours_frame", allow_none=True)
    return _saved(plan, actor)


def _plan_item_fields(*, item: AnnualPlanItem, project, activity, rationale, hours, amount) -> None:
    activity = (activity or "").strip()
    if project is None and not activity:
        raise ValidationError({"project": "Vælg et projekt eller skriv en aktivitet."})
    if project is not None and activity:
        raise ValidationError({"activity": "Vælg enten et projekt eller en aktivitet, ikke begge."})
    if project is not None:
        if project.archived:
            raise ValidationError({"project": "Projektet er arkiveret."})
        duplicate = AnnualPlanItem.objects.filter(plan_id=item.plan_id, project=project).exclude(pk=item.pk)
        if duplicate.exists():
            raise ValidationError({"project": f"{project} står allerede i planen."})
    item.project = project
    item.activity = activity
    item.rationale = (rationale or "").strip()
    item.hours = _plan_hours(hours)
    item.amount = _plan_amount(amount)


@transaction.atomic
def plan_item_add(
    *, actor, plan: AnnualPlan, project=None, activity="", rationale="", hours=0, amount=0, focus_areas=()
) -> AnnualPlanItem:
    """Add a project or an activity at the bottom of the ranking."""
    _plan_require_editor(actor)
    plan = _plan_locked(plan)
    _plan_require_editable(plan)
    top = plan.items.aggregate(top=Max("rank"))["top"] or 0
    item = AnnualPlanItem(plan=plan, rank=top + 1)
    _plan_item_fields(
        item=item, project=project, activity=activity, rationale=rationale, hours=hours, amount=amount
    )
    _saved(item, actor)
    item.focus_areas.set(list(focus_areas))
    return item


def plan_item_scope(item: AnnualPlanItem) -> stale.Scope:
    return stale.of(item, ("project", "activity", "rationale", "hours", "amount", "focus_areas"))


@transaction.atomic
def plan_item_update(
    *,
    actor,
    item: AnnualPlanItem,
    project=None,
    activity="",
    rationale="",
    hours=0,
    amount=0,
    focus_areas=(),
    version=None,
) -> AnnualPlanItem:
    _plan_require_editor(actor)
    stale.check(plan_item_scope(item), version)
    plan = _plan_locked(item.plan)
    _plan_require_editable(plan)
    item = AnnualPlanItem.objects.get(pk=item.pk)
    _plan_item_fields(
        item=item, project=project, activity=activity, rationale=rationale, hours=hours, amount=amount
    )
    _saved(item, actor)
    item.focus_areas.set(list(focus_areas))
    return item


@transaction.atomic
def plan_item_remove(*, actor, item: AnnualPlanItem) -> AnnualPlan:
    """Take an item out of a draft; the items below it move up one place."""
    _plan_require_editor(actor)
    plan = _plan_locked(item.plan)
    _plan_require_editable(plan)
    item = AnnualPlanItem.objects.get(pk=item.pk)
    item._history_user = actor
    item.delete()
    for rank, below in enumerate(plan.items.order_by("rank", "pk"), start=1):
        if below.rank != rank:
            below.rank = rank
            below._history_user = actor
            below.save(update_fields=["rank"])
    return plan


@transaction.atomic
def plan_item_move(*, actor, item: AnnualPlanItem, direction: str) -> AnnualPlanItem:
    """Swap the item with its neighbour above ("up") or below ("down"); at either end nothing moves."""
    _plan_require_editor(actor)
    if direction not in ("up", "down"):
        raise ValidationError("Ukendt retning: vælg op eller ned.")
    plan = _plan_locked(item.plan)
    _plan_require_editable(plan)
    item = AnnualPlanItem.objects.get(pk=item.pk)
    siblings = plan.items.all()
    if direction == "up":
        neighbour = siblings.filter(rank__lt=item.rank).order_by("-rank", "-pk").first()
    else:
        neighbour = siblings.filter(rank__gt=item.rank).order_by("rank", "pk").first()
    if neighbour is None:
        return item
    item.rank, neighbour.rank = neighbour.rank, item.rank
    for row in (item, neighbour):
        row._history_user = actor
        row.save(update_fields=["rank"])
    return item


@transaction.atomic
def annual_plan_submit(*, actor, plan: AnnualPlan) -> AnnualPlan:
    _plan_require_editor(actor)
    plan = _plan_locked(plan)
    _plan_require_editable(plan)
    if not plan.items.exists():
        raise ValidationError("Indsatsplanen har ingen punkter. Tilføj projekter eller aktiviteter først.")
    plan.status = AnnualPlan.Status.SUBMITTED
    return _saved(plan, actor)


@transaction.atomic
def annual_plan_send_back(*, actor, plan: AnnualPlan, comment: str) -> AnnualPlan:
    if actor is None or not can_approve_plan(actor):
        raise PermissionDenied
    if is_own_plan(actor, plan):
        raise PermissionDenied(OWN_PLAN_MESSAGE)
    plan = _plan_locked(plan)
    if plan.status != AnnualPlan.Status.SUBMITTED:
        raise ValidationError("Kun en indsatsplan, der er sendt til godkendelse, kan sendes tilbage.")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Skriv, hvorfor planen sendes tilbage."})
    if len(comment) > DECISION_TEXT_MAX_CHARS:
        raise ValidationError({"comment": "Bemærkningen er for lang."})
    plan.status = AnnualPlan.Status.SENT_BACK
    plan.review_comment = comment
    return _saved(plan, actor)


def plan_items_with_status(plan: AnnualPlan):
    """The plan's items in rank order, each project with its latest submitted overall light."""
    from django.db.models import Prefetch, Subquery

    from focusareas.models import FocusArea
    from portfolio.selectors import latest_submitted_reports

    latest = latest_submitted_reports().filter(project=OuterRef("project_id"))
    return (
        plan.items.select_related("project")
        .annotate(latest_overall=Subquery(latest.values("overall")[:1]))
        .prefetch_related(Prefetch("focus_areas", queryset=FocusArea.objects.order_by("number")))
        .order_by("rank", "pk")
    )


def plan_snapshot(plan: AnnualPlan) -> dict:
    """What the plan says now, in plain JSON: each item's rank, project number/name, phase and latest
    light, rationale, resources and focus areas. Kept on approval, so later changes do not change it."""
    from portfolio.models import Light

    items = []
    for item in plan_items_with_status(plan):
        project = item.project
        light = item.latest_overall or Light.NOT_REPORTED if project else ""
        items.append(
            {
                "item_id": item.pk,
                "rank": item.rank,
                "project_id": project.pk if project else None,
                "project_number": project.number if project else "",
                "project_name": project.name if project else "",
                "activity": item.activity,
                "phase": project.phase if project else "",
                "phase_label": Phase(project.phase).label if project else "",
                "light": light,
                "light_label": Light(light).label if light else "",
                "rationale": item.rationale,
                "hours": item.hours,
                "amount": str(item.amount),
                "focus_areas": [
                    {"id": area.pk, "number": area.number, "title": area.title}
                    for area in item.focus_areas.all()
                ],
            }
        )
    return {
        "year": plan.year,
        "version": plan.version,
        "title": plan.title,
        "budget_frame": None if plan.budget_frame is None else str(plan.budget_frame),
        "hours_frame": plan.hours_frame,
        "items": items,
    }


@transaction.atomic
def annual_plan_approve(*, actor, plan: AnnualPlan, text: str = "") -> AnnualPlan:
    """The steering group approves a submitted plan: a prioritisation decision of the steering group,
    the approval time and a frozen snapshot of the items."""
    if actor is None or not can_approve_plan(actor):
        raise PermissionDenied
    if is_own_plan(actor, plan):
        raise PermissionDenied(OWN_PLAN_MESSAGE)
    plan = _plan_locked(plan)
    if plan.status != AnnualPlan.Status.SUBMITTED:
        raise ValidationError("Kun en indsatsplan, der er sendt til godkendelse, kan godkendes.")
    body = steering_group()
    if body is None:
        raise ValidationError("Der er ingen styregruppe, der kan godkende.")
    text = (text or "").strip() or (
        f"Styregruppen godkender indsatsplanen for {plan.year} (version {plan.version}) "
        f"med {plan.items.count()} prioriterede punkter."
    )
    decision = Decision(
        body=body,
        decided_on=timezone.localdate(),
        kind=Decision.Kind.PRIORITISATION,
        text=_decision_text_clean(text),
        recorded_by=actor,
    )
    _saved(decision, actor)
    plan.status = AnnualPlan.Status.APPROVED
    plan.approval_decision = decision
    plan.approved_at = timezone.now()
    plan.approved_snapshot = plan_snapshot(plan)
    plan.review_comment = ""
    return _saved(plan, actor)


def plan_overview(plan: AnnualPlan, items: list[dict]) -> dict:
    """Coverage per focus area of the current strategy period and resources against the frames, with
    Danish warnings. `items` are snapshot-shaped dicts (plan_snapshot's or the approved one's)."""
    from focusareas.selectors import current_focus_areas

    areas = list(current_focus_areas())
    coverage = {area.pk: {"area": area, "count": 0, "hours": 0, "amount": Decimal(0)} for area in areas}
    total_hours = 0
    total_amount = Decimal(0)
    for item in items:
        amount = Decimal(str(item["amount"]))
        total_hours += item["hours"]
        total_amount += amount
        for area in item["focus_areas"]:
            row = coverage.get(area["id"])
            if row is not None:
                row["count"] += 1
                row["hours"] += item["hours"]
                row["amount"] += amount
    warnings = []
    if plan.budget_frame is not None and total_amount > plan.budget_frame:
        over = formats.number_format(total_amount - plan.budget_frame, 0, use_l10n=True, force_grouping=True)
        warnings.append(f"Budgetrammen er overskredet med {over} kr.")
    if plan.hours_frame is not None and total_hours > plan.hours_frame:
        over = formats.number_format(total_hours - plan.hours_frame, 0, use_l10n=True, force_grouping=True)
        warnings.append(f"Timerammen er overskredet med {over} timer.")
    for row in coverage.values():
        if row["count"] == 0:
            area = row["area"]
            warnings.append(f"Fokusområde {area.number}. {area.title} har ingen indsatser i planen.")
    return {
        "coverage": list(coverage.values()),
        "total_hours": total_hours,
        "total_amount": total_amount,
        "warnings": warnings,
    }


def plan_items_for_display(plan: AnnualPlan) -> list[dict]:
    """The approved plan's frozen items, or a draft's live ones, in the snapshot's shape."""
    if plan.approved_snapshot is not None:
        return plan.approved_snapshot["items"]
    return plan_snapshot(plan)["items"]


# --- The indsatsplan as PDF, rendered by Celery -----------------------------------------------------
#
# Like the Project Board report: "Dan PDF" on the plan page queues plan_pdf_generate(plan_id) under a new
# task id; the task renders with governance.plan_pdf and stores the file on AnnualPlan.pdf under a new name
# (the plan's history keeps the earlier names, and the files). With eager Celery (no broker) it renders
# before the request returns. AnnualPlan has no columns for a render's state, so the state of the latest
# request (task id, status, progress, error, who asked) is a small record in the "tasks" cache, which the
# web and the worker share (settings.CACHES); losing it loses only the progress display, never a file.
#
# Which file GET /plans/<year>/pdf serves (plan_pdf_is_current): the stored file when the plan is approved
# and the file was stored after the approval (an approved plan prints from its frozen snapshot, so a new
# render would say the same); in every other case (a draft, submitted or sent-back plan, an approved plan
# with no file or one made before it was approved) the plan is rendered synchronously, so it is never stale.

from django.core.cache import caches  # noqa: E402

from governance.permissions import can_export_plan  # noqa: E402

PLAN_PDF_QUEUE_ERROR_MESSAGE = (
    "PDF'en kunne ikke sættes i kø, fordi baggrundstjenesten ikke svarer. Prøv igen om lidt."
)
PLAN_PDF_STATE_TIMEOUT = 7 * 24 * 60 * 60
PLAN_PDF_STATUS_LABELS = {"queued": "I kø", "running": "Dannes", "done": "Færdig", "failed": "Fejlet"}
PLAN_PDF_ACTIVE = ("queued", "running")


class PlanPdfQueueError(BoardReportQueueError):
    """The broker did not take the plan PDF's task: nothing was queued."""

    def __init__(self, message=PLAN_PDF_QUEUE_ERROR_MESSAGE):
        super().__init__(message)


def _plan_pdf_cache():
    return caches["tasks"] if "tasks" in settings.CACHES else caches["default"]


def _plan_pdf_key(plan_id: int) -> str:
    return f"governance:plan-pdf:{plan_id}"


def plan_pdf_state(plan_or_id) -> dict | None:
    """The state of the plan's latest PDF request: task_id, status (queued, running, done, failed),
    status_label, progress, error, requested_by, requested_at, finished_at (ISO); None if none is known."""
    plan_id = getattr(plan_or_id, "pk", plan_or_id)
    try:
        state = _plan_pdf_cache().get(_plan_pdf_key(plan_id))
    except _broker_errors() as error:
        # The state lives in the broker's Redis: while it is down the plan page still shows (without the
        # PDF's progress), and Dan PDF says that the background service does not answer.
        board_logger.warning("Plan PDF state of plan %s unreadable: %s", plan_id, error)
        return None
    if state is not None:
        state = {**state, "status_label": PLAN_PDF_STATUS_LABELS.get(state["status"], state["status"])}
    return state


def _plan_pdf_state_set(plan_id: int, state: dict | None) -> None:
    if state is None:
        _plan_pdf_cache().delete(_plan_pdf_key(plan_id))
    else:
        state = {key: value for key, value in state.items() if key != "status_label"}
        _plan_pdf_cache().set(_plan_pdf_key(plan_id), state, PLAN_PDF_STATE_TIMEOUT)


def _plan_pdf_state_update(plan_id: int, task_id: str, **changes) -> bool:
    """Change the record of request `task_id`; False (nothing written) if a newer request replaced it."""
    state = plan_pdf_state(plan_id)
    if state is not None and state["task_id"] != task_id:
        return False
    _plan_pdf_state_set(plan_id, {**(state or {"task_id": task_id, "requested_by": ""}), **changes})
    return True


def plan_pdf_in_progress(state: dict | None) -> bool:
    """Queued or running, and not presumed lost (older than BOARD_REPORT_STALE_AFTER)."""
    if state is None or state["status"] not in PLAN_PDF_ACTIVE:
        return False
    since = datetime.datetime.fromisoformat(state.get("started_at") or state["requested_at"])
    return timezone.now() - since <= BOARD_REPORT_STALE_AFTER


@transaction.atomic
def plan_pdf_request(*, actor, plan: AnnualPlan) -> dict:
    """Ask for the plan's PDF: queue plan_pdf_generate under a new task id, unless a request is already
    queued or running (then that one's state is returned). Raises PlanPdfQueueError, keeping the earlier
    state, when the broker is unreachable. The plan row is locked, so two requests at once queue one."""
    if actor is None or not can_export_plan(actor):
        raise PermissionDenied
    from governance.tasks import plan_pdf_generate

    plan = _plan_locked(plan)
    previous = plan_pdf_state(plan)
    if plan_pdf_in_progress(previous):
        return previous
    task_id = str(uuid.uuid4())
    try:
        _plan_pdf_state_set(
            plan.pk,
            {
                "task_id": task_id,
                "status": "queued",
                "progress": 0,
                "error": "",
                "requested_by": str(actor),
                "requested_at": timezone.now().isoformat(),
                "started_at": None,
                "finished_at": None,
            },
        )
    except _broker_errors() as error:
        board_logger.warning("Plan PDF %s could not be queued: %s", plan.pk, error)
        raise PlanPdfQueueError() from error
    try:
        _task_publish(
            plan_pdf_generate,
            args=[plan.pk],
            task_id=task_id,
            error_class=PlanPdfQueueError,
            what=f"Plan PDF {plan.pk}",
        )
    except PlanPdfQueueError:
        try:
            _plan_pdf_state_set(plan.pk, previous)
        except _broker_errors():  # the same Redis, so maybe gone too: the earlier state expires anyway
            pass
        raise
    return plan_pdf_state(plan)


def plan_pdf_file_name(plan: AnnualPlan) -> str:
    """A new name for every render, so an earlier file (kept in the history) is never overwritten."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    return f"plans/{plan.year}-v{plan.version}-{plan.pk}-{stamp}.pdf"


def _plan_pdf_referenced_files(plan: AnnualPlan) -> set[str]:
    names = set(plan.history.exclude(pdf="").values_list("pdf", flat=True))
    if plan.pdf:
        names.add(plan.pdf.name)
    return names


def plan_pdf_fail(*, plan_id: int, task_id: str, reason: str) -> bool:
    """Record that request `task_id` failed. False if a newer request replaced it."""
    state = plan_pdf_state(plan_id)
    if state is not None and state["status"] == "done" and state["task_id"] == task_id:
        return False
    return _plan_pdf_state_update(
        plan_id, task_id, status="failed", error=reason, finished_at=timezone.now().isoformat()
    )


def plan_pdf_render(*, plan_id: int, task_id: str) -> dict | None:
    """Render the plan's PDF for request `task_id` and store it on AnnualPlan.pdf. Idempotent: a request
    already done or failed is left alone, a request replaced by a newer one does nothing (None), and the
    file is written before the row points at it, so one render leaves one file. A failure is recorded in
    the state with its reason; operational database errors propagate so the task retries."""
    from governance.plan_pdf import render_plan_pdf

    state = plan_pdf_state(plan_id)
    if state is not None and state["task_id"] != task_id:
        return None
    if state is not None and state["status"] in ("done", "failed"):
        return state
    plan = AnnualPlan.objects.filter(pk=plan_id).first()
    if plan is None:
        return None
    _plan_pdf_state_update(
        plan_id, task_id, status="running", progress=0, error="", started_at=timezone.now().isoformat()
    )
    progress = _progress_writer(lambda percent: _plan_pdf_state_update(plan_id, task_id, progress=percent))
    storage = AnnualPlan._meta.get_field("pdf").storage
    try:
        pdf = render_plan_pdf(plan, progress=progress)
        name = storage.save(plan_pdf_file_name(plan), ContentFile(pdf))
    except OperationalError:
        raise
    except Exception as error:  # the renderer's or the storage's: recorded, not retried
        board_logger.exception("Plan PDF %s failed", plan_id)
        plan_pdf_fail(
            plan_id=plan_id, task_id=task_id, reason=_render_failure_reason(error, "PDF'en kunne ikke dannes")
        )
        return plan_pdf_state(plan_id)

    with transaction.atomic():
        current = AnnualPlan.objects.select_for_update().filter(pk=plan_id).first()
        state = plan_pdf_state(plan_id)
        if current is None or (
            state is not None and (state["task_id"] != task_id or state["status"] == "done")
        ):
            # Gone, superseded, or another delivery of this request finished first: keep one file only.
            storage.delete(name)
            return state if state is not None and state["task_id"] == task_id else None
        current.pdf.name = name
        current._history_user = None
        current.save(update_fields=["pdf"])
        prefix = f"{current.year}-v{current.version}-{current.pk}-"
        _remove_orphan_files(storage, "plans", prefix, _plan_pdf_referenced_files(current))
    _plan_pdf_state_update(
        plan_id, task_id, status="done", progress=100, error="", finished_at=timezone.now().isoformat()
    )
    return plan_pdf_state(plan_id)


def plan_pdf_is_current(plan: AnnualPlan) -> bool:
    """Whether the stored file is what the plan says: approved, and the file stored after the approval
    (the first history entry carrying the file's name is when it was stored)."""
    if plan.status != AnnualPlan.Status.APPROVED or not plan.pdf or plan.approved_at is None:
        return False
    stored = (
        plan.history.filter(pdf=plan.pdf.name)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    return stored is not None and stored >= plan.approved_at


def plan_pdf_is_fresh(plan: AnnualPlan) -> bool:
    """Whether the stored file can be downloaded as the plan: current for an approved plan
    (plan_pdf_is_current); for a plan not yet approved, stored after the plan and every item last changed.
    (A project's phase or light may have moved since; the file says when it was made.)"""
    if plan_pdf_is_current(plan):
        return True
    if plan.status == AnnualPlan.Status.APPROVED or not plan.pdf:
        return False
    stored = (
        plan.history.filter(pdf=plan.pdf.name)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    if stored is None:
        return False
    changed_since = plan.history.filter(history_date__gt=stored).exists() or (
        AnnualPlanItem.history.filter(plan_id=plan.pk, history_date__gt=stored).exists()
    )
    return not changed_since
