"""The capacity page: per unit and quarter, the hours the active projects' resource plans ask of it (the
demand, summed in SQL) against the hours it can give (its capacity), with over-allocation in words. The
"what if" scenarios read the indsatsplan, which is why this lives in governance: "Kun godkendte" leaves
out projects in no approved plan of this year or later; "Med udkastet" adds the hours of the plan being
drafted for projects (and activities) with no resource plan for that year yet. The plan page's warning
is the same computation for one plan. A fixed number of queries whatever the size of the portfolio."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, ExpressionWrapper, F, IntegerField, OuterRef, Q, Sum
from django.utils import formats

from governance.models import AnnualPlan, AnnualPlanItem
from portfolio.capacity.quarters import Quarter, quarters_from, spread_over_year, year_quarters
from portfolio.capacity.selectors import central_it_id, planning_unit_id, planning_units, unit_tree
from portfolio.models import OrgUnit, Project, ResourceNeed, UnitCapacity

PAGE_QUARTERS = 8
ALL, APPROVED, DRAFT = "all", "approved", "draft"
SCENARIOS = {
    ALL: "Alle aktive projekter",
    APPROVED: "Kun godkendte",
    DRAFT: "Med udkastet",
}
SCENARIO_HINTS = {
    ALL: "Timerne i ressourceplanerne for alle aktive projekter.",
    APPROVED: "Kun projekter, der står i en godkendt indsatsplan for i år eller senere.",
    DRAFT: (
        "Alle aktive projekter, og desuden timerne i indsatsplanen under udarbejdelse for de projekter og "
        "aktiviteter, der endnu ikke har en ressourceplan for planens år."
    ),
}
DRAFT_STATUSES = (AnnualPlan.Status.DRAFT, AnnualPlan.Status.SUBMITTED, AnnualPlan.Status.SENT_BACK)


def hours_text(hours: int) -> str:
    return formats.number_format(hours, 0, use_l10n=True, force_grouping=True)


@dataclass
class Cell:
    unit: OrgUnit
    quarter: Quarter
    demand: int = 0
    capacity: int = 0
    draft: int = 0  # of the demand, what the plan under way adds (scenario "Med udkastet")

    @property
    def over(self) -> int:
        """Hours beyond the capacity; all the demand when no capacity is recorded."""
        return max(0, self.demand - self.capacity)

    @property
    def overbooked(self) -> bool:
        return self.over > 0

    @property
    def utilisation(self) -> int | None:
        return round(100 * self.demand / self.capacity) if self.capacity else None

    @property
    def status_text(self) -> str:
        if not self.overbooked:
            return ""
        if not self.capacity:
            return f"⚠ Ingen kapacitet registreret ({hours_text(self.demand)} timer efterspurgt)"
        return f"⚠ Overbooket med {hours_text(self.over)} timer"


@dataclass
class CapacityTable:
    quarters: list[Quarter]
    rows: list[tuple[OrgUnit, list[Cell]]] = field(default_factory=list)
    totals: list[Cell] = field(default_factory=list)
    draft_plans: list[AnnualPlan] = field(default_factory=list)

    @property
    def overbooked(self) -> list[Cell]:
        return [cell for _, cells in self.rows for cell in cells if cell.overbooked]


def _index_range(quarters):
    return Q(year__gt=quarters[0].year) | Q(year=quarters[0].year, quarter__gte=quarters[0].quarter), Q(
        year__lt=quarters[-1].year
    ) | Q(year=quarters[-1].year, quarter__lte=quarters[-1].quarter)


def in_window(queryset, quarters):
    after, before = _index_range(quarters)
    return queryset.filter(after).filter(before)


def active_projects():
    """The projects whose hours count: not archived, idé to realisering."""
    return Project.objects.active()


def in_scenario(projects, scenario: str, today: datetime.date):
    """`projects` as the scenario counts them: "Kun godkendte" keeps those in an approved plan version
    of this year or a later one."""
    if scenario == APPROVED:
        approved = AnnualPlanItem.objects.filter(
            project=OuterRef("pk"), plan__status=AnnualPlan.Status.APPROVED, plan__year__gte=today.year
        )
        return projects.filter(Exists(approved))
    return projects


def demand_by_cell(projects, quarters) -> dict[tuple[int, int, int], int]:
    """{(unit id, year, quarter): hours} of the resource plans of `projects` (a queryset): one query."""
    # The window's rows are read from the (year, quarter, org unit, project, hours) index alone, in the order
    # they are summed. "project_id + 0" keeps SQLite (without statistics) from fetching them project by
    # project through the project index instead: twice the time at 5,000 projects.
    needs = ResourceNeed.objects.alias(
        project_key=ExpressionWrapper(F("project_id") + 0, output_field=IntegerField())
    ).filter(project_key__in=projects.values("pk"), hours__gt=0)
    rows = (
        in_window(needs, quarters)
        .values_list("org_unit_id", "year", "quarter")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    return {(unit, year, quarter): total for unit, year, quarter, total in rows}


def capacity_by_cell(quarters) -> dict[tuple[int, int, int], int]:
    rows = in_window(UnitCapacity.objects.all(), quarters).values_list(
        "org_unit_id", "year", "quarter", "hours"
    )
    return {(unit, year, quarter): hours for unit, year, quarter, hours in rows}


def draft_plans(years) -> list[AnnualPlan]:
    """Per year, its newest plan version when that is still being drafted or awaits approval."""
    newest = {}
    # Only what the page names a plan by: a plan's snapshot and texts can be large.
    plans = AnnualPlan.objects.filter(year__in=years).only("year", "version", "status")
    for plan in plans.order_by("year", "-version"):
        newest.setdefault(plan.year, plan)
    return [plan for plan in newest.values() if plan.status in DRAFT_STATUSES]


def _items_adding_hours(plans, projects, *, activities: bool):
    """The items of `plans` whose hours count as demand: a project of `projects` that has no hours in its
    resource plan for the plan's year (the resource plan wins once it exists) and, when `activities`,
    each activity without a project."""
    planned = ResourceNeed.objects.filter(
        project=OuterRef("project_id"), year=OuterRef("plan__year"), hours__gt=0
    )
    scope = Q(project__in=projects.values("pk"))
    if activities:
        scope |= Q(project__isnull=True)
    return AnnualPlanItem.objects.filter(plan__in=plans, hours__gt=0).filter(scope).exclude(Exists(planned))


def draft_additions(plans, projects, *, activities: bool, tree) -> dict[tuple[int, int, int], int]:
    """The hours the plans add: each item of a project in `projects` with no hours in its resource plan
    for the plan's year (spread over the year's quarters on the project's planning unit) and, when
    `activities`, each activity without a project (on the central IT unit). One query."""
    if not plans:
        return {}
    items = _items_adding_hours(plans, projects, activities=activities).values_list(
        "plan__year", "project__anchoring_id", "project_id", "hours"
    )
    added, central = {}, central_it_id(tree)
    for year, anchoring, project, hours in items:
        unit = planning_unit_id(anchoring, tree) if project else central
        if unit is None:
            continue
        for quarter, share in zip(year_quarters(year), spread_over_year(hours), strict=True):
            key = (unit, year, quarter.quarter)
            added[key] = added.get(key, 0) + share
    return added


def capacity_table(
    projects,
    *,
    start: Quarter,
    scenario: str,
    today: datetime.date,
    activities=True,
    count=PAGE_QUARTERS,
    plans=None,
) -> CapacityTable:
    """The table of the capacity page for the (already filtered) active `projects`."""
    quarters = quarters_from(start, count)
    projects = in_scenario(projects, scenario, today)
    demand = demand_by_cell(projects, quarters)
    capacity = capacity_by_cell(quarters)
    table = CapacityTable(quarters=quarters)
    added = {}
    if scenario == DRAFT:
        tree = unit_tree()
        table.draft_plans = plans if plans is not None else draft_plans(sorted({q.year for q in quarters}))
        added = {
            key: hours
            for key, hours in draft_additions(
                table.draft_plans, projects, activities=activities, tree=tree
            ).items()
            if Quarter(key[1], key[2]) in quarters
        }
    units = list(planning_units())
    extra = ({unit for unit, *_ in demand} | {unit for unit, *_ in added}) - {unit.pk for unit in units}
    if extra:
        units += list(OrgUnit.objects.filter(pk__in=extra).order_by("name"))
    totals = [Cell(unit=None, quarter=quarter) for quarter in quarters]
    for unit in units:
        cells = []
        for quarter, total in zip(quarters, totals, strict=True):
            key = (unit.pk, quarter.year, quarter.quarter)
            cell = Cell(
                unit=unit,
                quarter=quarter,
                demand=demand.get(key, 0) + added.get(key, 0),
                capacity=capacity.get(key, 0),
                draft=added.get(key, 0),
            )
            total.demand += cell.demand
            total.capacity += cell.capacity
            total.draft += cell.draft
            cells.append(cell)
        table.rows.append((unit, cells))
    table.totals = totals
    return table


# --- The drill-down: the projects that make one cell's demand ----------------------------------------------


def cell_needs(projects, *, unit: OrgUnit, quarter: Quarter):
    """The resource plan rows of `projects` on `unit` in `quarter`, most hours first, with each
    project's leader and anchoring: one query."""
    return (
        ResourceNeed.objects.filter(
            project__in=projects.values("pk"),
            org_unit=unit,
            year=quarter.year,
            quarter=quarter.quarter,
            hours__gt=0,
        )
        .select_related("project__leader", "project__anchoring")
        .order_by("-hours", "project__number")
    )


def cell_draft_items(
    plans, projects, *, unit: OrgUnit, quarter: Quarter, activities: bool, tree
) -> list[dict]:
    """The plan items that add hours to `unit` in `quarter` (scenario "Med udkastet"), with their share."""
    plans = [plan for plan in plans if plan.year == quarter.year]
    if not plans:
        return []
    items = (
        _items_adding_hours(plans, projects, activities=activities)
        .select_related("plan", "project__leader")
        .order_by("rank")
    )
    central, shown = central_it_id(tree), []
    for item in items:
        item_unit = planning_unit_id(item.project.anchoring_id, tree) if item.project else central
        share = spread_over_year(item.hours)[quarter.quarter - 1]
        if item_unit == unit.pk and share:
            shown.append({"item": item, "hours": share})
    return shown


# --- The indsatsplan's warning --------------------------------------------------------------------------


def plan_capacity_warnings(plan: AnnualPlan) -> list[str]:
    """Danish warnings for each unit and quarter of the plan's year that the plan (a draft or one
    awaiting approval) would over-allocate, computed as "Med udkastet" for this plan; empty otherwise."""
    if plan.status not in DRAFT_STATUSES:
        return []
    table = capacity_table(
        active_projects(),
        start=Quarter(plan.year, 1),
        scenario=DRAFT,
        today=datetime.date(plan.year, 1, 1),
        count=4,
        plans=[plan],
    )
    warnings = [
        f"{cell.unit.name} er overbooket med {hours_text(cell.over)} timer i {cell.quarter.label}"
        f" ({hours_text(cell.demand)} timer mod en kapacitet på {hours_text(cell.capacity)})."
        for cell in table.overbooked
        if cell.capacity
    ]
    without = sorted({cell.unit.name for cell in table.overbooked if not cell.capacity})
    if without:
        warnings.append(
            f"Ingen kapacitet registreret for {', '.join(without)} i {plan.year}, men planen og projekterne "
            "efterspørger timer der."
        )
    return warnings
