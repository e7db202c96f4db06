"""Writes of resource planning: a project's resource plan (hours per unit and quarter, kept by its
leader, deputies and the programme group) and the units' capacity per quarter (kept by the programme
group). A cell set back to empty keeps its row with 0 hours: nothing is deleted, the history shows what
was planned. Both refuse a stale save (portfolio.stale) and write only the cells that change."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from portfolio import stale
from portfolio.capacity.quarters import FIRST_YEAR, LAST_YEAR, Quarter
from portfolio.capacity.selectors import planning_units
from portfolio.history import save_with_history
from portfolio.models import OrgUnit, Project, ResourceNeed, UnitCapacity
from portfolio.permissions import user_can
from portfolio.services import project_require_open

MAX_HOURS = 1_000_000  # per cell: more than any unit gives in a quarter, well inside the column
UNKNOWN_UNIT = (
    "Enheden findes ikke, eller den planlægger ikke timer (kun forvaltninger og IT og Digitalisering)."
)
UNKNOWN_QUARTER = "Kvartalet findes ikke: vælg kvartal 1-4 i et år mellem {first} og {last}."
BAD_HOURS = "Timerne skal være et helt tal mellem 0 og {most}."
CAPACITY_PERMISSION = "portfolio.change_unitcapacity"


def _cell_label(unit_names):
    return lambda row: f"{unit_names.get(row.org_unit_id, row.org_unit_id)}, {Quarter(row.year, row.quarter)}"


def resource_plan_scope(project: Project) -> stale.Scope:
    """What the resource plan form edits: the hours of every cell of the project's plan."""
    names = dict(OrgUnit.objects.values_list("pk", "name"))
    return stale.Scope(
        (stale.rows(ResourceNeed.objects.filter(project=project), ("hours",), label=_cell_label(names)),)
    )


def unit_capacity_scope(year: int) -> stale.Scope:
    """What the capacity form of `year` edits: every unit's hours in each quarter of the year."""
    names = dict(OrgUnit.objects.values_list("pk", "name"))
    return stale.Scope(
        (stale.rows(UnitCapacity.objects.filter(year=year), ("hours",), label=_cell_label(names)),)
    )


def _checked_cells(cells: dict, *, allowed_units: set[int], years=None) -> dict[tuple[int, int, int], int]:
    """{(unit id, year, quarter): hours} with every key and value checked; a Danish ValidationError for
    an unknown unit, a quarter outside 1-4 (or outside `years`), hours not a whole number in range."""
    checked = {}
    for key, hours in cells.items():
        try:
            unit, year, quarter = (int(part) for part in key)
        except (TypeError, ValueError):
            raise ValidationError(UNKNOWN_QUARTER.format(first=FIRST_YEAR, last=LAST_YEAR)) from None
        if unit not in allowed_units:
            raise ValidationError(UNKNOWN_UNIT)
        if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= quarter <= 4) or (years and year not in years):
            raise ValidationError(UNKNOWN_QUARTER.format(first=FIRST_YEAR, last=LAST_YEAR))
        hours = 0 if hours in (None, "") else hours
        if isinstance(hours, bool) or int(hours) != hours or not 0 <= hours <= MAX_HOURS:
            raise ValidationError(BAD_HOURS.format(most=f"{MAX_HOURS:,}".replace(",", ".")))
        checked[(unit, year, quarter)] = int(hours)
    return checked


def _write_cells(model, existing: dict, cells: dict, *, actor, **fixed) -> list:
    """Create or update the rows of `cells` that change; a new row only for hours above 0."""
    saved = []
    for (unit, year, quarter), hours in sorted(cells.items()):
        row = existing.get((unit, year, quarter))
        if row is None:
            if not hours:
                continue
            row = model(org_unit_id=unit, year=year, quarter=quarter, **fixed)
        elif row.hours == hours:
            continue
        row.hours = hours
        saved.append(save_with_history(row, actor=actor))
    return saved


@transaction.atomic
def resource_plan_save(*, actor, project: Project, cells: dict, version=None) -> list[ResourceNeed]:
    """Set the hours of the cells in `cells` ({(unit id, year, quarter): hours}) of the project's
    resource plan. Refused for a closed or stopped project, for someone who may not edit the project,
    for a unit that plans no hours (a unit the plan already has hours on may keep them), and when
    someone saved the plan after the form was opened (`version`). Returns the rows written."""
    project_require_open(project)
    if actor is not None and not user_can(actor, "portfolio.change_project", project):
        raise PermissionDenied
    used = set(ResourceNeed.objects.filter(project=project).values_list("org_unit_id", flat=True))
    allowed = set(planning_units().values_list("pk", flat=True)) | used
    checked = _checked_cells(cells, allowed_units=allowed)
    stale.check(resource_plan_scope(project), version)
    existing = {
        (row.org_unit_id, row.year, row.quarter): row
        for row in ResourceNeed.objects.select_for_update().filter(project=project)
    }
    return _write_cells(ResourceNeed, existing, checked, actor=actor, project=project)


@transaction.atomic
def unit_capacity_save(*, actor, year: int, cells: dict, version=None) -> list[UnitCapacity]:
    """Set the units' capacity (hours) in the quarters of `year` ({(unit id, year, quarter): hours}).
    Only for those with portfolio.change_unitcapacity (the programme group's group); refused for a unit
    that plans no hours, a cell outside `year`, and a stale form (`version`)."""
    if actor is not None and not actor.has_perm(CAPACITY_PERMISSION):
        raise PermissionDenied
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        raise ValidationError(UNKNOWN_QUARTER.format(first=FIRST_YEAR, last=LAST_YEAR))
    used = set(UnitCapacity.objects.filter(year=year).values_list("org_unit_id", flat=True))
    allowed = set(planning_units().values_list("pk", flat=True)) | used
    checked = _checked_cells(cells, allowed_units=allowed, years={int(year)})
    stale.check(unit_capacity_scope(year), version)
    existing = {
        (row.org_unit_id, row.year, row.quarter): row
        for row in UnitCapacity.objects.select_for_update().filter(year=year)
    }
    return _write_cells(UnitCapacity, existing, checked, actor=actor)
