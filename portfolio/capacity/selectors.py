"""Reads of the resource plans and the units' capacities that are the project register's own: which
units plan hours, a project's grid (its units, its quarters, what is stored and what the indsatsplan
suggests), the summary on the project page, and the history of both grids. The capacity page across
projects reads governance's plans too and lives in governance.capacity."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Max, Q, Sum

from portfolio.capacity.quarters import Quarter, quarters_from, spread_over_year, year_quarters
from portfolio.history import HISTORY_ACTIONS
from portfolio.models import ACTIVE_PHASES, OrgUnit, Project, ProjectPhasePlan, ResourceNeed, UnitCapacity
from portfolio.prepared import PreparedQuery

GRID_QUARTERS = 8  # a resource plan shows at least two years from the current quarter
GRID_MAX_QUARTERS = 12  # and at most three, when the project's phases reach further


def planning_units():
    """The units that plan hours: the forvaltninger and the central IT og Digitalisering unit, not
    archived; by name."""
    return (
        OrgUnit.objects.filter(archived=False)
        .filter(Q(kind=OrgUnit.Kind.FORVALTNING) | Q(is_central_it=True))
        .order_by("name")
    )


def unit_tree() -> dict[int, tuple[int | None, str, bool]]:
    """Every unit as {id: (parent id, kind, is central IT)}: one query, for walking up in memory."""
    return {
        pk: (parent_id, kind, central)
        for pk, parent_id, kind, central in OrgUnit.objects.values_list(
            "pk", "parent_id", "kind", "is_central_it"
        )
    }


def central_it_id(tree) -> int | None:
    return next((pk for pk, (_, _, central) in sorted(tree.items()) if central), None)


def planning_unit_id(unit_id: int | None, tree) -> int | None:
    """The unit that plans the hours of a project anchored in `unit_id`: the unit itself when it is a
    forvaltning or central IT, else the nearest such unit above it; central IT when there is none."""
    seen = set()
    while unit_id is not None and unit_id in tree and unit_id not in seen:
        seen.add(unit_id)
        parent_id, kind, central = tree[unit_id]
        if central or kind == OrgUnit.Kind.FORVALTNING:
            return unit_id
        unit_id = parent_id
    return central_it_id(tree)


def current_quarter(today: datetime.date | None = None) -> Quarter:
    return Quarter.of_date(today or datetime.date.today())


def grid_quarters(project: Project, today: datetime.date) -> list[Quarter]:
    """The quarters of a project's grid: from the current quarter, GRID_QUARTERS of them, or up to the
    end of its planned phases when that is later, GRID_MAX_QUARTERS at most."""
    start = current_quarter(today)
    last_end = ProjectPhasePlan.objects.filter(project=project, phase__in=ACTIVE_PHASES).aggregate(
        last=Max("planned_end")
    )["last"]
    count = GRID_QUARTERS
    if last_end is not None:
        count = max(count, min(GRID_MAX_QUARTERS, Quarter.of_date(last_end).index - start.index + 1))
    return quarters_from(start, count)


@dataclass
class ResourceGrid:
    """What the resource plan page shows: its units (rows) and quarters (columns), the stored hours
    {(unit id, year, quarter): hours}, and the indsatsplan's suggestion for years with no hours at all
    ({cell: hours}, and {year: plan version} it came from)."""

    project: Project
    units: list[OrgUnit]
    quarters: list[Quarter]
    stored: dict[tuple[int, int, int], int]
    suggested: dict[tuple[int, int, int], int] = field(default_factory=dict)
    suggested_years: list[int] = field(default_factory=list)
    addable: list[OrgUnit] = field(default_factory=list)

    def initial(self) -> dict[tuple[int, int, int], int]:
        return {**self.suggested, **{cell: hours for cell, hours in self.stored.items() if hours}}


def _plan_hours(project: Project, years) -> dict[int, int]:
    """Per year, the hours the latest indsatsplan version of that year containing the project gives it
    (governance's AnnualPlanItem, reached by its relation name `plan_items`)."""
    rows = (
        project.plan_items.filter(plan__year__in=years)
        .values_list("plan__year", "plan__version", "hours")
        .order_by("plan__year", "-plan__version")
    )
    latest, hours = {}, {}
    for year, version, item_hours in rows:
        if latest.setdefault(year, version) == version:
            hours[year] = hours.get(year, 0) + item_hours
    return {year: total for year, total in hours.items() if total}


def resource_grid(project: Project, today: datetime.date) -> ResourceGrid:
    """The project's resource plan as its page shows it (a fixed number of queries)."""
    quarters = grid_quarters(project, today)
    years = sorted({quarter.year for quarter in quarters})
    needs = list(
        ResourceNeed.objects.filter(project=project).values_list("org_unit_id", "year", "quarter", "hours")
    )
    stored = {(unit, year, quarter): hours for unit, year, quarter, hours in needs}
    units = list(planning_units())
    tree = unit_tree()
    home = planning_unit_id(project.anchoring_id, tree)
    default_ids = {home, central_it_id(tree)}
    used_ids = {unit for unit, *_ in needs}
    row_ids = default_ids | used_ids
    rows = [unit for unit in units if unit.pk in row_ids]
    missing = used_ids - {unit.pk for unit in rows}  # hours on a unit since archived: still shown
    if missing:
        rows += list(OrgUnit.objects.filter(pk__in=missing).order_by("name"))
    grid = ResourceGrid(
        project=project,
        units=rows,
        quarters=quarters,
        stored=stored,
        addable=[unit for unit in units if unit.pk not in row_ids],
    )
    years_with_hours = {year for (_, year, _), hours in stored.items() if hours}
    open_years = [year for year in years if year not in years_with_hours]
    if open_years and home is not None:
        for year, hours in sorted(_plan_hours(project, open_years).items()):
            grid.suggested_years.append(year)
            for quarter, share in zip(year_quarters(year), spread_over_year(hours), strict=True):
                if quarter in quarters and share:
                    grid.suggested[(home, year, quarter.quarter)] = share
    return grid


def project_resource_summary(project: Project) -> dict:
    """The project page's short Ressourcer section: hours per quarter (every quarter with hours) and
    their total. One query."""
    rows = _PROJECT_HOURS.rows(project=project.pk)
    quarters = [(Quarter(year, quarter), total) for year, quarter, total in rows]
    return {"quarters": quarters, "total": sum(hours for _, hours in quarters)}


def _project_hours(*, project):
    return (
        ResourceNeed.objects.filter(project=project, hours__gt=0)
        .values("year", "quarter")
        .annotate(total=Sum("hours"))
        .order_by("year", "quarter")
        .values_list("year", "quarter", "total")
    )


# On every view of a project's page: compiled once (portfolio.prepared); integers need no converting.
_PROJECT_HOURS = PreparedQuery(_project_hours, "project")


def unit_capacity_grid(year: int) -> tuple[list[OrgUnit], list[Quarter], dict]:
    """The units that plan hours, the year's quarters, and the stored capacities {(unit, year, q): hours}."""
    stored = {
        (unit, row_year, quarter): hours
        for unit, row_year, quarter, hours in UnitCapacity.objects.filter(year=year).values_list(
            "org_unit_id", "year", "quarter", "hours"
        )
    }
    units = list(planning_units())
    missing = {unit for unit, *_ in stored} - {unit.pk for unit in units}
    if missing:
        units += list(OrgUnit.objects.filter(pk__in=missing).order_by("name"))
    return units, year_quarters(year), stored


def _cell_history(records, unit_names, limit) -> list[dict]:
    """History records of grid cells (oldest first) as includes/change_history.html entries, newest
    first: the cell as `item`, "Timer 0 → 120" as `what`."""
    before, entries = {}, []
    for record in records:
        old = before.get(record.id)
        before[record.id] = record.hours
        if old == record.hours:
            continue
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "action": HISTORY_ACTIONS.get(record.history_type, record.history_type),
                "what": f"Timer {old if old is not None else 0} → {record.hours}",
                "item": f"{unit_names.get(record.org_unit_id, '–')}, {Quarter(record.year, record.quarter)}",
            }
        )
    return entries[::-1][:limit]


def _unit_names(records) -> dict[int, str]:
    ids = {record.org_unit_id for record in records}
    return dict(OrgUnit.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def resource_plan_history(project: Project, limit: int = 30) -> list[dict]:
    records = list(
        ResourceNeed.history.filter(project_id=project.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    return _cell_history(records, _unit_names(records), limit)


def unit_capacity_history(year: int, limit: int = 40) -> list[dict]:
    records = list(
        UnitCapacity.history.filter(year=year)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    return _cell_history(records, _unit_names(records), limit)
