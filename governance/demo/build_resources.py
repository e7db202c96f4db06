"""The demo's resource planning: the active projects' resource plans (hours per unit and quarter) and each
unit's capacity, through the services, as the leaders and the programme group would keep them. Every third
project has no resource plan yet, so the indsatsplan under way adds its hours in "Med udkastet"; IT og
Digitalisering is over-allocated in the first quarter of next year, so the capacity page and the next
year's plan show the warning. Deterministic, and built once (a second run changes nothing)."""

import datetime

from portfolio.capacity.quarters import Quarter, quarters_from
from portfolio.capacity.selectors import planning_unit_id, planning_units, unit_tree
from portfolio.capacity.services import resource_plan_save, unit_capacity_save
from portfolio.models import ACTIVE_PHASES, ResourceNeed, UnitCapacity

PLAN_QUARTERS = 6  # a resource plan reaches a year and a half ahead
HOME_HOURS = (120, 200, 320, 160, 240)  # the anchoring forvaltning's hours a quarter, by the project's place
IT_HOURS = (80, 40, 120, 60)  # IT og Digitalisering's
OVER_BY = 120  # IT og Digitalisering in next year's first quarter: "Overbooket med 120 timer"


def ensure_resource_plans(*, today: datetime.date, users, projects) -> None:
    if ResourceNeed.objects.exists() or UnitCapacity.objects.exists():
        return
    actor = users["programgruppe"]
    tree = unit_tree()
    central = next((pk for pk, (_, _, is_it) in tree.items() if is_it), None)
    quarters = quarters_from(Quarter.of_date(today), PLAN_QUARTERS)
    active = [p for _, p in sorted(projects.items()) if p.phase in ACTIVE_PHASES and not p.archived]
    demand: dict[tuple[int, int, int], int] = {}
    for index, project in enumerate(active):
        if index % 3 == 2:
            continue  # no resource plan yet: the plan's hours stand in for it (scenario "Med udkastet")
        home = planning_unit_id(project.anchoring_id, tree)
        cells = {}
        for step, quarter in enumerate(quarters):
            key = (quarter.year, quarter.quarter)
            cells[(home, *key)] = cells.get((home, *key), 0) + HOME_HOURS[(index + step) % len(HOME_HOURS)]
            if central is not None and central != home:
                cells[(central, *key)] = IT_HOURS[(index + step) % len(IT_HOURS)]
        resource_plan_save(actor=actor, project=project, cells=cells)
        for cell, hours in cells.items():
            demand[cell] = demand.get(cell, 0) + hours
    _ensure_capacities(actor=actor, today=today, demand=demand, central=central)


def _ensure_capacities(*, actor, today, demand, central) -> None:
    """A capacity a little above each unit's demand (rounded to 50 hours, at least 300), the same every
    quarter of a year; IT og Digitalisering OVER_BY short in next year's first quarter."""
    for year in (today.year, today.year + 1, today.year + 2):
        cells = {}
        for unit in planning_units():
            peak = max((demand.get((unit.pk, year, q), 0) for q in (1, 2, 3, 4)), default=0)
            hours = max(300, (int(peak * 1.15) // 50 + 1) * 50)
            for quarter in (1, 2, 3, 4):
                cells[(unit.pk, year, quarter)] = hours
        if central is not None and year == today.year + 1:
            cells[(central, year, 1)] = max(0, demand.get((central, year, 1), 0) - OVER_BY)
        unit_capacity_save(actor=actor, year=year, cells=cells)
