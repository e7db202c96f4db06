"""A project's closing report (the leader writes it and sends it to the programme group) and the lessons
learned across projects. The programme group's answer is governance's (governance.lifecycle)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from portfolio import selectors
from portfolio.forms import REFUSED, form_service
from portfolio.history import history_entries
from portfolio.lifecycle import closing
from portfolio.lifecycle.filters import LessonFilter
from portfolio.lifecycle.forms import ClosingReportForm
from portfolio.lifecycle.selectors import lessons_learned
from portfolio.models import ClosingReport
from portfolio.permissions import get_object_for_user_or_404, user_can

LESSONS_PER_PAGE = 20


@require_http_methods(["GET", "POST"])
def closing_report(request, pk):
    """Everyone reads the report; the leader and deputies write it while it is theirs to write."""
    project = get_object_for_user_or_404(
        request.user,
        None,
        selectors.projects_visible_to(request.user).select_related("closing_report", "leader"),
        pk=pk,
    )
    report = getattr(project, "closing_report", None)
    can_write = closing.can_write_closing_report(request.user, project, report)
    if request.method == "POST" and not can_write:
        raise PermissionDenied
    form = None
    status = 200
    if can_write:
        form = ClosingReportForm(
            request.POST if request.method == "POST" else None,
            instance=report or ClosingReport(project=project),
        )
    submit = "submit" in request.POST
    save = closing.closing_report_submit if submit else closing.closing_report_save
    if form is not None and request.method == "POST":
        saved = form_service(
            form,
            lambda data: save(
                actor=request.user,
                project=project,
                data=form.content(),
                version=data["version"] if report is not None else None,
            ),
        )
        if saved is not REFUSED:
            if submit:
                messages.success(request, "Afslutningsrapporten er sendt til programgruppen.")
            else:
                messages.success(request, "Kladden er gemt.")
            return redirect("portfolio:project-closing", pk=project.pk)
    if form is not None and form.is_bound:
        status = 400
    may_write_role = user_can(request.user, "portfolio.change_project", project)
    context = {
        "project": project,
        "report": report,
        "form": form,
        # Why the leader cannot write it now (the phase, a finished project), told instead of a form.
        "refusal": closing.closing_phase_refusal(project)
        if may_write_role and not project.is_finished
        else "",
        "budget": project.budget,
        "business_case": getattr(project, "business_case", None),
        "history": _history(report),
    }
    return render(request, "portfolio/closing_report.html", context, status=status)


def _history(report):
    return history_entries(report.history.all()) if report is not None else []


@require_GET
def lesson_list(request):
    filterset = LessonFilter(request.GET, queryset=lessons_learned(), request=request)
    reports = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(reports, LESSONS_PER_PAGE).get_page(request.GET.get("page"))
    is_filtered = any(value for key, value in request.GET.items() if key != "page")
    return render(
        request,
        "portfolio/lesson_list.html",
        {"filter": filterset, "page": page, "is_filtered": is_filtered},
    )
