"""Planned vs realised financial benefit (kr.), per year and per focus area: the sums the benefit list,
its export and the dashboard show (see benefits.models for the rules)."""

from dataclasses import dataclass, field
from decimal import Decimal

from benefits.models import Benefit, BenefitMeasurement


def realised_by_year(benefit_ids) -> dict:
    """{benefit id: {year: value of the latest measurement dated in that year}} for the financial kr.
    benefits among `benefit_ids` (a queryset of ids). One query: their measurements in date order, so
    the last one read in a year is that year's latest (by date, then id, like benefits_with_latest)."""
    rows = (
        BenefitMeasurement.objects.filter(
            benefit__in=benefit_ids, benefit__is_financial=True, benefit__unit=Benefit.Unit.KR
        )
        .order_by("benefit_id", "measured_on", "pk")
        .values_list("benefit_id", "measured_on", "value")
    )
    result: dict = {}
    current = years = None
    for benefit_id, measured_on, value in rows:
        if benefit_id != current:  # the rows come benefit by benefit
            current, years = benefit_id, result.setdefault(benefit_id, {})
        years[measured_on.year] = value
    return result


@dataclass
class Totals:
    """Planned vs realised financial benefit (kr.), per year and per focus area. See benefits.models."""

    by_year: list = field(default_factory=list)  # [(year, planned, realised)]
    by_focus_area: list = field(default_factory=list)  # [(area, planned, realised to date)]
    planned: Decimal = Decimal(0)
    realised: Decimal = Decimal(0)
    count: int = 0


class _FinancialRow:
    """A financial kr. benefit reduced to what the totals read, with Benefit's own rules."""

    __slots__ = ("pk", "baseline", "target", "is_disbenefit", "due_date", "latest_value", "area_ids")

    def __init__(self, pk, baseline, target, is_disbenefit, due_date, latest_value):
        self.pk, self.baseline, self.target, self.is_disbenefit = pk, baseline, target, is_disbenefit
        self.due_date, self.latest_value, self.area_ids = due_date, latest_value, []

    direction = Benefit.direction
    improvement = Benefit.improvement
    planned_amount = Benefit.planned_amount


def financial_totals(rows, realised: dict, focus_areas) -> Totals:
    """Sum the financial kr. benefits of `rows` (decorated Benefits) by year and by focus area.

    Per year: planned in the due date's year, realised = the year's latest measured improvement.
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
    each benefit's latest measurement (no subquery per benefit for it)."""
    values = (
        queryset.filter(is_financial=True, unit=Benefit.Unit.KR)
        .prefetch_related(None)
        .order_by()  # sums: the order does not matter
        .values_list("pk", "baseline", "target", "is_disbenefit", "due_date", "project__focus_areas")
    )
    benefits: dict = {}
    for pk, baseline, target, is_disbenefit, due_date, area_id in values:
        if keep is not None and pk not in keep:
            continue
        row = benefits.get(pk)
        if row is None:
            row = benefits[pk] = _FinancialRow(pk, baseline, target, is_disbenefit, due_date, None)
        if area_id is not None:
            row.area_ids.append(area_id)
    realised = realised_by_year(queryset.prefetch_related(None).values("pk")) if benefits else {}
    for row in benefits.values():
        years = realised.get(row.pk)
        row.latest_value = years[max(years)] if years else None
    return _sum_totals(((row, row.area_ids) for row in benefits.values()), realised, focus_areas)


def _sum_totals(financial, realised: dict, focus_areas) -> Totals:
    """The sums of financial_totals over (benefit, ids of its project's focus areas) pairs."""
    planned_year: dict = {}
    realised_year: dict = {}
    area_planned: dict = {}
    area_realised: dict = {}
    totals = Totals()
    for benefit, area_ids in financial:
        totals.count += 1
        planned = benefit.planned_amount
        planned_year[benefit.due_date.year] = planned_year.get(benefit.due_date.year, 0) + planned
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
