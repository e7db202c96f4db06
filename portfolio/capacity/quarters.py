"""Quarters as the resource plans and the capacity page count them: (year, quarter 1-4) pairs, a running
index to step through them, and their Danish names ("K1 2027")."""

import datetime
from typing import NamedTuple

# The years a grid or the capacity page accepts: far enough either way, never a number that breaks a query.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class Quarter(NamedTuple):
    year: int
    quarter: int

    @property
    def index(self) -> int:
        return self.year * 4 + self.quarter - 1

    @classmethod
    def of_index(cls, index: int) -> "Quarter":
        return cls(index // 4, index % 4 + 1)

    @classmethod
    def of_date(cls, day: datetime.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    def plus(self, count: int) -> "Quarter":
        return Quarter.of_index(self.index + count)

    @property
    def label(self) -> str:
        return f"K{self.quarter} {self.year}"

    @property
    def param(self) -> str:
        """As the capacity page's `start` parameter writes it: 2027-1."""
        return f"{self.year}-{self.quarter}"

    def __str__(self):
        return self.label


def quarters_from(start: Quarter, count: int) -> list[Quarter]:
    return [start.plus(step) for step in range(count)]


def parse_quarter(text) -> Quarter | None:
    """`2027-1` (or `2027-K1`) as a Quarter; None for anything else, a year outside FIRST_YEAR..LAST_YEAR
    or a quarter outside 1-4."""
    year, dash, quarter = str(text or "").strip().upper().partition("-")
    quarter = quarter.removeprefix("K")
    if not dash or not (year.isdecimal() and quarter.isdecimal()) or len(year) != 4 or len(quarter) != 1:
        return None
    year, quarter = int(year), int(quarter)
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= quarter <= 4):
        return None
    return Quarter(year, quarter)


def year_quarters(year: int) -> list[Quarter]:
    return [Quarter(year, quarter) for quarter in range(1, 5)]


def spread_over_year(hours: int) -> list[int]:
    """A year's hours over its four quarters, as evenly as whole hours go (the first quarters take the
    remainder): 10 → [3, 3, 2, 2]."""
    base, rest = divmod(int(hours), 4)
    return [base + (1 if quarter < rest else 0) for quarter in range(4)]
