"""The dynamic digitaliseringshandleplan (Digitaliseringsprogrammet, part 2): every ongoing project
grouped by the focus areas of the current strategy period, with its kind (fælleskommunal K98, local,
…), the national initiative it implements and that initiative's owner (KL, KOMBIT,
Digitaliseringsstyrelsen, …), its phase and latest light. Filterable in the query string, printable
as PDF and exportable to Excel, always over the same filtered rows.

Every logged-in employee reads it (the open municipality). The page runs a fixed number of queries
whatever the number of projects: the focus areas, the projects (with initiative, light and anchoring
joined or annotated), their focus areas (one prefetch), and what the filter form needs.
"""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from focusareas.models import StrategyPeriod
from focusareas.selectors import current_focus_areas
from governance.plans import selectors
from governance.plans.filters import HandleplanFilter
from portfolio.exports import xlsx_response
from portfolio.models import Light
from portfolio.paging import page_in_one_query
from portfolio.pdf import render_pdf, table_chunks
from portfolio.views.lists import query_string

PDF_TEMPLATE = "pdf/handleplan.html"
PROJECTS_PER_PAGE = 50
XLSX_COLUMNS = [
    ("Nr.", 12),
    ("Projekt", 45),
    ("Type", 22),
    ("Nationalt initiativ", 40),
    ("Initiativets ejer", 26),
    ("Fase", 16),
    ("Samlet status", 16),
    ("Fokusområder", 50),
]


def _filterset(request):
    return HandleplanFilter(request.GET, queryset=selectors.ongoing_projects(request.user), request=request)


def _filtered(request):
    """The bound FilterSet and the matching projects as a list (none when the input is invalid)."""
    filterset = _filterset(request)
    projects = list(filterset.qs) if filterset.is_valid() else []
    return filterset, projects


def _grouped(filterset, projects, *, paged=False):
    chosen = filterset.chosen_areas()
    areas = chosen or list(current_focus_areas())
    groups = selectors.group_by_focus_area(projects, areas)
    if chosen:
        # Only the chosen areas' groups: the filter asked for those.
        groups = [(area, rows) for area, rows in groups if area is not None]
    if paged:
        # An area empty on this page may have projects on another: only the page's groups are shown.
        groups = [(area, rows) for area, rows in groups if rows]
    return groups


def handleplan_data(request):
    """Every matching project (the PDF, bounded by PDF_ROWS)."""
    filterset, projects = _filtered(request)
    return _context(request, filterset, projects, _grouped(filterset, projects))


def _context(request, filterset, projects, groups):
    return {
        "filter": filterset,
        "form": filterset.form,
        "projects": projects,
        "groups": groups,
        "strategy_period": StrategyPeriod.objects.current().first(),
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
    }


def _light_label(value):
    try:
        return Light(value or Light.NOT_REPORTED).label
    except ValueError:
        return Light.NOT_REPORTED.label


def _rows(projects):
    for project in projects:
        initiative = project.national_initiative
        yield [
            project.number,
            project.name,
            project.get_kind_display(),
            initiative.name if initiative else "",
            initiative.get_owner_display() if initiative else "",
            project.get_phase_display(),
            _light_label(project.latest_overall),
            "; ".join(str(area) for area in project.focus_areas.all() if area.period.is_current),
        ]


@require_GET
def handleplan(request):
    """One page of the projects, grouped by focus area; the count of every match comes with the page's
    rows (portfolio.paging), so the page's work and queries do not grow with the portfolio."""
    filterset = _filterset(request)
    page = None
    if filterset.is_valid():
        page = page_in_one_query(filterset.qs, request.GET.get("page"), PROJECTS_PER_PAGE)
    projects = page.object_list if page else []
    paged = page is not None and page.has_other_pages()
    context = _context(request, filterset, projects, _grouped(filterset, projects, paged=paged))
    export_query = query_string(request, page=None)
    form = context["form"]
    context.update(
        {
            "page": page,
            "project_count": page.paginator.count if page else 0,
            "select_fields": [form[name] for name in ("kind", "owner", "phase")],
            "export_xlsx_url": reverse("governance:handleplan-xlsx") + export_query,
            "export_pdf_url": reverse("governance:handleplan-pdf") + export_query,
        }
    )
    return render(request, "governance/handleplan.html", context)


@require_GET
def handleplan_xlsx(request):
    _, projects = _filtered(request)
    today = timezone.localdate()
    return xlsx_response(
        XLSX_COLUMNS,
        _rows(projects),
        filename=f"handleplan-{today:%Y-%m-%d}.xlsx",
        sheet_title="Handleplan",
    )


# The PDF is printed inside the request: at most this many rows (a project in two focus areas is two rows),
# each name cut to a few lines, so it stays a few pages whatever the portfolio (the page and the Excel
# export show every row).
PDF_ROWS = 100
# Rows per table: many short tables lay out in linear time, one long one not (as in the board report).
TABLE_CHUNK = 20


def bounded_groups(groups, limit: int = PDF_ROWS):
    """[(area, rows within the limit in chunks of TABLE_CHUNK, rows shown, rows in all)] and how many rows
    were shown and left out."""
    shown, bounded = 0, []
    for area, rows in groups:
        kept = rows[: max(limit - shown, 0)]
        shown += len(kept)
        chunks = table_chunks(kept, TABLE_CHUNK)
        bounded.append((area, chunks, len(kept), len(rows)))
    total = sum(len(rows) for _, rows in groups)
    return bounded, {"rows_total": total, "rows_shown": shown, "rows_left_out": total - shown}


def handleplan_html(context, *, now=None) -> str:
    pdf_groups, counts = bounded_groups(context["groups"])
    context = {
        **context,
        "pdf_groups": pdf_groups,
        **counts,
        "generated_at": timezone.localtime(now or timezone.now()),
    }
    return render_to_string(PDF_TEMPLATE, context)


@require_GET
def handleplan_pdf(request):
    context = handleplan_data(request)
    with translation.override(settings.LANGUAGE_CODE):
        pdf = render_pdf(handleplan_html(context))
    today = timezone.localdate()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="handleplan-{today:%Y-%m-%d}.pdf"'
    return response
