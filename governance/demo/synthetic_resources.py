"""The synthetic portfolio's resource planning (`generate_portfolio`): a resource plan for every active GEN-
project (its planning unit every quarter for two years from today, IT og Digitalisering every other
quarter) and a capacity per unit and quarter, sized so that some units are over-allocated. bulk_create
only: no history, as for the rest of the benchmark data."""

import datetime

from portfolio.capacity.quarters import Quarter, quarters_from
from portfolio.capacity.selectors import central_it_id, planning_unit_id, planning_units, unit_tree
from portfolio.models import ACTIVE_PHASES, Project, ResourceNeed, UnitCapacity

QUARTERS = 8
BATCH = 2000


def generate_resources(*, prefix: str, today: datetime.date) -> dict[str, int]:
    tree = unit_tree()
    central = central_it_id(tree)
    quarters = quarters_from(Quarter.of_date(today), QUARTERS)
    projects = Project.objects.filter(number__startswith=prefix, archived=False, phase__in=ACTIVE_PHASES)
    needs, demand = [], {}
    for pk, anchoring in projects.values_list("pk", "anchoring_id").order_by("pk"):
        home = planning_unit_id(anchoring, tree)
        if home is None:
            continue  # no forvaltning above it and no central IT unit: nobody to plan the hours on
        for step, quarter in enumerate(quarters):
            cells = [(home, 40 + (pk * 7 + step * 13) % 160)]
            if central is not None and central != home and (pk + step) % 2 == 0:
                cells.append((central, 20 + (pk * 3 + step) % 60))
            for unit, hours in cells:
                needs.append(
                    ResourceNeed(
                        project_id=pk,
                        org_unit_id=unit,
                        year=quarter.year,
                        quarter=quarter.quarter,
                        hours=hours,
                    )
                )
                demand[(unit, quarter)] = demand.get((unit, quarter), 0) + hours
    ResourceNeed.objects.bulk_create(needs, batch_size=BATCH)
    capacities = [
        # Nine units in ten get a tenth more than their demand; every tenth unit and quarter is short.
        UnitCapacity(
            org_unit_id=unit.pk,
            year=quarter.year,
            quarter=quarter.quarter,
            hours=int(
                demand.get((unit.pk, quarter), 0) * (0.8 if (unit.pk + quarter.index) % 10 == 0 else 1.1)
            ),
        )
        for unit in planning_units()
        for quarter in quarters
    ]
    UnitCapacity.objects.bulk_create(capacities, batch_size=BATCH, ignore_conflicts=True)
    return {"Ressourcebehov": len(needs)}


def resource_querysets(project_ids) -> list:
    """What `replace` deletes with the GEN- projects: their resource plans (the units' capacities stay)."""
    return [ResourceNeed.objects.filter(project__in=project_ids)]
