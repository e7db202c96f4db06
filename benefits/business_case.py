"""A business case's computed part: the rows of its grid (`category_rows`), its summary per year 0-5
(`BusinessCaseSummary`: totals, net result, cumulative result and payback year) and the summary's table
(`summary_rows`). Plain Python over the lines, never stored.

The callers compute the summary (`business_case_summary`) and hand it to their templates; the model
does not offer it, since this module reads the model's choices (benefits.models would otherwise have to
import it back). Portfolio's closing report asks the tag in benefits/templatetags/business_cases.py."""

from dataclasses import dataclass
from decimal import Decimal

from benefits.models import BUSINESS_CASE_YEARS, BusinessCase, BusinessCaseLine

# Which rows each category of the business case has (the rows of the municipality's template).
COST_ROWS = (
    BusinessCaseLine.Row.CONSULTANCY,
    BusinessCaseLine.Row.TRAINING,
    BusinessCaseLine.Row.OTHER_BUSINESS_COSTS,
    BusinessCaseLine.Row.HARDWARE,
    BusinessCaseLine.Row.SOFTWARE,
    BusinessCaseLine.Row.OTHER_IT_COSTS,
)
SAVING_ROWS = (
    BusinessCaseLine.Row.SALARY_SAVINGS,
    BusinessCaseLine.Row.OTHER_BUSINESS_SAVINGS,
    BusinessCaseLine.Row.LICENCES,
    BusinessCaseLine.Row.SYSTEM_MAINTENANCE,
    BusinessCaseLine.Row.OTHER_IT_SAVINGS,
)
CATEGORY_ROWS = {
    BusinessCaseLine.Category.INVESTMENT: COST_ROWS,
    # Running costs include what is paid every year for licences and system maintenance.
    BusinessCaseLine.Category.RUNNING_COST: (
        *COST_ROWS,
        BusinessCaseLine.Row.LICENCES,
        BusinessCaseLine.Row.SYSTEM_MAINTENANCE,
    ),
    BusinessCaseLine.Category.SAVING: SAVING_ROWS,
}


def category_rows(cells=()) -> dict:
    """CATEGORY_ROWS plus any row that has an amount under another category (e.g. entered in the admin),
    so nothing stored is hidden from the grid or the totals' table."""
    rows = {category: list(values) for category, values in CATEGORY_ROWS.items()}
    for category, row, _ in cells:
        if row not in rows.setdefault(category, []):
            rows[category].append(row)
    return rows


@dataclass
class BusinessCaseSummary:
    """The computed part of a business case, per year 0-5.

    net[y] = savings[y] − investment[y] − running[y]; cumulative[y] is the sum of net up to year y.
    The payback year is the first year whose cumulative net result is ≥ 0 after costs have been
    incurred; None when it never pays back within year 5, or when there are no costs at all.
    """

    cells: dict  # (category, row, year) -> Decimal
    investment: list
    running: list
    savings: list
    net: list
    cumulative: list
    payback_year: int | None

    @classmethod
    def from_lines(cls, lines) -> "BusinessCaseSummary":
        cells = {}
        for line in lines:
            key = (line.category, line.row, line.year)
            cells[key] = cells.get(key, Decimal(0)) + line.amount

        def per_year(category):
            return [
                sum((v for (c, _, y), v in cells.items() if c == category and y == year), Decimal(0))
                for year in BUSINESS_CASE_YEARS
            ]

        investment = per_year(BusinessCaseLine.Category.INVESTMENT)
        running = per_year(BusinessCaseLine.Category.RUNNING_COST)
        savings = per_year(BusinessCaseLine.Category.SAVING)
        net = [s - i - r for s, i, r in zip(savings, investment, running, strict=True)]
        cumulative, total, costs, payback = [], Decimal(0), Decimal(0), None
        for year, (value, i, r) in enumerate(zip(net, investment, running, strict=True)):
            total += value
            costs += i + r
            cumulative.append(total)
            if payback is None and costs > 0 and total >= 0:
                payback = year
        return cls(cells, investment, running, savings, net, cumulative, payback)

    @property
    def total_investment(self) -> Decimal:
        return sum(self.investment, Decimal(0))

    @property
    def total_running(self) -> Decimal:
        return sum(self.running, Decimal(0))

    @property
    def total_savings(self) -> Decimal:
        return sum(self.savings, Decimal(0))

    @property
    def total_net(self) -> Decimal:
        return self.total_savings - self.total_investment - self.total_running

    @property
    def has_costs(self) -> bool:
        return self.total_investment + self.total_running > 0

    def row_total(self, category, row) -> Decimal:
        return sum((self.cells.get((category, row, y), Decimal(0)) for y in BUSINESS_CASE_YEARS), Decimal(0))


def business_case_summary(case: BusinessCase | None, lines=None) -> BusinessCaseSummary | None:
    """The summary of `case` (None without a business case), from `lines` when the caller has them
    already, else from its stored lines (one query)."""
    if case is None:
        return None
    return BusinessCaseSummary.from_lines(case.lines.all() if lines is None else lines)


def summary_lines(summary: BusinessCaseSummary):
    """Each non-empty row of the business case in the grid's order: (category, row, amount per year 0-5,
    total)."""
    for category, rows in category_rows(summary.cells).items():
        for row in rows:
            values = [summary.cells.get((category, row, year), 0) for year in BUSINESS_CASE_YEARS]
            if any(values):
                yield category, row, values, summary.row_total(category, row)


def summary_rows(summary: BusinessCaseSummary) -> list:
    """The business case's table: per category its label and each non-empty row (label, amount per
    year, total)."""
    sections = {category: [] for category in category_rows(summary.cells)}
    for category, row, values, total in summary_lines(summary):
        sections[category].append((BusinessCaseLine.Row(row).label, values, total))
    return [(BusinessCaseLine.Category(category).label, lines) for category, lines in sections.items()]
