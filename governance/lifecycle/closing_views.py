"""The programme group's answer to a closing report, and stopping a project (governance.lifecycle.closing)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from governance.lifecycle import closing
from governance.lifecycle.closing_forms import AcceptForm, ReturnForm, StopForm
from portfolio.forms import REFUSED, form_service
from portfolio.models import ClosingReport, Project


def _report_url(project_pk) -> str:
    return reverse("portfolio:project-closing", args=[project_pk])


def _decidable_report(request, pk) -> ClosingReport:
    """The project's submitted report, if the user may answer it; else 403 (no report: nothing to answer)."""
    project = get_object_or_404(Project.objects.filter(archived=False), pk=pk)
    report = ClosingReport.objects.select_related("project").filter(project=project).first()
    if not closing.may_decide_closing(request.user, report):
        raise PermissionDenied
    return report


def _refused(request, pk, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)
    return redirect(_report_url(pk))


@require_POST
def closing_accept(request, pk):
    report = _decidable_report(request, pk)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _refused(request, pk, ValidationError([e for errors in form.errors.values() for e in errors]))
    try:
        closing.closing_accept(actor=request.user, report=report, text=form.cleaned_data["text"])
    except ValidationError as error:
        return _refused(request, pk, error)
    messages.success(
        request,
        "Afslutningsrapporten er godkendt, og projektet er afsluttet. Gevinstejerne får besked om, at "
        "gevinsterne nu er deres at følge op på.",
    )
    return redirect(report.project)


@require_POST
def closing_return(request, pk):
    report = _decidable_report(request, pk)
    form = ReturnForm(request.POST)
    returned = form_service(
        form, lambda data: closing.closing_return(actor=request.user, report=report, reason=data["reason"])
    )
    if returned is not REFUSED:
        messages.success(request, "Rapporten er sendt tilbage til projektlederen med begrundelsen.")
        return redirect(_report_url(pk))
    # Shown again on the report page itself would need the report's context: a message says what to fix.
    return _refused(request, pk, ValidationError([e for errors in form.errors.values() for e in errors]))


@require_http_methods(["GET", "POST"])
def project_stop(request, pk):
    project = get_object_or_404(Project.objects.filter(archived=False), pk=pk)
    if not closing.can_stop_project(request.user, project):
        raise PermissionDenied
    form = StopForm(request.POST if request.method == "POST" else None)
    stopped = form_service(
        form, lambda data: closing.project_stop(actor=request.user, project=project, reason=data["reason"])
    )
    if stopped is not REFUSED:
        messages.success(request, f"Projektet »{project.name}« er stoppet.")
        return redirect(project)
    status = 400 if form.is_bound else 200
    return render(request, "governance/project_stop.html", {"project": project, "form": form}, status=status)
