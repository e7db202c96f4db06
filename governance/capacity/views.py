"""/capacity/ Kapacitet (everyone logged in reads it): demand against capacity per unit and quarter, the
drill-down to one cell's projects, its Excel export; and /capacity/units/<year>/, where the programme
group keeps each unit's capacity."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from governance.capacity import exports, selectors
from governance.capacity.filters import CapacityFilter
from portfolio.capacity import selectors as capacity_selectors
from portfolio.capacity import services as capacity_services
from portfolio.capacity.forms import HoursGridForm
from portfolio.capacity.quarters import FIRST_YEAR, LAST_YEAR, Quarter, parse_quarter
from portfolio.forms import MAX_ID, REFUSED, form_service
from portfolio.models import OrgUnit
from portfolio.views.lists import query_string

BAD_START = (
    "Startkvartalet »{value}« kan ikke bruges; skriv det som år-kvartal, fx 2027-1. "
    "Siden viser i stedet fra indeværende kvartal."
)
BAD_SCENARIO = "Ukendt beregning »{value}«. Siden viser i stedet alle aktive projekter."


def _params(request):
    """The window's first quarter, the scenario, the bound filters and the projects they keep, and the
    Danish notices for values that could not be used (never an error page)."""
    today = timezone.localdate()
    notices = []
    start_text = request.GET.get("start", "")
    start = parse_quarter(start_text) if start_text else None
    if start_text and start is None:
        notices.append(BAD_START.format(value=start_text[:20]))
    # Keep the last quarter of the window inside the years a grid accepts.
    if start is None or start.plus(selectors.PAGE_QUARTERS - 1).year > LAST_YEAR:
        start = capacity_selectors.current_quarter(today)
    scenario = request.GET.get("scenario") or selectors.ALL
    if scenario not in selectors.SCENARIOS:
        notices.append(BAD_SCENARIO.format(value=scenario[:20]))
        scenario = selectors.ALL
    filterset = CapacityFilter(request.GET, queryset=selectors.active_projects(), request=request)
    projects = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return {
        "today": today,
        "start": start,
        "scenario": scenario,
        "filter": filterset,
        "projects": projects,
        # Activities without a project match no project filter: they count only in the unfiltered table.
        "activities": filterset.is_valid() and not filterset.is_filtered(),
        "notices": notices,
    }


def _table(params):
    return selectors.capacity_table(
        params["projects"],
        start=params["start"],
        scenario=params["scenario"],
        today=params["today"],
        activities=params["activities"],
    )


@require_GET
def capacity(request):
    params = _params(request)
    table = _table(params)
    start, scenario = params["start"], params["scenario"]
    form = params["filter"].form
    context = {
        **params,
        "form": form,
        "select_fields": [form[name] for name in ("kind", "phase", "anchoring", "leader")],
        "table": table,
        "scenarios": [
            {
                "value": value,
                "label": label,
                "current": value == scenario,
                "url": query_string(request, scenario=None if value == selectors.ALL else value),
            }
            for value, label in selectors.SCENARIOS.items()
        ],
        "scenario_label": selectors.SCENARIOS[scenario],
        "scenario_hint": selectors.SCENARIO_HINTS[scenario],
        "earlier_url": query_string(request, start=start.plus(-4).param),
        "later_url": query_string(request, start=start.plus(4).param),
        "now_url": query_string(request, start=None),
        "cell_query": query_string(request),
        "export_url": reverse("governance:capacity-export") + query_string(request),
        "may_keep_capacity": request.user.has_perm(capacity_services.CAPACITY_PERMISSION),
        "is_filtered": params["filter"].is_filtered(),
    }
    return render(request, "governance/capacity.html", context)


@require_GET
def capacity_export(request):
    params = _params(request)
    return exports.capacity_xlsx(
        _table(params), scenario=selectors.SCENARIOS[params["scenario"]], today=params["today"]
    )


@require_GET
def capacity_cell(request, unit_pk, year, quarter):
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= quarter <= 4) or unit_pk > MAX_ID:
        raise Http404("Kvartalet eller enheden findes ikke.")
    unit = get_object_or_404(OrgUnit, pk=unit_pk)
    quarter = Quarter(year, quarter)
    params = _params(request)
    table = selectors.capacity_table(
        params["projects"],
        start=quarter,
        scenario=params["scenario"],
        today=params["today"],
        activities=params["activities"],
        count=1,
    )
    cell = next((cells[0] for row_unit, cells in table.rows if row_unit.pk == unit.pk), None)
    projects = selectors.in_scenario(params["projects"], params["scenario"], params["today"])
    draft_items = []
    if params["scenario"] == selectors.DRAFT:
        draft_items = selectors.cell_draft_items(
            table.draft_plans,
            projects,
            unit=unit,
            quarter=quarter,
            activities=params["activities"],
            tree=capacity_selectors.unit_tree(),
        )
    context = {
        **params,
        "unit": unit,
        "quarter": quarter,
        "cell": cell or selectors.Cell(unit=unit, quarter=quarter),
        "needs": list(selectors.cell_needs(projects, unit=unit, quarter=quarter)),
        "draft_items": draft_items,
        "scenario_label": selectors.SCENARIOS[params["scenario"]],
        "back_url": reverse("governance:capacity") + query_string(request, start=quarter.param),
    }
    return render(request, "governance/capacity_cell.html", context)


@require_http_methods(["GET", "POST"])
def unit_capacity(request, year):
    if not request.user.has_perm(capacity_services.CAPACITY_PERMISSION):
        raise PermissionDenied
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("Året findes ikke.")
    units, quarters, stored = capacity_selectors.unit_capacity_grid(year)
    form = HoursGridForm(
        request.POST if request.method == "POST" else None,
        units=units,
        quarters=quarters,
        initial_cells=stored,
        stale_scope=capacity_services.unit_capacity_scope(year),
    )
    saved = form_service(
        form,
        lambda data: capacity_services.unit_capacity_save(
            actor=request.user, year=year, cells=form.cells(), version=data["version"]
        ),
    )
    if saved is not REFUSED:
        messages.success(request, f"Kapaciteten for {year} er gemt.")
        return redirect(reverse("governance:capacity") + f"?start={year}-1")
    context = {
        "year": year,
        "form": form,
        "history": capacity_selectors.unit_capacity_history(year),
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < LAST_YEAR else None,
    }
    return render(request, "governance/unit_capacity.html", context)
