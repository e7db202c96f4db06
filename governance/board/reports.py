"""The Project Board's status report: request, render, the scheduled run. Its job state is the
BoardReport row (the shared job design, governance/common/jobs.py); the data comes from
board.selectors.board_report_data and the PDF from the pure board.pdf.render_board_report; the task is
governance.tasks.board_report_generate.

Publishing happens INSIDE the transaction that creates or re-queues the report (not on commit): if the
broker does not answer, the exception rolls the row back, so nothing is left "queued" that no worker
will ever pick up. The price is a race the other way round: a fast worker may receive the task before
the row is committed. The task therefore carries the id it was published with (stored on the row) and
waits (retries) until the row it belongs to is visible."""

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from governance.board import pdf as board_pdf
from governance.board.selectors import board_report_data
from governance.common.jobs import (
    JOB_STALE_AFTER,
    JobNotReady,
    JobQueueError,
    file_stamp,
    history_file_names,
    job_claim,
    job_done,
    job_fail,
    job_is_stale,
    job_lock_running,
    job_render_file,
    job_requeue,
    remove_orphan_files,
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


class BoardReportNotReady(JobNotReady):
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

    if not regenerate or (report.is_active and not job_is_stale(report)):
        return report, False
    job_requeue(report, actor=actor)
    _board_report_publish(report)
    return report, True


def board_report_file_name(report: BoardReport) -> str:
    """A new name for every render, so the earlier file (kept in the history) is never overwritten."""
    return f"board_reports/{report.period.meeting_date:%Y-%m-%d}-{report.pk}-{file_stamp()}.pdf"


def _board_report_remove_orphans(report: BoardReport, storage) -> None:
    """Files of this report that no version of it points at: left by a worker that died after (or while)
    writing, before it could record the file. Removed so that one render leaves exactly one file."""
    prefix = f"{report.period.meeting_date:%Y-%m-%d}-{report.pk}-"
    remove_orphan_files(storage, "board_reports", prefix, history_file_names(report, "file"))


def board_report_fail(*, report_id: int, task_id: str, reason: str) -> bool:
    """Record that the render of this request failed. False if the report moved on (another request)."""
    return job_fail(BoardReport, task_id=task_id, reason=reason, pk=report_id)


def board_report_render(*, report_id: int, task_id: str) -> BoardReport | None:
    """Render the report's PDF for the request `task_id`. Idempotent: a request already done is left
    alone; a request left running by a worker that died is rendered again, and the file is written before
    the row points at it, so exactly one file results. A failure is recorded on the report with its
    reason; operational database errors propagate so the task retries.

    Raises BoardReportNotReady when the row for `task_id` is not visible (yet). Returns None when the
    request was superseded by a newer one.
    """
    report = job_claim(
        BoardReport.objects.select_related("period").filter(pk=report_id),
        task_id=task_id,
        not_ready=BoardReportNotReady,
    )
    if report is None or not report.is_active:
        return report  # superseded, or this request has run to its end already (a redelivered message)

    storage = BoardReport._meta.get_field("file").storage
    name = job_render_file(
        BoardReport,
        job_id=report_id,
        task_id=task_id,
        storage=storage,
        read=lambda: board_report_data(report.period),
        render=board_pdf.render_board_report,
        file_name=lambda: board_report_file_name(report),
        failure="Rapporten kunne ikke dannes",
        what=f"Board report {report_id}",
        pk=report_id,
    )
    if name is None:  # failed, and recorded on the report
        report.refresh_from_db()
        return report

    with transaction.atomic():
        current = job_lock_running(BoardReport, task_id=task_id, pk=report_id)
        if current is None:
            # Superseded, or another delivery of this request finished first: keep one file only.
            storage.delete(name)
            current = BoardReport.objects.filter(pk=report_id).first()
            return current if current is not None and current.task_id == task_id else None
        current.file.name = name
        job_done(current, update_fields=["file"])
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
