"""A benefit's planned amount spread over the years (planned_by_year), and the same spread added up for
many benefits at once in whole øre (PlannedYears: what the totals in benefits.totals sum): by the years its
project's business case saves in (year 0 = the project's start year), or, without a business case with
savings, evenly over the days from the baseline date to the due date."""

import calendar
import datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef, Sum

from benefits.models import BusinessCaseLine

CENT = Decimal("0.01")


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


def savings_of(benefits) -> dict:
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
    head, last, whole = spread_weights(
        baseline_date=baseline_date, due_date=due_date, year_zero=year_zero, savings=savings
    )
    shares = {year: (planned * weight / whole).quantize(CENT) for year, weight in head}
    shares[last] = planned - sum(shares.values(), Decimal(0))
    return shares


def spread_weights(*, baseline_date, due_date, year_zero, savings) -> tuple:
    """What planned_by_year() spreads by: ([(year, weight)] of every year but the last, in order; the last
    year; the weights' sum). The same for every benefit of a project with savings: the totals work it
    out once per project (and spread by days through PlannedYears.add_by_days)."""
    if not savings:
        return days_weights(baseline_date, due_date)
    weights = {year_zero + year: amount for year, amount in sorted(savings.items())}
    years = sorted(weights)
    return [(year, weights[year]) for year in years[:-1]], years[-1], sum(weights.values())


def days_weights(start: datetime.date, end: datetime.date) -> tuple:
    """spread_weights() of days_per_year(start, end), built directly (without the dict and the sort)."""
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


def ore(amount) -> int:
    """An amount in kroner with at most two decimals (a DecimalField's) as whole øre."""
    return int(amount.scaleb(2))


def kroner(amount: int) -> Decimal:
    """Whole øre as kroner."""
    return Decimal(amount).scaleb(-2)


def _share(planned: int, weight: int, whole: int) -> int:
    """(planned × weight / whole) rounded to whole øre half to even, as Decimal's quantize(CENT) does
    (the amounts in øre; `whole` > 0)."""
    quotient, remainder = divmod(planned * weight, whole)
    twice = 2 * remainder
    if twice > whole or (twice == whole and quotient % 2):
        quotient += 1
    return quotient


class PlannedYears:
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
        """planned_by_year()'s shares by spread_weights() (weights in øre), of `planned` øre."""
        rest = planned
        for year, weight in head:
            share = _share(planned, weight, whole)
            self.add(year, share)
            rest -= share
        self.add(last, rest)

    def add_by_days(self, planned: Decimal, start: datetime.date, end: datetime.date) -> None:
        """add_ore_by_days() of an amount in kroner."""
        self.add_ore_by_days(ore(planned), start, end)

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
        return {year: kroner(amount) for year, amount in self.ore_sums().items()}

    def ore_sums(self) -> dict:
        """{year: planned amount in øre}, for the years some benefit's spread has."""
        result = dict(self.years)
        common = leap = runs = 0
        for year in range(min(self.runs, default=0), max(self.runs, default=0)):
            change = self.runs.get(year)
            if change:
                common, leap, runs = common + change[0], leap + change[1], runs + change[2]
            if runs:
                result[year] = result.get(year, 0) + (leap if calendar.isleap(year) else common)
        return result
