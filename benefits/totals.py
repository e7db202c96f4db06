"""Planned vs realised financial benefit (kr.), per year and per focus area: the sums the benefit list,
its export and the dashboard show (see benefits.models for the rules).

The planned benefit of a year comes from benefits.spread (planned_by_year(), and PlannedYears for many
benefits at once); the realised benefit of a year is the sum of each benefit's latest measurement in it."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BigIntegerField, ExpressionWrapper, F, IntegerField, Sum
from django.db.models.functions import Cast, Round

from benefits import never_stale, rules_sql
from benefits.models import MEASURED_YEAR, Benefit, BenefitMeasurement
from benefits.spread import CENT, PlannedYears, kroner, ore, savings_by_project, savings_of, spread_weights
from portfolio.models import Project

# Beside every total per focus area (pages, PDFs, the workbook): the areas overlap.
FOCUS_AREA_TOTALS_NOTE = (
    "Et projekt under flere fokusområder tælles med i hvert af dem, så fokusområderne tilsammen kan give "
    "mere end I alt."
)


def realised_by_year_rows(benefit_ids):
    """Each financial kr. benefit's latest measurement of each year, among the benefits in `benefit_ids`
    (a queryset of ids), annotated with `year`: the measurements flagged latest_in_year (by date, then
    id, like benefits_with_latest), read from their partial index."""
    return (
        BenefitMeasurement.objects.filter(
            benefit__in=benefit_ids,
            latest_in_year=True,
            benefit__is_financial=True,
            benefit__unit=Benefit.Unit.KR,
        )
        .annotate(year=MEASURED_YEAR)
        .order_by()  # not the model's order, which joins and sorts by project number and title
    )


def realised_by_year(benefit_ids) -> dict:
    """{benefit id: {year: value of the latest measurement dated in that year}} for the financial kr.
    benefits among `benefit_ids` (a queryset of ids). One query."""
    rows = realised_by_year_rows(benefit_ids).values_list("benefit_id", "year", "value")
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


# The list's query reads these for _FinancialRow, after the id and the two amounts in øre.
_ROW_FIELDS = ("baseline_date", "due_date", "project_id", "project__start_date")


def _ore_sql(expression):
    """`expression` (kroner, two decimals) as whole øre in SQL: the totals add integers, exactly, and the
    rows need no converting to Decimal (SQLite hands the decimals over as floating point)."""
    return Cast(Round(expression * 100), BigIntegerField())


def _date(value) -> datetime.date:
    """A date as the driver gives it: SQLite's text, PostgreSQL's date."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


class _FinancialRow:
    """A financial kr. benefit reduced to what the totals read: its planned amount and realised to date
    in øre (0 without a measurement), and the dates and project its planned amount is spread by."""

    __slots__ = (
        "planned",
        "to_date",
        "baseline_date",
        "due_date",
        "project_id",
        "business_case_year_zero",
    )

    def __init__(self, planned, to_date, baseline_date, due_date, project_id, start_date):
        self.planned, self.to_date = planned, to_date or 0
        self.baseline_date, self.due_date, self.project_id = baseline_date, due_date, project_id
        self.business_case_year_zero = (start_date or baseline_date).year


def financial_totals(rows, realised: dict, focus_areas) -> Totals:
    """Sum the financial kr. benefits of `rows` (decorated Benefits) by year and by focus area.

    Per year: planned spread by planned_by_year(), realised = the year's latest measured improvement.
    Per focus area: planned, and realised to date (the latest measured improvement); a project in
    several focus areas counts in each of them."""
    financial = [benefit for benefit in rows if benefit.counts_financially]
    realised_year: dict = {}
    for benefit in financial:
        benefit.to_date = benefit.improvement(benefit.latest_value) or Decimal(0)
        for year, value in realised.get(benefit.pk, {}).items():
            realised_year[year] = realised_year.get(year, 0) + benefit.improvement(value)
    pairs = (
        (
            _FinancialRow(
                ore(benefit.planned_amount),
                ore(benefit.to_date),
                benefit.baseline_date,
                benefit.due_date,
                benefit.project_id,
                benefit.project.start_date,
            ),
            [area.pk for area in benefit.project.focus_areas.all()],
        )
        for benefit in financial
    )
    return _sum_totals(pairs, realised_year, focus_areas)


def _improvement_sum():
    return Sum(rules_sql.improvement(F("value"), benefit="benefit__"))


def _in_cents(sums) -> dict:
    """{year: amount} of (year, amount) rows, added up per year and rounded to øre: SQLite sums the
    amounts as floating point numbers."""
    result: dict = {}
    for year, amount in sums:
        result[int(year)] = result.get(int(year), 0) + amount
    return {year: Decimal(amount).quantize(CENT) for year, amount in result.items()}


def realised_per_year(benefit_ids, keep: set | None = None) -> dict:
    """{year: the sum of the improvements of each financial kr. benefit's latest measurement dated in
    that year} over the benefits among `benefit_ids` (a queryset of ids), and in `keep` when given:
    realised_by_year() summed by the database (with `keep`, per benefit and year, then summed here over
    the kept ones). One query."""
    rows = realised_by_year_rows(benefit_ids)
    if keep is None:
        return _in_cents(rows.values("year").annotate(total=_improvement_sum()).values_list("year", "total"))
    by_benefit = rows.values("benefit_id", "year").annotate(total=_improvement_sum())
    return _in_cents(
        (year, amount)
        for benefit_id, year, amount in by_benefit.values_list("benefit_id", "year", "total")
        if benefit_id in keep
    )


def _realised_per_year_by_block(benefit_ids, block_size: int) -> dict:
    """{block: realised_per_year()} of the benefits among `benefit_ids` split by their project's block
    (project id // block_size). One query."""
    block = ExpressionWrapper(F("benefit__project_id") / block_size, output_field=IntegerField())
    rows = realised_by_year_rows(benefit_ids).values("year", block=block).annotate(total=_improvement_sum())
    by_block: dict = {}
    for block_number, year, amount in rows.values_list("block", "year", "total"):
        by_block.setdefault(block_number, []).append((year, amount))
    return {block_number: _in_cents(sums) for block_number, sums in by_block.items()}


def _financial_pairs(queryset, focus_areas, keep: set | None):
    """(the financial kr. benefits of `queryset` as a queryset, [(_FinancialRow, ids of its project's
    focus areas among `focus_areas`)] of those in `keep` when given). Two queries (none when the
    queryset is empty): the benefits' planned amounts, realised to date (from the latest value stored on
    the row) and dates (the planned spread per year needs each of them), and which projects are in
    `focus_areas`."""
    financial = queryset.filter(rules_sql.COUNTS_FINANCIALLY).prefetch_related(None).order_by()
    values = financial.annotate(
        planned_ore=_ore_sql(rules_sql.PLANNED_AMOUNT),
        to_date_ore=_ore_sql(rules_sql.STORED_LATEST_IMPROVEMENT),
    ).values_list("pk", "planned_ore", "to_date_ore", *_ROW_FIELDS)
    # Read as the driver gives the rows: Django's converters (a date parsed by a regular expression, three
    # a row) cost more than the query's own SQL at thousands of benefits.
    try:
        sql, params = values.query.get_compiler(values.db).as_sql()
    except EmptyResultSet:  # e.g. none(), or an empty id list: the queryset would give no rows
        return financial, []
    with connections[values.db].cursor() as cursor:
        cursor.execute(sql, params)
        # `keep` is applied here, not as an id list in SQL: it may hold more ids than a query takes
        # parameters.
        rows = [
            _FinancialRow(planned, to_date, _date(baseline), _date(due), project_id, start and _date(start))
            for pk, planned, to_date, baseline, due, project_id, start in cursor.fetchall()
            if keep is None or pk in keep
        ]
    if not rows:
        return financial, []
    # The areas' projects in a query of their own (every project of the areas, a few ints each): a
    # column per area on each benefit's row costs the database a lookup per benefit and area.
    areas_of: dict = {}
    memberships = Project.focus_areas.through.objects.filter(focusarea__in=[area.pk for area in focus_areas])
    for project_id, area_id in memberships.order_by().values_list("project_id", "focusarea_id"):
        areas_of.setdefault(project_id, []).append(area_id)
    return financial, [(row, areas_of.get(row.project_id, ())) for row in rows]


def list_totals(queryset, focus_areas, keep: set | None = None) -> Totals:
    """financial_totals() of the rows of `queryset` (benefits_with_latest's, e.g. benefit_list,
    filtered), restricted to the ids in `keep` when given, summed by the database where the rules
    allow (rules_sql) rather than from decorated rows. Four queries: _financial_pairs()'s two,
    realised_per_year() and the business cases' savings per year."""
    financial, pairs = _financial_pairs(queryset, focus_areas, keep)
    if not pairs:
        return _sum_totals([], {}, focus_areas)
    realised_year = realised_per_year(financial.values("pk"), keep=keep)
    # The savings of the benefits' projects (with `keep`, of a few more than needed): thousands of ids as
    # parameters cost more than the query itself.
    return _sum_totals(pairs, realised_year, focus_areas, savings=savings_of(financial))


def ore_sums_by_block(queryset, focus_areas, block_size: int) -> dict:
    """{block: OreSums} of list_totals(queryset, focus_areas) split by the benefits' project's block
    (project id // block_size): each block's sums are those of list_totals() of its benefits alone.
    Blocks without a financial benefit are left out. Four queries, as list_totals()."""
    financial, pairs = _financial_pairs(queryset, focus_areas, None)
    if not pairs:
        return {}
    realised = _realised_per_year_by_block(financial.values("pk"), block_size)
    savings = savings_of(financial)
    pairs_by_block: dict = {}
    for pair in pairs:
        pairs_by_block.setdefault(pair[0].project_id // block_size, []).append(pair)
    return {
        block: _sum_ore(
            block_pairs,
            {year: ore(amount) for year, amount in realised.get(block, {}).items()},
            savings,
        )
        for block, block_pairs in pairs_by_block.items()
    }


def cached_list_totals(queryset, focus_areas, *, key_parts) -> Totals:
    """list_totals(queryset, focus_areas) from the installed cache, under `key_parts`: everything that
    decides `queryset` (the list's filters; it is the same for every reader)."""
    return never_stale.cached(
        name="benefit-totals",
        key_parts=[*(area.pk for area in focus_areas), "|", *key_parts],
        compute=lambda: list_totals(queryset, focus_areas),
    )


def _sum_totals(financial, realised_year: dict, focus_areas, savings=None) -> Totals:
    """The Totals of (_FinancialRow, ids of its project's focus areas) pairs, given what is realised per
    year (kroner): _sum_ore()'s sums as kroner."""
    return _sum_ore(financial, {year: ore(amount) for year, amount in realised_year.items()}, savings).totals(
        focus_areas
    )


@dataclass
class OreSums:
    """The Totals of some financial benefits as whole øre, before they are shown: sums of several sets
    of benefits add up to the sums of them all (add()), exactly. A year or focus area is a key only
    where some benefit has it, as Totals lists them."""

    count: int = 0
    spread_evenly: int = 0
    planned: int = 0
    realised: int = 0  # to date
    planned_years: dict = field(default_factory=dict)
    realised_years: dict = field(default_factory=dict)
    area_planned: dict = field(default_factory=dict)
    area_realised: dict = field(default_factory=dict)

    def add(self, other: "OreSums") -> None:
        self.count += other.count
        self.spread_evenly += other.spread_evenly
        self.planned += other.planned
        self.realised += other.realised
        for mine, theirs in (
            (self.planned_years, other.planned_years),
            (self.realised_years, other.realised_years),
            (self.area_planned, other.area_planned),
            (self.area_realised, other.area_realised),
        ):
            for key, amount in theirs.items():
                mine[key] = mine.get(key, 0) + amount

    def totals(self, focus_areas) -> Totals:
        """The sums as kroner, per focus area for `focus_areas`."""
        totals = Totals(count=self.count, spread_evenly=self.spread_evenly)
        if self.count:
            totals.planned, totals.realised = kroner(self.planned), kroner(self.realised)
        planned, realised = self.planned_years, self.realised_years
        totals.by_year = [
            (
                year,
                kroner(planned[year]) if year in planned else Decimal(0),
                kroner(realised[year]) if year in realised else Decimal(0),
            )
            for year in sorted(set(planned) | set(realised))
        ]
        totals.by_focus_area = [
            (
                area,
                kroner(self.area_planned[area.pk]) if area.pk in self.area_planned else Decimal(0),
                kroner(self.area_realised[area.pk]) if area.pk in self.area_realised else Decimal(0),
            )
            for area in focus_areas
        ]
        return totals

    def as_json(self) -> dict:
        return {
            name: {str(key): amount for key, amount in value.items()} if isinstance(value, dict) else value
            for name, value in vars(self).items()
        }

    @classmethod
    def from_json(cls, data: dict) -> "OreSums":
        return cls(
            **{
                name: {int(key): amount for key, amount in value.items()}
                if isinstance(value, dict)
                else value
                for name, value in data.items()
            }
        )


def _sum_ore(financial, realised_year: dict, savings=None) -> OreSums:
    """The sums over (_FinancialRow, ids of its project's focus areas) pairs, given what is realised
    per year (øre). `savings`: savings_by_project() of (at least) their projects; by default read for
    the pairs' projects. Added in whole øre (integers: exact, and far quicker than Decimal)."""
    financial = list(financial)
    if savings is None:
        savings = savings_by_project({benefit.project_id for benefit, _ in financial}) if financial else {}
    planned_year = PlannedYears()
    sums = OreSums(count=len(financial), realised_years=dict(realised_year))
    area_planned, area_realised = sums.area_planned, sums.area_realised
    planned_total = realised_total = 0
    weights: dict = {}  # spread_weights() of each project with savings, in øre
    for benefit, area_ids in financial:
        planned = benefit.planned
        case_savings = savings.get(benefit.project_id)
        if case_savings:
            year_zero = benefit.business_case_year_zero
            spread = weights.get((benefit.project_id, year_zero))
            if spread is None:
                savings_ore = {year: ore(amount) for year, amount in case_savings.items()}
                spread = weights[benefit.project_id, year_zero] = spread_weights(
                    baseline_date=None, due_date=None, year_zero=year_zero, savings=savings_ore
                )
            planned_year.add_ore_by_weights(planned, *spread)
        else:
            sums.spread_evenly += 1
            planned_year.add_ore_by_days(planned, benefit.baseline_date, benefit.due_date)
        planned_total += planned
        to_date = benefit.to_date
        realised_total += to_date
        for area_id in area_ids:
            area_planned[area_id] = area_planned.get(area_id, 0) + planned
            area_realised[area_id] = area_realised.get(area_id, 0) + to_date
    sums.planned, sums.realised = planned_total, realised_total
    sums.planned_years = planned_year.ore_sums()
    return sums
