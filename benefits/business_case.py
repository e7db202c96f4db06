"""A business case's computed part: its grid's rows (category_rows) and its summary per year 0-5
(BusinessCaseSummary): totals, net result, cumulative result and payback year. Plain Python over the
lines, never stored."""

from dataclasses import dataclass
from decimal import Decimal

from benefits.models import BUSINESS_CASE_YEARS, CATEGORY_ROWS, BusinessCaseLine


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
