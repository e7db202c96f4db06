"""Planned vs realised financial benefit (kr.), per year and per focus area: the sums the benefit list,
its export and the dashboard show (see benefits.models for the rules).

The planned benefit of a year comes from one function, planned_by_year(): a benefit's planned amount
spread over the years its project's business case saves in (year 0 = the project's start year), or,
without a business case with savings, evenly over the days from the baseline date to the due date."""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BigIntegerField, Exists, F, OuterRef, Sum
from django.db.models.functions import Cast, Round

from benefits import rules_sql
from benefits.models import MEASURED_YEAR, Benefit, BenefitMeasurement, BusinessCaseLine
from portfolio.models import Project

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
    return _savings(rows)


def _savings(rows) -> dict:
    result: dict = {}
    for project_id, year, total in rows:
        result.setdefault(project_id, {})[year] = total
    return result


def _savings_of(benefits) -> dict:
    """savings_by_project() of the projects of `benefits` (a queryset), asked per business case (an
    EXISTS): the database reads the savings lines and looks each project up among the benefits' rather
    than building the list of all the benefits' projects first (SQLite did, even without a line)."""
    of_project = benefits.filter(project_id=OuterRef("business_case__project_id"))
    rows = (
        BusinessCaseLine.objects.filter(
            Exists(of_project), category=BusinessCaseLine.Category.SAVING, amount__gt=0
        )
        .values_list("business_case__project_id", "year")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return _savings(rows)


def days_per_year(start: datetime.date, end: datetime.date) -> dict:
    """{year: days of [start, end) in that year}; {end's year: 1} when the span is empty."""
    if end <= start:
        return {end.year: 1}
    if start.year == end.year:
        return {start.year: (end - start).days}
    # The first year's rest, the whole years between, and the last year's start (none on 1 January):
    # this runs once per financial benefit in the list's totals.
    days = {start.year: (datetime.date(start.year + 1, 1, 1) - start).days}
    for year in range(start.year + 1, end.year):
        days[year] = 366 if calendar.isleap(year) else 365
    last = (end - datetime.date(end.year, 1, 1)).days
    if last:
        days[end.year] = last
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
    head, last, whole = _weights(
        baseline_date=baseline_date, due_date=due_date, year_zero=year_zero, savings=savings
    )
    shares = {year: (planned * weight / whole).quantize(CENT) for year, weight in head}
    shares[last] = planned - sum(shares.values(), Decimal(0))
    return shares


def _weights(*, baseline_date, due_date, year_zero, savings) -> tuple:
    """What planned_by_year() spreads by: ([(year, weight)] of every year but the last, in order; the last
    year; the weights' sum). The same for every benefit of a project with savings: the totals work it
    out once per project (and spread by days through _PlannedYears.add_by_days)."""
    if not savings:
        return _days_weights(baseline_date, due_date)
    weights = {year_zero + year: amount for year, amount in sorted(savings.items())}
    years = sorted(weights)
    return [(year, weights[year]) for year in years[:-1]], years[-1], sum(weights.values())


def _days_weights(start: datetime.date, end: datetime.date) -> tuple:
    """_weights() of days_per_year(start, end), built directly (without the dict and the sort)."""
    if end <= start:
        return [], end.year, 1
    whole = (end - start).days
    if start.year == end.year:
        return [], start.year, whole
    head = [(start.year, (datetime.date(start.year + 1, 1, 1) - start).days)]
    head += [(year, 366 if calendar.isleap(year) else 365) for year in range(start.year + 1, end.year)]
    if end.month == 1 and end.day == 1:  # no day of the last year: the year before it is the last
        return head[:-1], head[-1][0], whole
    return head, end.year, whole


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


def _ore(amount) -> int:
    """An amount in kroner with at most two decimals (a DecimalField's) as whole øre."""
    return int(amount.scaleb(2))


def _kroner(ore: int) -> Decimal:
    return Decimal(ore).scaleb(-2)


def _in_ore(expression):
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
                _ore(benefit.planned_amount),
                _ore(benefit.to_date),
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


def realised_per_year(benefit_ids, keep: set | None = None) -> dict:
    """{year: the sum of the improvements of each financial kr. benefit's latest measurement dated in
    that year} over the benefits among `benefit_ids` (a queryset of ids), and in `keep` when given:
    realised_by_year() summed by the database (with `keep`, per benefit and year, then summed here over
    the kept ones). One query."""
    rows = realised_by_year_rows(benefit_ids)
    total = Sum(rules_sql.improvement(F("value"), benefit="benefit__"))
    if keep is None:
        sums = rows.values("year").annotate(total=total).values_list("year", "total")
    else:
        by_benefit = rows.values("benefit_id", "year").annotate(total=total)
        sums = (
            (year, amount)
            for benefit_id, year, amount in by_benefit.values_list("benefit_id", "year", "total")
            if benefit_id in keep
        )
    result: dict = {}
    for year, amount in sums:
        result[int(year)] = result.get(int(year), 0) + amount
    # The sum in øre: SQLite sums the amounts as floating point numbers.
    return {year: Decimal(amount).quantize(CENT) for year, amount in result.items()}


def list_totals(queryset, focus_areas, keep: set | None = None) -> Totals:
    """financial_totals() of the rows of `queryset` (benefits_with_latest's, e.g. benefit_list,
    filtered), restricted to the ids in `keep` when given, summed by the database where the rules
    allow (rules_sql) rather than from decorated rows. Four queries: the financial kr. benefits'
    planned amounts, realised to date and dates (the planned spread per year needs each of them);
    which projects are in `focus_areas`; realised_per_year(); and the business cases' savings per
    year."""
    financial = queryset.filter(rules_sql.COUNTS_FINANCIALLY).prefetch_related(None).order_by()
    values = financial.annotate(
        planned_ore=_in_ore(rules_sql.PLANNED_AMOUNT), to_date_ore=_in_ore(rules_sql.LATEST_IMPROVEMENT)
    ).values_list("pk", "planned_ore", "to_date_ore", *_ROW_FIELDS)
    # Read as the driver gives the rows: Django's converters (a date parsed by a regular expression, three
    # a row) cost more than the query's own SQL at thousands of benefits.
    try:
        sql, params = values.query.get_compiler(values.db).as_sql()
    except EmptyResultSet:  # e.g. none(), or an empty id list: the queryset would give no rows
        return _sum_totals([], {}, focus_areas)
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
        return _sum_totals([], {}, focus_areas)
    # The areas' projects in a query of their own (every project of the areas, a few ints each): a
    # column per area on each benefit's row costs the database a lookup per benefit and area.
    areas_of: dict = {}
    memberships = Project.focus_areas.through.objects.filter(focusarea__in=[area.pk for area in focus_areas])
    for project_id, area_id in memberships.order_by().values_list("project_id", "focusarea_id"):
        areas_of.setdefault(project_id, []).append(area_id)
    pairs = [(row, areas_of.get(row.project_id, ())) for row in rows]
    realised_year = realised_per_year(financial.values("pk"), keep=keep)
    # The savings of the benefits' projects (with `keep`, of a few more than needed): thousands of ids as
    # parameters cost more than the query itself.
    return _sum_totals(pairs, realised_year, focus_areas, savings=_savings_of(financial))


def _sum_totals(financial, realised_year: dict, focus_areas, savings=None) -> Totals:
    """The sums over (_FinancialRow, ids of its project's focus areas) pairs, given what is realised
    per year. `savings`: savings_by_project() of (at least) their projects; by default read for the
    pairs' projects. Added in whole øre (integers: exact, and far quicker than Decimal), as kroner at
    the end."""
    financial = list(financial)
    if savings is None:
        savings = savings_by_project({benefit.project_id for benefit, _ in financial}) if financial else {}
    planned_year = _PlannedYears()
    area_planned: dict = {}
    area_realised: dict = {}
    totals = Totals()
    planned_total = realised_total = 0
    weights: dict = {}  # _weights() of each project with savings, in øre
    for benefit, area_ids in financial:
        planned = benefit.planned
        case_savings = savings.get(benefit.project_id)
        if case_savings:
            year_zero = benefit.business_case_year_zero
            spread = weights.get((benefit.project_id, year_zero))
            if spread is None:
                in_ore = {year: _ore(amount) for year, amount in case_savings.items()}
                spread = weights[benefit.project_id, year_zero] = _weights(
                    baseline_date=None, due_date=None, year_zero=year_zero, savings=in_ore
                )
            planned_year.add_ore_by_weights(planned, *spread)
        else:
            totals.spread_evenly += 1
            planned_year.add_ore_by_days(planned, benefit.baseline_date, benefit.due_date)
        planned_total += planned
        to_date = benefit.to_date
        realised_total += to_date
        for area_id in area_ids:
            area_planned[area_id] = area_planned.get(area_id, 0) + planned
            area_realised[area_id] = area_realised.get(area_id, 0) + to_date
    totals.count = len(financial)
    if financial:
        totals.planned, totals.realised = _kroner(planned_total), _kroner(realised_total)
    planned_year = planned_year.sums()
    years = sorted(set(planned_year) | set(realised_year))
    totals.by_year = [
        (year, Decimal(planned_year.get(year, 0)), Decimal(realised_year.get(year, 0))) for year in years
    ]
    totals.by_focus_area = [
        (
            area,
            _kroner(area_planned[area.pk]) if area.pk in area_planned else Decimal(0),
            _kroner(area_realised[area.pk]) if area.pk in area_realised else Decimal(0),
        )
        for area in focus_areas
    ]
    return totals


def _share(planned: int, weight: int, whole: int) -> int:
    """(planned × weight / whole) rounded to whole øre half to even, as Decimal's quantize(CENT) does
    (the amounts in øre; `whole` > 0)."""
    quotient, remainder = divmod(planned * weight, whole)
    twice = 2 * remainder
    if twice > whole or (twice == whole and quotient % 2):
        quotient += 1
    return quotient


class _PlannedYears:
    """The planned amounts per year of many benefits: the sums of their planned_by_year() shares, added
    in whole øre without a dict per benefit. Spread by days, every whole year between a benefit's first
    and last year gets the same share (by 365 or 366 days): it is worked out once and added as a run of
    years (a change where the run starts and ends, summed up in sums()), not year by year."""

    def __init__(self):
        self.years: dict = {}  # {year: shares of first, last and business-case years}
        self.runs: dict = {}  # {year: [change of the 365-day share, of the 366-day share, of the runs]}

    def add(self, year: int, amount: int) -> None:
        self.years[year] = self.years.get(year, 0) + amount

    def add_ore_by_weights(self, planned: int, head, last: int, whole: int) -> None:
        """planned_by_year()'s shares by _weights() (weights in øre), of `planned` øre."""
        rest = planned
        for year, weight in head:
            share = _share(planned, weight, whole)
            self.add(year, share)
            rest -= share
        self.add(last, rest)

    def add_by_days(self, planned: Decimal, start: datetime.date, end: datetime.date) -> None:
        """add_ore_by_days() of an amount in kroner."""
        self.add_ore_by_days(_ore(planned), start, end)

    def add_ore_by_days(self, planned: int, start: datetime.date, end: datetime.date) -> None:
        """planned_by_year()'s shares by the days of days_per_year(start, end), whose last year takes
        the rest: `end`'s year, or the one before when `end` is 1 January. `planned` in øre."""
        last = end.year - 1 if (end.month, end.day) == (1, 1) else end.year
        if end <= start or last == start.year:
            self.add(end.year if end <= start else last, planned)
            return
        whole = (end - start).days
        first = _share(planned, (datetime.date(start.year + 1, 1, 1) - start).days, whole)
        self.add(start.year, first)
        rest = planned - first
        leap = calendar.leapdays(start.year + 1, last)
        common = last - start.year - 1 - leap
        if common or leap:
            common_share = _share(planned, 365, whole) if common else 0
            leap_share = _share(planned, 366, whole) if leap else 0
            rest -= common_share * common + leap_share * leap
            for year, sign in ((start.year + 1, 1), (last, -1)):
                change = self.runs.setdefault(year, [0, 0, 0])
                change[0] += sign * common_share
                change[1] += sign * leap_share
                change[2] += sign
        self.add(last, rest)

    def sums(self) -> dict:
        """{year: planned amount in kroner}, for the years some benefit's spread has."""
        result = dict(self.years)
        common = leap = runs = 0
        for year in range(min(self.runs, default=0), max(self.runs, default=0)):
            change = self.runs.get(year)
            if change:
                common, leap, runs = common + change[0], leap + change[1], runs + change[2]
            if runs:
                result[year] = result.get(year, 0) + (leap if calendar.isleap(year) else common)
        return {year: _kroner(amount) for year, amount in result.items()}
