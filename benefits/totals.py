"""Planned vs realised financial benefit (kr.), per year and per focus area: the sums the benefit list,
its export and the dashboard show (see benefits.models for the rules).

The planned benefit of a year comes from one function, planned_by_year(): a benefit's planned amount
spread over the years its project's business case saves in (year 0 = the project's start year), or,
without a business case with savings, evenly over the days from the baseline date to the due date."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import CharField, F, Sum, Window
from django.db.models.functions import Cast, RowNumber, Substr

from benefits.models import Benefit, BenefitMeasurement, BusinessCaseLine

CENT = Decimal("0.01")
# Beside every total per focus area (pages, PDFs, the workbook): the areas overlap.
FOCUS_AREA_TOTALS_NOTE = (
    "Et projekt under flere fokusområder tælles med i hvert af dem, så fokusområderne tilsammen kan give "
    "mere end I alt."
)


def savings_by_project(project_ids) -> dict:
    """{project id: {business-case year 0-5: savings}} for the projects among `project_ids` whose
    business case has savings. One query."""
    rows = (
        BusinessCaseLine.objects.filter(
            business_case__project__in=project_ids, category=BusinessCaseLine.Category.SAVING, amount__gt=0
        )
        .values_list("business_case__project_id", "year")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    result: dict = {}
    for project_id, year, total in rows:
        result.setdefault(project_id, {})[year] = total
    return result


def days_per_year(start: datetime.date, end: datetime.date) -> dict:
    """{year: days of [start, end) in that year}; {end's year: 1} when the span is empty."""
    if end <= start:
        return {end.year: 1}
    days = {}
    for year in range(start.year, end.year + 1):
        first = max(start, datetime.date(year, 1, 1))
        last = min(end, datetime.date(year + 1, 1, 1))
        if last > first:
            days[year] = (last - first).days
    return days


def planned_by_year(
    planned: Decimal,
    *,
    baseline_date: datetime.date,
    due_date: datetime.date,
    year_zero: int,
    savings: dict | None,
) -> dict:
    """{calendar year: planned amount} for one benefit, summing exactly to `planned` (the last year takes
    the rounding to øre). By the business case's savings per year ({0-5: amount}, year 0 = `year_zero`)
    when it has any; else evenly over the days from the baseline date to the due date."""
    if savings:
        weights = {year_zero + year: amount for year, amount in sorted(savings.items())}
    else:
        weights = days_per_year(baseline_date, due_date)
    whole = sum(weights.values())
    years = sorted(weights)
    shares = {year: (planned * weights[year] / whole).quantize(CENT) for year in years[:-1]}
    shares[years[-1]] = planned - sum(shares.values(), Decimal(0))
    return shares


def realised_by_year(benefit_ids) -> dict:
    """{benefit id: {year: value of the latest measurement dated in that year}} for the financial kr.
    benefits among `benefit_ids` (a queryset of ids). One query: the database keeps each benefit's and
    year's latest measurement (by date, then id, like benefits_with_latest), so only those rows come back."""
    # The ISO date's first four characters: the year without a function per row (ExtractYear is a Python
    # function on SQLite).
    year = Substr(Cast("measured_on", CharField()), 1, 4)
    rows = (
        BenefitMeasurement.objects.filter(
            benefit__in=benefit_ids, benefit__is_financial=True, benefit__unit=Benefit.Unit.KR
        )
        .annotate(
            year=year,
            newest=Window(
                RowNumber(),
                partition_by=[F("benefit_id"), year],
                order_by=[F("measured_on").desc(), F("pk").desc()],
            ),
        )
        .filter(newest=1)
        .order_by()  # not the model's order, which joins and sorts by project number and title
        .values_list("benefit_id", "year", "value")
    )
    result: dict = {}
    for benefit_id, measured_year, value in rows:
        result.setdefault(benefit_id, {})[int(measured_year)] = value
    return result


@dataclass
class Totals:
    """Planned vs realised financial benefit (kr.), per year and per focus area. See benefits.models."""

    by_year: list = field(default_factory=list)  # [(year, planned, realised)]
    by_focus_area: list = field(default_factory=list)  # [(area, planned, realised to date)]
    planned: Decimal = Decimal(0)
    realised: Decimal = Decimal(0)
    count: int = 0
    spread_evenly: int = 0  # benefits without a business case with savings: spread from baseline to due date


# The benefit's fields the totals read: the row's slots and the list's query name them from here.
_ROW_FIELDS = ("pk", "baseline", "target", "is_disbenefit", "baseline_date", "due_date", "project_id")


class _FinancialRow:
    """A financial kr. benefit reduced to what the totals read, with Benefit's own rules."""

    __slots__ = (*_ROW_FIELDS, "business_case_year_zero", "latest_value", "area_ids")

    def __init__(self, *values, start_date):
        for name, value in zip(_ROW_FIELDS, values, strict=True):
            setattr(self, name, value)
        self.business_case_year_zero = (start_date or self.baseline_date).year
        self.latest_value, self.area_ids = None, []

    direction = Benefit.direction
    improvement = Benefit.improvement
    planned_amount = Benefit.planned_amount


def financial_totals(rows, realised: dict, focus_areas) -> Totals:
    """Sum the financial kr. benefits of `rows` (decorated Benefits) by year and by focus area.

    Per year: planned spread by planned_by_year(), realised = the year's latest measured improvement.
    Per focus area: planned, and realised to date (the latest measured improvement); a project in
    several focus areas counts in each of them."""
    financial = (
        (benefit, [area.pk for area in benefit.project.focus_areas.all()])
        for benefit in rows
        if benefit.counts_financially
    )
    return _sum_totals(financial, realised, focus_areas)


def list_totals(queryset, focus_areas, keep: set | None = None) -> Totals:
    """financial_totals() of the rows of `queryset` (benefit_list, filtered), restricted to the ids in
    `keep` when given, read as plain values rather than decorated rows. Two queries: the financial kr.
    benefits with their projects' focus areas, and realised_by_year(), whose latest year's value is
    each benefit's latest measurement (no subquery per benefit for it); and one for the business cases'
    savings per year (the planned spread)."""
    values = (
        queryset.filter(is_financial=True, unit=Benefit.Unit.KR)
        .prefetch_related(None)
        .order_by()  # sums: the order does not matter
        .values_list(*_ROW_FIELDS, "project__start_date", "project__focus_areas")
    )
    benefits: dict = {}
    for *fields, start_date, area_id in values:
        pk = fields[0]
        if keep is not None and pk not in keep:
            continue
        row = benefits.get(pk)
        if row is None:
            row = benefits[pk] = _FinancialRow(*fields, start_date=start_date)
        if area_id is not None:
            row.area_ids.append(area_id)
    realised = realised_by_year(queryset.prefetch_related(None).values("pk")) if benefits else {}
    for row in benefits.values():
        years = realised.get(row.pk)
        row.latest_value = years[max(years)] if years else None
    # The projects as a subquery: thousands of ids as parameters cost more than the query itself.
    projects = queryset.prefetch_related(None).order_by().values("project_id") if keep is None else None
    financial = ((row, row.area_ids) for row in benefits.values())
    return _sum_totals(financial, realised, focus_areas, projects=projects)


def _sum_totals(financial, realised: dict, focus_areas, projects=None) -> Totals:
    """The sums of financial_totals over (benefit, ids of its project's focus areas) pairs. `projects`:
    the ids of (at least) their projects, as a queryset; by default read from the pairs."""
    financial = list(financial)
    if projects is None:
        projects = {benefit.project_id for benefit, _ in financial}
    savings = savings_by_project(projects) if financial else {}
    planned_year: dict = {}
    realised_year: dict = {}
    area_planned: dict = {}
    area_realised: dict = {}
    totals = Totals()
    for benefit, area_ids in financial:
        totals.count += 1
        planned = benefit.planned_amount
        case_savings = savings.get(benefit.project_id)
        totals.spread_evenly += not case_savings
        spread = planned_by_year(
            planned,
            baseline_date=benefit.baseline_date,
            due_date=benefit.due_date,
            year_zero=benefit.business_case_year_zero,
            savings=case_savings,
        )
        for year, amount in spread.items():
            planned_year[year] = planned_year.get(year, 0) + amount
        totals.planned += planned
        for year, value in realised.get(benefit.pk, {}).items():
            realised_year[year] = realised_year.get(year, 0) + benefit.improvement(value)
        to_date = benefit.improvement(benefit.latest_value) or Decimal(0)
        totals.realised += to_date
        for area_id in area_ids:
            area_planned[area_id] = area_planned.get(area_id, 0) + planned
            area_realised[area_id] = area_realised.get(area_id, 0) + to_date
    years = sorted(set(planned_year) | set(realised_year))
    totals.by_year = [
        (year, Decimal(planned_year.get(year, 0)), Decimal(realised_year.get(year, 0))) for year in years
    ]
    totals.by_focus_area = [
        (area, Decimal(area_planned.get(area.pk, 0)), Decimal(area_realised.get(area.pk, 0)))
        for area in focus_areas
    ]
    return totals
