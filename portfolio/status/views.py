"""The project leader's biweekly status report: write (draft, submit), read, correct."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from portfolio import selectors
from portfolio.lifecycle.selectors import project_slip
from portfolio.models import StatusReport
from portfolio.permissions import get_object_for_user_or_404, user_can
from portfolio.services import project_require_open
from portfolio.status import services
from portfolio.status.consistency import overall_light_warning
from portfolio.status.forms import (
    LIGHT_LABELS,
    StatusReportForm,
    changed_fields,
    initial_from_previous,
    initial_from_report,
)

REPORT_STATUS = "portfolio.report_status"

TRENDS = {
    "better": ("↑", "Bedre"),
    "same": ("→", "Uændret"),
    "worse": ("↓", "Dårligere"),
    "none": ("", "Kan ikke sammenlignes"),
}


# --- reads this page needs (small, and only used here) -----------------------------------------------


def _project(request, pk, perm=None):
    return get_object_for_user_or_404(request.user, perm, selectors.projects_visible_to(request.user), pk=pk)


def _refuse_if_finished(request, project):
    """A closed or stopped project gets no new status report: back to its page with the reason."""
    try:
        project_require_open(project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(project)
    return None


def _reports_of(project):
    return StatusReport.objects.filter(project=project).select_related("period", "author", "supersedes")


def _previous_submitted(project, before_period=None):
    """The project's latest submitted report (its newest version), optionally only of the periods
    before `before_period`: the report to the Project Board before."""
    reports = _reports_of(project).filter(state=StatusReport.State.SUBMITTED)
    if before_period is not None:
        reports = reports.filter(period__meeting_date__lt=before_period.meeting_date)
    return reports.order_by("-period__meeting_date", "-version").first()


def _trend(current, previous):
    key = selectors.light_trend(current, previous) or "none"
    arrow, text = TRENDS[key]
    return {"key": key, "arrow": arrow, "text": text}


# --- writing -------------------------------------------------------------------------------------------


def _render_form(request, project, *, period, form, draft, prefilled=False, conflict=None, status=200):
    return render(
        request,
        "portfolio/status_form.html",
        {
            "project": project,
            "period": period,
            "form": form,
            "draft": draft,
            "prefilled_from": form.previous if prefilled else None,
            "light_warning": overall_light_warning(form.lights),
            "conflict": conflict,
            "action_url": request.path,
            "slip": project_slip(project),
        },
        status=status,
    )


def _handle_form(request, project, *, period, draft, redirect_to):
    """GET shows the form (the draft, or a new report prefilled from the previous one);
    POST saves the draft or submits it. Shared by the new-report page and the draft page.
    Beside each field stands the previous Project Board's report's value ("Sidst: …")."""
    previous = _previous_submitted(project, before_period=period)
    if request.method == "GET":
        if draft is not None:
            initial = initial_from_report(draft)
        else:
            initial = {"percent_complete": 0, **initial_from_previous(previous)}
        initial["version"] = services.status_report_version_token(draft)
        return _render_form(
            request,
            project,
            period=period,
            form=StatusReportForm(initial=initial, previous=previous),
            draft=draft,
            prefilled=draft is None and previous is not None,
        )

    form = StatusReportForm(request.POST, previous=previous)
    submit = "submit" in request.POST
    if not form.is_valid():
        return _render_form(request, project, period=period, form=form, draft=draft)
    save = services.status_report_save_and_submit if submit else services.status_report_save_draft
    try:
        report = save(
            actor=request.user,
            project=project,
            period=period,
            data=form.content(),
            expected_version=form.cleaned_data["version"] or services.STATUS_REPORT_NEW_DRAFT_TOKEN,
        )
    except services.StatusReportConflict as error:
        current = error.current
        # Keep what the user typed, based on the stored version from now on: saving again is a choice
        # made after seeing the differences, never a silent overwrite.
        data = request.POST.copy()
        data["version"] = services.status_report_version_token(current)
        form = StatusReportForm(data, previous=previous)
        form.is_valid()
        conflict = {
            "current": current,
            "changes": changed_fields(form, current) if current is not None else [],
        }
        return _render_form(
            request, project, period=period, form=form, draft=current, conflict=conflict, status=409
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            form.add_error(None, error)
        else:
            for message in error.messages:
                form.add_error(None, message)
        return _render_form(request, project, period=period, form=form, draft=draft)

    if submit:
        messages.success(request, "Statusrapporten er indsendt til Project Board.")
        # Advice, not a refusal: the report is in; the leader may correct it with a new version.
        if warning := overall_light_warning(
            {name: getattr(report, name) for name in StatusReport.DIMENSIONS}
        ):
            messages.warning(
                request,
                f"{warning} Ret rapporten med en ny version, hvis den samlede status skal være en anden.",
            )
        return redirect("portfolio:status-detail", pk=project.pk, report_pk=report.pk)
    messages.success(request, "Kladden er gemt.")
    return redirect(redirect_to)


@require_http_methods(["GET", "POST"])
def status_new(request, pk):
    """The report for the current Project Board period: a new one, or the period's draft."""
    project = _project(request, pk, REPORT_STATUS)
    if refused := _refuse_if_finished(request, project):
        return refused
    period = selectors.current_period()
    if period is None:
        return render(request, "portfolio/status_form.html", {"project": project, "no_period": True})
    reports = list(_reports_of(project).filter(period=period).order_by("-version"))
    draft = next((report for report in reports if report.state == StatusReport.State.DRAFT), None)
    if draft is None and reports:
        # Submitted already: that report never changes; offer a correction instead.
        return render(
            request,
            "portfolio/status_form.html",
            {"project": project, "period": period, "submitted": reports[0]},
            status=200 if request.method == "GET" else 409,
        )
    return _handle_form(request, project, period=period, draft=draft, redirect_to=request.path)


@require_http_methods(["GET", "POST"])
def status_edit(request, pk, report_pk):
    """Continue a draft, of any period (a correction of an older report is one)."""
    project = _project(request, pk, REPORT_STATUS)
    report = get_object_or_404(_reports_of(project), pk=report_pk)
    if refused := _refuse_if_finished(request, project):
        return refused
    if report.is_submitted:
        messages.info(request, services.STATUS_REPORT_IMMUTABLE_MESSAGE)
        return redirect("portfolio:status-detail", pk=project.pk, report_pk=report.pk)
    return _handle_form(request, project, period=report.period, draft=report, redirect_to=request.path)


@require_POST
def status_correct(request, pk, report_pk):
    project = _project(request, pk, REPORT_STATUS)
    report = get_object_or_404(_reports_of(project), pk=report_pk)
    try:
        correction = services.status_report_correct(actor=request.user, report=report)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("portfolio:status-detail", pk=project.pk, report_pk=report.pk)
    messages.success(
        request,
        f"Version {correction.version} er oprettet som kladde ud fra version {report.version}. "
        "Ret det, der skal rettes, og indsend den. Den oprindelige rapport forbliver synlig.",
    )
    return redirect("portfolio:status-edit", pk=project.pk, report_pk=correction.pk)


# --- reading -------------------------------------------------------------------------------------------


@require_http_methods(["GET"])
def status_detail(request, pk, report_pk):
    project = _project(request, pk)
    report = get_object_or_404(_reports_of(project), pk=report_pk)
    previous = _previous_submitted(project, before_period=report.period)
    lights = [
        {
            "label": LIGHT_LABELS[dimension],
            "value": getattr(report, dimension),
            "comment": getattr(report, f"{dimension}_comment"),
            "previous": getattr(previous, dimension) if previous else None,
            "trend": _trend(getattr(report, dimension), getattr(previous, dimension, None)),
        }
        for dimension in StatusReport.DIMENSIONS
    ]
    versions = list(_reports_of(project).filter(period=report.period).order_by("version"))
    superseded_by = next((other for other in versions if other.supersedes_id == report.pk), None)
    can_report = user_can(request.user, REPORT_STATUS, project) and not project.is_finished
    return render(
        request,
        "portfolio/status_detail.html",
        {
            "project": project,
            "report": report,
            "previous": previous,
            "lights": lights,
            "versions": versions,
            "superseded_by": superseded_by,
            "can_correct": can_report and report.is_submitted and superseded_by is None,
            "can_continue": can_report and not report.is_submitted,
            "edit_url": reverse("portfolio:status-edit", args=[project.pk, report.pk]),
            "slip": project_slip(project),
        },
    )
