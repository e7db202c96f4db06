"""Benefit realisation pages: the list with totals and exports, the steering group's follow-up, a
benefit with its measurements, and a project's business case. Parse, authorise, call, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from benefits import detail_selectors, exports, permissions, selectors, services
from benefits import totals as benefit_totals
from benefits.business_case import business_case_summary, summary_rows
from benefits.charts import totals_chart
from benefits.filters import BenefitFilter
from benefits.forms import BenefitForm, BusinessCaseForm, MeasurementForm
from benefits.models import (
    BUSINESS_CASE_YEARS,
    REALISED_RULE_TEXT,
    Benefit,
    BusinessCase,
)
from focusareas.selectors import current_focus_areas
from portfolio.models import Project
from portfolio.paging import page_in_one_query
from portfolio.permissions import get_object_for_user_or_404
from portfolio.stale import StaleEditError
from portfolio.views.lists import htmx_list_response, query_string

BENEFITS_PER_PAGE = 50
MISSING_BUSINESS_CASE_SHOWN = 50


def _filterset(request):
    return BenefitFilter(request.GET, queryset=selectors.benefit_list(request.user), request=request)


def _filtered(request):
    """The FilterSet bound to the query string and all its decorated rows (none when the input is
    invalid), for the exports."""
    filterset = _filterset(request)
    if not filterset.is_valid():
        return filterset, []
    rows = selectors.benefit_rows(filterset.qs, today=timezone.localdate(), **filterset.row_filters)
    return filterset, rows


@require_GET
def benefit_list(request):
    """Only the page's rows are read as benefits; the totals cover every row matching the filters."""
    filterset = _filterset(request)
    focus_areas = list(current_focus_areas())
    export_query = query_string(request, page=None)  # the filters, as the exports' links carry them
    if filterset.is_valid():
        result = selectors.benefit_page(
            filterset.qs,
            today=timezone.localdate(),
            page_number=request.GET.get("page"),
            per_page=BENEFITS_PER_PAGE,
            **filterset.row_filters,
        )
        page = result.page
        if result.keep is None:  # the filters are all SQL: the totals depend on them alone
            totals = benefit_totals.cached_list_totals(filterset.qs, focus_areas, key_parts=[export_query])
        else:  # overdue or behind target, decided in Python today: the rows kept
            totals = benefit_totals.list_totals(filterset.qs, focus_areas, keep=result.keep)
    else:
        page = Paginator([], BENEFITS_PER_PAGE).get_page(request.GET.get("page"))
        totals = benefit_totals.financial_totals([], {}, focus_areas)
    chart, chart_note = totals_chart(totals) if totals.by_year else (None, "")
    # The warning names the first projects and counts them all (counted in the same query).
    missing = page_in_one_query(
        selectors.projects_missing_business_case(request.user), 1, MISSING_BUSINESS_CASE_SHOWN
    )
    context = {
        "filter": filterset,
        "form": filterset.form,
        "select_fields": [filterset.form[name] for name in ("project", "owner", "type", "financial")],
        "page": page,
        "benefits": page.object_list,
        "totals": totals,
        "chart": chart,
        "chart_unit_note": chart_note,
        "rule_text": REALISED_RULE_TEXT,
        "missing_business_case": missing.object_list,
        "missing_business_case_count": missing.paginator.count,
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
        "export_csv_url": reverse("benefits:export-csv") + export_query,
        "export_xlsx_url": reverse("benefits:export-xlsx") + export_query,
    }
    return htmx_list_response(
        request,
        context,
        page_template="benefits/benefit_list.html",
        results_template="benefits/_benefit_results.html",
    )


@require_GET
def benefit_export_csv(request):
    _, rows = _filtered(request)
    return exports.benefits_csv(rows, today=timezone.localdate())


@require_GET
def benefit_export_xlsx(request):
    filterset, rows = _filtered(request)
    realised = benefit_totals.realised_by_year(filterset.qs.values("pk")) if rows else {}
    focus_areas = list(current_focus_areas())
    totals = benefit_totals.financial_totals(rows, realised, focus_areas)
    return exports.benefits_xlsx(rows, today=timezone.localdate(), totals=totals)


@require_GET
def follow_up(request):
    """Gevinstopfølgning: a page for the steering group that every employee may read."""
    today = timezone.localdate()
    follow_up = selectors.follow_up(request.user, today, request.GET.get("page"))
    return render(
        request,
        "benefits/follow_up.html",
        {
            "page": follow_up.page,
            "projects": follow_up.page.object_list,
            "project_count": follow_up.page.paginator.count,
            "overdue": follow_up.overdue,
            "overdue_count": follow_up.overdue_count,
            "planned": follow_up.planned,
            "realised": follow_up.realised,
            "rule_text": REALISED_RULE_TEXT,
            "today": today,
        },
    )


@require_GET
def my_benefits(request):
    """Mine gevinster: the user's own benefits, what is due to be measured first. Open to everyone logged
    in; a user who owns no benefit sees an empty page that says so."""
    today = timezone.localdate()
    rows = selectors.my_benefits(request.user, today)
    return render(
        request,
        "benefits/my_benefits.html",
        {
            "rows": rows,
            "overdue": sum(1 for row in rows if row.overdue),
            "due_soon": sum(1 for row in rows if row.due_soon),
            "due_soon_days": selectors.DUE_SOON_DAYS,
            "record_next": reverse("benefits:mine"),
        },
    )


# --------------------------------------------------------------------------------------------- one benefit


def _next_url(request) -> str:
    """Where to go after recording a measurement (Mine gevinster sends its own address): only a path on
    this site, else ""."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return next_url


def _benefit_context(request, benefit, measurement_form=None):
    today = timezone.localdate()
    selectors.decorate(benefit, today)
    can_record = permissions.can_record_measurement(request.user, benefit) and not benefit.archived
    if can_record and measurement_form is None:
        measurement_form = MeasurementForm(benefit=benefit, initial={"measured_on": today})
    return {
        "benefit": benefit,
        "project": benefit.project,
        "measurements": detail_selectors.measurement_rows(benefit),
        "history": detail_selectors.benefit_history(benefit),
        "can_record": can_record,
        "can_edit": permissions.can_edit_benefit(request.user, benefit) and not benefit.archived,
        "measurement_form": measurement_form if can_record else None,
        "next_url": _next_url(request),
        "mine_url": reverse("benefits:mine"),
        "today": today,
    }


@require_GET
def benefit_detail(request, pk):
    benefit = get_object_for_user_or_404(
        request.user, None, detail_selectors.benefit_detail_queryset(), pk=pk
    )
    return render(request, "benefits/benefit_detail.html", _benefit_context(request, benefit))


@require_POST
def measurement_add(request, pk):
    benefit = get_object_or_404(detail_selectors.benefit_detail_queryset(), pk=pk)
    if not permissions.can_record_measurement(request.user, benefit):
        raise PermissionDenied
    form = MeasurementForm(request.POST, benefit=benefit)
    if form.is_valid():
        try:
            services.measurement_record(
                actor=request.user,
                benefit=benefit,
                measured_on=form.cleaned_data["measured_on"],
                value=form.cleaned_data["value"],
                comment=form.cleaned_data["comment"],
                submit_token=form.cleaned_data["submit_token"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Målingen er registreret.")
            return redirect(_next_url(request) or benefit.get_absolute_url())
    benefit = detail_selectors.benefit_detail_queryset().get(pk=pk)
    response = render(request, "benefits/benefit_detail.html", _benefit_context(request, benefit, form))
    response.status_code = 400
    return response


def _editable_project(request, project_pk, check):
    project = get_object_or_404(Project.objects.filter(archived=False), pk=project_pk)
    if not check(request.user, project):
        raise PermissionDenied
    return project


@require_http_methods(["GET", "POST"])
def benefit_create(request, project_pk):
    project = _editable_project(request, project_pk, permissions.can_add_benefit)
    benefit = Benefit(project=project)
    # Bound on every POST, even one without fields: `request.POST or None` would answer it as a GET.
    form = BenefitForm(request.POST if request.method == "POST" else None, instance=benefit)
    if request.method == "POST" and form.is_valid():
        services.benefit_save(actor=request.user, benefit=form.save(commit=False))
        messages.success(request, f"Gevinsten »{benefit.title}« er oprettet.")
        return redirect(benefit)
    return render(request, "benefits/benefit_form.html", {"form": form, "project": project, "benefit": None})


@require_http_methods(["GET", "POST"])
def benefit_edit(request, pk):
    benefit = get_object_or_404(
        Benefit.objects.select_related("project", "owner").filter(archived=False, project__archived=False),
        pk=pk,
    )
    if not permissions.can_edit_benefit(request.user, benefit):
        raise PermissionDenied
    form = BenefitForm(request.POST if request.method == "POST" else None, instance=benefit)
    if request.method == "POST" and form.is_valid():
        try:
            services.benefit_save(
                actor=request.user, benefit=form.save(commit=False), version=form.cleaned_data["version"]
            )
        except StaleEditError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Ændringerne er gemt.")
            return redirect(benefit)
    return render(
        request, "benefits/benefit_form.html", {"form": form, "project": benefit.project, "benefit": benefit}
    )


@require_POST
def benefit_archive(request, pk):
    benefit = get_object_or_404(Benefit.objects.select_related("project").filter(archived=False), pk=pk)
    if not permissions.can_edit_benefit(request.user, benefit):
        raise PermissionDenied
    services.benefit_archive(actor=request.user, benefit=benefit)
    messages.success(request, "Gevinsten er arkiveret. Den og dens målinger bevares i historikken.")
    return redirect(benefit.project)


# ------------------------------------------------------------------------------------------- business case


def _business_case_context(request, project, form=None):
    case = BusinessCase.objects.filter(project=project).first()
    summary = business_case_summary(case)
    return {
        "project": project,
        "business_case": case,
        "summary": summary,
        "years": list(BUSINESS_CASE_YEARS),
        "rows": summary_rows(summary) if summary else [],
        "history": detail_selectors.business_case_history(case),
        "can_edit": permissions.can_edit_business_case(request.user, project),
        "form": form,
    }


@require_GET
def business_case(request, project_pk):
    project = get_object_for_user_or_404(
        request.user, None, Project.objects.filter(archived=False).select_related("leader"), pk=project_pk
    )
    return render(request, "benefits/business_case.html", _business_case_context(request, project))


@require_http_methods(["GET", "POST"])
def business_case_edit(request, project_pk):
    project = _editable_project(request, project_pk, permissions.can_edit_business_case)
    case = BusinessCase.objects.filter(project=project).first()
    # Bound on every POST: a grid posted without fields is all empty cells (0), not a GET answered 400.
    form = BusinessCaseForm(
        request.POST if request.method == "POST" else None,
        business_case=case,
        stale_scope=services.business_case_scope(project),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.business_case_save(
                actor=request.user,
                project=project,
                amounts=form.amounts(),
                notes=form.cleaned_data["notes"],
                version=form.cleaned_data["version"],
            )
        except StaleEditError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Business casen er gemt.")
            return redirect("benefits:business-case", project_pk=project.pk)
    context = _business_case_context(request, project, form)
    response = render(request, "benefits/business_case_form.html", context)
    if request.method == "POST":
        response.status_code = 400
    return response


@require_GET
def project_section(request, project_pk):
    """The project page's benefit section (loaded by htmx into templates/benefits/_project_benefits.html)."""
    project = get_object_for_user_or_404(
        request.user, None, Project.objects.filter(archived=False), pk=project_pk
    )
    context = detail_selectors.project_benefits(project, timezone.localdate())
    context["can_add"] = permissions.can_add_benefit(request.user, project)
    context["can_edit_business_case"] = permissions.can_edit_business_case(request.user, project)
    return render(request, "benefits/_project_benefits_section.html", context)
