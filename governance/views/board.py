"""One Project Board meeting: its dates and its status report PDF (generate, watch, download)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from governance import services
from governance.models import BoardReport, Meeting
from governance.permissions import can_generate_board_report
from portfolio.models import ReportingPeriod


def _period(pk) -> ReportingPeriod:
    queryset = ReportingPeriod.objects.select_related(
        "board_report", "board_report__requested_by", "board_meeting"
    )
    return get_object_or_404(queryset, pk=pk)


def _report(period) -> BoardReport | None:
    try:
        return period.board_report
    except BoardReport.DoesNotExist:
        return None


def _meeting(period):
    try:
        return period.board_meeting
    except Meeting.DoesNotExist:
        return None


def _status_context(request, period) -> dict:
    report = _report(period)
    return {
        "period": period,
        "report": report,
        "can_generate": can_generate_board_report(request.user),
        "today": timezone.localdate(),
        "in_progress": report is not None
        and report.status in (BoardReport.Status.QUEUED, BoardReport.Status.RUNNING),
    }


def _earlier_versions(report):
    """The files this report had before, newest first (the history keeps every file's path)."""
    if report is None:
        return []
    seen = {report.file.name} if report.file else set()
    versions = []
    for record in (
        report.history.filter(status=BoardReport.Status.DONE).exclude(file="").order_by("-history_date")
    ):
        if record.file in seen:
            continue
        seen.add(record.file)
        versions.append(record)
    return versions


@require_safe
def board_detail(request, pk):
    period = _period(pk)
    context = _status_context(request, period)
    context["meeting"] = _meeting(period)
    context["earlier_versions"] = _earlier_versions(context["report"])
    return render(request, "governance/board_detail.html", context)


@require_safe
def board_report_status(request, pk):
    """The report's status as an htmx partial; it polls itself while the report is queued or running."""
    period = _period(pk)
    return render(request, "governance/_board_report_status.html", _status_context(request, period))


@require_POST
def board_generate(request, pk):
    period = _period(pk)
    if not can_generate_board_report(request.user):
        raise PermissionDenied
    if period.cancelled:
        messages.error(request, "Mødet er aflyst, så der dannes ingen statusrapport til det.")
        return redirect("governance:board-detail", pk=period.pk)
    try:
        services.board_report_request(actor=request.user, period=period)
    except services.BoardReportQueueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Statusrapporten er bestilt. Siden viser, hvor langt den er.")
    return redirect("governance:board-detail", pk=period.pk)


@require_safe
def board_report_pdf(request, pk):
    """The report's current file, streamed to any logged-in user (media files are never public)."""
    period = _period(pk)
    report = _report(period)
    if report is None or not report.file:
        raise Http404("Der er ingen statusrapport til dette møde endnu.")
    try:
        handle = report.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("Rapportens fil findes ikke.") from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"project-board-{period.meeting_date:%Y-%m-%d}.pdf",
        content_type="application/pdf",
    )
