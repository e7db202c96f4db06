"""The Project Board's status report: request, render, the scheduled run (the PDF itself is
governance/board/pdf.py; the task is governance.tasks.board_report_generate).

Publishing happens INSIDE the transaction that creates or re-queues the report (not on commit): if the
broker does not answer, the exception rolls the row back, so nothing is left "queued" that no worker
will ever pick up. The price is a race the other way round: a fast worker may receive the task before
the row is committed. The task therefore carries the id it was published with (stored on the row) and
waits (retries) until the row it belongs to is visible."""

import datetime
import uuid

from django.core.files.base import ContentFile
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from governance.board import pdf as board_pdf
from governance.common.jobs import (
    JOB_STALE_AFTER,
    JobQueueError,
    job_logger,
    progress_writer,
    remove_orphan_files,
    render_failure_reason,
    task_publish,
)
from governance.models import BoardReport
from governance.tasks import board_report_generate as board_report_generate_task
from portfolio.history import save_with_history
from portfolio.models import ReportingPeriod

BOARD_REPORT_QUEUE_ERROR_MESSAGE = (
    "Rapporten kunne ikke sættes i kø, fordi baggrundstjenesten ikke svarer. Prøv igen om lidt."
)
BOARD_REPORT_STALE_AFTER = JOB_STALE_AFTER  # queued or running longer than this: presumed lost


class BoardReportQueueError(JobQueueError):
    """The broker did not take the task: nothing was saved."""

    def __init__(self, message=BOARD_REPORT_QUEUE_ERROR_MESSAGE):
        super().__init__(message)


class BoardReportNotReady(Exception):
    """The task arrived before the transaction that published it committed (or that transaction rolled
    back): the row it belongs to is not visible. The task retries shortly, and gives up after a while."""


def _board_report_publish(report: BoardReport) -> None:
    task_publish(
        board_report_generate_task,
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
                save_with_history(report, actor=actor)
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
    save_with_history(report, actor=actor)
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
    remove_orphan_files(storage, "board_reports", prefix, _board_report_referenced_files(report))


def _board_report_failure_reason(error: BaseException) -> str:
    return render_failure_reason(error, "Rapporten kunne ikke dannes")


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
        save_with_history(report, actor=None, update_fields=["status", "error", "finished_at"])
        return True


def board_report_render(*, report_id: int, task_id: str) -> BoardReport | None:
    """Render the report's PDF for the request `task_id`. Idempotent: a request already done is left
    alone; a request left running by a worker that died is rendered again, and the file is written before
    the row points at it, so exactly one file results. A failure is recorded on the report with its
    reason; operational database errors propagate so the task retries.

    Raises BoardReportNotReady when the row for `task_id` is not visible (yet). Returns None when the
    request was superseded by a newer one.
    """
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
        save_with_history(
            report,
            actor=None,
            update_fields=["status", "progress", "error", "attempts", "started_at", "finished_at"],
        )

    storage = BoardReport._meta.get_field("file").storage

    def write_progress(percent: int) -> None:
        # Each update commits on its own, so the page sees it; at most one write per percent.
        BoardReport.objects.filter(pk=report_id, task_id=task_id, status=BoardReport.Status.RUNNING).update(
            progress=percent
        )

    progress = progress_writer(write_progress)

    try:
        pdf = board_pdf.render_board_report(report.period, progress=progress)
        name = storage.save(board_report_file_name(report), ContentFile(pdf))
    except OperationalError:
        raise
    except Exception as error:  # the renderer's or the storage's: recorded, not retried
        job_logger.exception("Board report %s failed", report_id)
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
        save_with_history(
            current, actor=None, update_fields=["file", "status", "progress", "error", "finished_at"]
        )
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
