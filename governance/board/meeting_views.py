"""One Project Board meeting's page (/board/<pk>/), the hub of the meeting: its facts, the projects missing
a status report (with "Send påmindelse"), the decisions and requests for the board, "Siden sidste møde",
and the meeting's status report PDF (generate, watch, download, earlier versions)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Window
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from governance.board import reminders, reports, selectors
from governance.board.changes import since_last_meeting
from governance.board.forms import ReminderForm
from governance.models import BoardReport, Meeting, StatusReminder
from governance.permissions import can_generate_board_report
from portfolio.addresses import Addresses
from portfolio.forms import REFUSED, form_service, is_id
from portfolio.models import Project, ReportingPeriod

# "Siden sidste møde" lists at most this many of each kind of change (with how many in all), so the page
# stays the same size in any portfolio; the board report's PDF lists every one.
SINCE_LAST_SHOWN = 50
# The projects missing a report and the reminders sent: at most this many each (and how many in all),
# unless the reader asks for all (?alle=1); the days before a deadline, hundreds of projects may lack one.
MISSING_SHOWN = 50


def _period(pk) -> ReportingPeriod:
    if not is_id(pk):
        raise Http404
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


def _link_light_changes(since_last) -> None:
    """Each light change's links (the project, its report to the previous meeting and to this one), for
    governance/_since_last_light_row.html."""
    project_url = Addresses("portfolio:project-detail", 1)
    report_url = Addresses("portfolio:status-detail", 2)
    for change in [*since_last.worsened, *since_last.improved]:
        change.project_url = project_url(change.project.pk)
        change.before_url = report_url(change.project.pk, change.before.pk)
        change.after_url = report_url(change.project.pk, change.after.pk)


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
    meeting = _meeting(period)
    board = selectors.project_board()
    context.update(
        meeting=meeting,
        earlier_versions=_earlier_versions(context["report"]),
        decisions=(decisions := selectors.decisions_requested(period)),
        escalations=(escalations := selectors.escalations_to_board(board)),
        decision_count=len(decisions) + len(escalations),
        requests=selectors.meeting_requests(meeting),
        since_last=(since_last := since_last_meeting(period, limit=SINCE_LAST_SHOWN)),
        **_missing_context(request, period, context["can_generate"], context["today"]),
    )
    _link_light_changes(since_last)
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
        reports.board_report_request(actor=request.user, period=period)
    except reports.BoardReportQueueError as error:
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


# --- Reminders from the meeting's page ---------------------------------------------------------------


def _reminder_log(period, limit: int | None) -> tuple[list, int]:
    """The reminders about the period's reports, automatic and manual, newest first (the first `limit`),
    and how many there are in all (counted in the same query)."""
    log = list(
        StatusReminder.objects.filter(period=period)
        .annotate(total=Window(Count("pk")))
        .select_related("project", "recipient", "sent_by")
        .prefetch_related("also_to")
        .order_by("-sent_at", "-pk")[:limit]
    )
    return log, log[0].total if log else 0


def _missing_context(request, period, can_generate, today) -> dict:
    limit = None if request.GET.get("alle") == "1" else MISSING_SHOWN
    missing, missing_count = selectors.missing_reports(period, limit=limit)
    reminder_log, reminder_count = _reminder_log(period, limit)
    can_remind = can_generate and not period.cancelled and period.meeting_date >= today
    if can_remind:
        now = timezone.now()
        for row in missing:
            row.form = ReminderForm()  # each button its own one-time token
            row.next_at = row.next_reminder_at(now)
    return {
        "missing": missing,
        "missing_count": missing_count,
        "can_remind": can_remind,
        "remind_all_form": ReminderForm() if can_remind and missing else None,
        "reminder_log": reminder_log,
        "reminder_count": reminder_count,
    }


def _names(reminder) -> str:
    people = [reminder.recipient, *reminder.also_to.all()]
    names = [person.get_full_name() or person.username for person in people]
    return " og ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]


def _back_to_missing(period):
    return redirect(f"{reverse('governance:board-detail', args=[period.pk])}#mangler")


def _refused(request, form) -> None:
    for message in form.non_field_errors():
        messages.error(request, f"Påmindelsen er ikke sendt: {message}")


def _period_for_reminders(request, pk) -> ReportingPeriod:
    period = _period(pk)
    if not can_generate_board_report(request.user):
        raise PermissionDenied
    return period


@require_POST
def board_remind(request, pk, project_pk):
    """Send påmindelse: e-mail one project's leader and deputies that its report is missing."""
    period = _period_for_reminders(request, pk)
    if not is_id(project_pk):
        raise Http404
    project = get_object_or_404(Project.objects.select_related("leader"), pk=project_pk)
    form = ReminderForm(request.POST)
    reminder = form_service(
        form,
        lambda data: reminders.status_reminder_send(
            actor=request.user, period=period, project=project, submit_token=data["submit_token"]
        ),
    )
    if reminder is REFUSED:
        _refused(request, form)
    elif getattr(reminder, "submit_replayed", False):
        messages.info(request, f"Påmindelsen om {project.number} er allerede sendt.")
    else:
        messages.success(request, f"Påmindelsen om {project.number} er sendt til {_names(reminder)}.")
    return _back_to_missing(period)


@require_POST
def board_remind_all(request, pk):
    """Send til alle: a reminder about every project missing its report that may have one now."""
    period = _period_for_reminders(request, pk)
    form = ReminderForm(request.POST)
    result = form_service(
        form,
        lambda data: reminders.status_reminders_send_all(
            actor=request.user, period=period, submit_token=data["submit_token"]
        ),
    )
    if result is REFUSED:
        _refused(request, form)
        return _back_to_missing(period)
    sent, skipped = result
    if not sent:
        messages.info(request, "Påmindelserne er allerede sendt.")
        return _back_to_missing(period)
    count = "1 påmindelse er sendt" if len(sent) == 1 else f"{len(sent)} påmindelser er sendt"
    messages.success(request, f"{count}: {', '.join(r.project.number for r in sent)}.")
    for message in skipped:
        messages.warning(request, f"Ikke sendt: {message}")
    return _back_to_missing(period)
