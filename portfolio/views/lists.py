"""The project list (filters, sorting, htmx), its CSV/Excel exports, and Mine projekter."""

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from portfolio import exports, selectors
from portfolio.filters import SORT_LABELS, ProjectFilter
from portfolio.models import ACTIVE_PHASES
from portfolio.paging import KeysFirstPaginator

PROJECTS_PER_PAGE = 50
# Columns of the list, in order: (label, sort key or None).
COLUMNS = [
    ("Nr.", "number"),
    ("Projekt", "name"),
    ("Type", None),
    ("Fase", "phase"),
    ("Samlet status", "light"),
    ("Fokusområder", None),
    ("Forankring", "anchoring"),
    ("Projektleder", "leader"),
]


def filtered_projects(request, queryset=None):
    """The FilterSet bound to the query string and the matching rows of `queryset` (default: the project
    list's rows; the roadmap passes its own): none when the input is invalid (the form then shows its
    Danish errors), never an exception."""
    if queryset is None:
        queryset = selectors.project_list(request.user)
    filterset = ProjectFilter(request.GET, queryset=queryset, request=request)
    projects = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return filterset, projects


def query_string(request, **changes):
    """The current query string with `changes` applied (a value of None removes the key)."""
    params = request.GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


def sort_columns(request, filterset, columns=COLUMNS, sort_labels=SORT_LABELS, default_key="number"):
    """Column headers with a link that sorts by the column (again: the other way) and keeps the filters.
    `columns` are (label, sort key or None); `default_key` is the column the unsorted list is in."""
    current = (filterset.form.cleaned_data.get("ordering") or [""])[0]
    headers = []
    for label, key in columns:
        column = {"label": label, "key": key, "url": None, "sort": None}
        if key in sort_labels:
            if current == key:
                column["sort"], target = "ascending", f"-{key}"
            elif current == f"-{key}":
                column["sort"], target = "descending", key
            else:
                target = key
            if not current and key == default_key:
                # The default order is by this column.
                column["sort"], target = "ascending", f"-{default_key}"
            column["url"] = query_string(request, ordering=target, page=None)
            column["title"] = f"Sortér efter {sort_labels[key].lower()}"
        headers.append(column)
    return headers


def htmx_list_response(request, context, *, page_template, results_template):
    """The whole page, or for htmx only the results fragment; caches are told they differ."""
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, results_template, context)
    else:
        response = render(request, page_template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


LIST_SELECT_FILTERS = ("kind", "phase", "light", "anchoring", "leader", "strategy_period")


@require_GET
def project_list(request):
    filterset, projects = filtered_projects(request)
    # get_page turns a missing, malformed or too large page number into a valid page: never a 500.
    page = KeysFirstPaginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    export_query = query_string(request, page=None)
    context = {
        "filter": filterset,
        "form": filterset.form,
        "select_fields": [filterset.form[name] for name in LIST_SELECT_FILTERS],
        "ordering_value": ",".join(filterset.form.cleaned_data.get("ordering") or []),
        "page": page,
        "projects": page.object_list,
        "columns": sort_columns(request, filterset),
        "is_filtered": any(value for key, value in request.GET.items() if key not in {"page", "ordering"}),
        "export_csv_url": reverse("portfolio:project-export-csv") + export_query,
        "export_xlsx_url": reverse("portfolio:project-export-xlsx") + export_query,
        "roadmap_url": reverse("roadmap:index") + query_string(request, page=None, ordering=None),
    }
    return htmx_list_response(
        request,
        context,
        page_template="portfolio/project_list.html",
        results_template="portfolio/_project_table.html",
    )


@require_GET
def project_export_csv(request):
    _, projects = filtered_projects(request)
    return exports.projects_csv(projects, today=timezone.localdate())


@require_GET
def project_export_xlsx(request):
    _, projects = filtered_projects(request)
    return exports.projects_xlsx(projects, today=timezone.localdate())


def _status_new_url(pk):
    try:
        return reverse("portfolio:status-new", args=[pk])
    except NoReverseMatch:
        return f"/projects/{pk}/status/new/"


@require_GET
def my_projects(request):
    period = selectors.current_period()
    today = timezone.localdate()
    projects = list(selectors.my_projects(request.user, period))
    for project in projects:
        project.must_report = project.phase in ACTIVE_PHASES
        if project.report_submitted:
            project.report_state = "submitted"
        elif project.report_draft:
            project.report_state = "draft"
        else:
            project.report_state = "missing"
        project.status_new_url = _status_new_url(project.pk)
    days_left = (period.reporting_deadline - today).days if period else None
    return render(
        request,
        "portfolio/my_projects.html",
        {
            "projects": projects,
            "period": period,
            "today": today,
            "days_left": days_left,
            "overdue_days": -days_left if days_left is not None and days_left < 0 else None,
            "missing_count": sum(1 for p in projects if p.must_report and p.report_state != "submitted"),
        },
    )
