"""The roadmap (Køreplan): `/roadmap/` and `/roadmap/pdf`. The project list's filters (ProjectFilter) and the
window and grouping (RoadmapForm) all live in the query string."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from portfolio.paging import KeysFirstPaginator
from portfolio.permissions import objects_user_can
from portfolio.roadmap import selectors
from portfolio.roadmap.chart import timeline_chart
from portfolio.roadmap.forms import GROUPS, MONTH_CHOICES, RoadmapForm
from portfolio.roadmap.pdf import PDF_PROJECTS, render_roadmap_pdf
from portfolio.views.lists import LIST_SELECT_FILTERS, filtered_projects, htmx_list_response, query_string

PROJECTS_PER_PAGE = 50
WINDOW_PARAMS = {"page", "ordering", "months", "start", "group"}


def _roadmap(request):
    """The window, grouping and filtered, grouped projects the query string asks for."""
    today = timezone.localdate()
    window_form = RoadmapForm(request.GET)
    window, group = window_form.window_and_group(today)
    filterset, projects = filtered_projects(request, selectors.roadmap_projects(request.user))
    return {
        "today": today,
        "window_form": window_form,
        "window_messages": window_form.messages(),
        "window": window,
        "group": group,
        "group_label": GROUPS[group],
        # The start asked for, kept by the filter form (a hidden field in the results) when filters change.
        "start_param": window.param() if window_form.cleaned_data.get("start") else "",
        "filter": filterset,
        "form": filterset.form,
        "projects": selectors.grouped(projects, group),
        "meetings": selectors.board_meetings(window, today),
        "is_filtered": any(value for key, value in request.GET.items() if key not in WINDOW_PARAMS),
    }


def _plan_urls(user, projects) -> dict:
    """The phase plan page of each project without a dated phase, where the user may plan it."""
    unplanned = [p for p in projects if not selectors.phase_bars(p.slip_phase_plans)]
    allowed = objects_user_can(user, "portfolio.change_project", unplanned)
    return {pk: reverse("portfolio:project-plan", args=[pk]) for pk in allowed}


def _chart(rows, context):
    window = context["window"]
    return timeline_chart(
        rows,
        start=window.start,
        months=window.months,
        today=context["today"],
        meetings=context["meetings"],
        title="Køreplan",
    )


@require_GET
def roadmap(request):
    context = _roadmap(request)
    window = context["window"]
    page = KeysFirstPaginator(context["projects"], PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    projects = list(page.object_list)
    rows, table = selectors.roadmap_rows(
        projects, group=context["group"], today=context["today"], plan_urls=_plan_urls(request.user, projects)
    )
    filters = query_string(request, page=None)
    here = reverse("roadmap:index")
    context.update(
        {
            "page": page,
            "chart": _chart(rows, context),
            "table": table,
            "select_fields": [context["form"][name] for name in LIST_SELECT_FILTERS],
            "month_choices": MONTH_CHOICES,
            "earlier_url": here + query_string(request, start=window.param(-window.step), page=None),
            "later_url": here + query_string(request, start=window.param(window.step), page=None),
            "today_url": here + query_string(request, start=None, page=None),
            "pdf_url": reverse("roadmap:pdf") + filters,
            "projects_url": reverse("portfolio:project-list")
            + query_string(request, page=None, months=None, start=None, group=None),
            "pdf_limit": PDF_PROJECTS,
        }
    )
    return htmx_list_response(
        request,
        context,
        page_template="portfolio/roadmap.html",
        results_template="portfolio/_roadmap_results.html",
    )


@require_GET
def roadmap_pdf(request):
    """The roadmap of every matching project (up to PDF_PROJECTS) as an A3 landscape PDF, made now."""
    context = _roadmap(request)
    projects = list(context["projects"][: PDF_PROJECTS + 1])
    total = context["projects"].count() if len(projects) > PDF_PROJECTS else len(projects)
    rows, table = selectors.roadmap_rows(
        projects[:PDF_PROJECTS], group=context["group"], today=context["today"]
    )
    pdf = render_roadmap_pdf(
        rows=rows,
        table=table,
        window=context["window"],
        today=context["today"],
        meetings=context["meetings"],
        total=total,
        group_label=context["group_label"],
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="koereplan-{context["today"]:%Y-%m-%d}.pdf"'
    return response
