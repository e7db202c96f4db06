"""The rows of Datakvalitet: a rule, its offending rows as the page shows them, and one page of them read
in one query with the count of them all."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import F, Func, IntegerField, Subquery

# The overview shows each rule's first rows; a rule's own list (?regel=…) pages through them all.
ROWS_SHOWN = 20
ROWS_PER_PAGE = 50


@dataclass(frozen=True)
class Row:
    """One offending row: what it is, where it is fixed, who answers for it and what is wrong."""

    name: str
    url: str
    fix_label: str  # the link text of the fix
    context: str
    responsible: str
    problems: tuple[str, ...]


class Rows(list):
    """One page of a rule's offending rows (a list of Row), with the page it is: its paginator counts every
    offending row."""

    def __init__(self, rows=(), page=None):
        super().__init__(rows)
        self.page = page

    @property
    def total(self) -> int:
        return self.page.paginator.count if self.page is not None else len(self)


TOTAL = "dq_total"


def _count_of(queryset) -> Subquery:
    """The number of rows of `queryset`, as a subquery that refers to nothing outside it (COUNT(*) with no
    GROUP BY: Func, not Count, which would group by the queryset's columns)."""
    counted = queryset.order_by().annotate(**{TOTAL: Func(F("pk"), function="COUNT")}).values(TOTAL)
    return Subquery(counted, output_field=IntegerField())


def page_in_one_query(queryset, page_number, per_page: int) -> Page:
    """The `page_number` page (a missing or malformed number: the first; past the end: the last, which
    costs one count) of the ordered `queryset`, as a Paginator's Page whose count needs no query.

    The count rides along as a subquery of its own in the page's SELECT, not as COUNT(*) OVER (): a
    window makes the database build and sort every offending row with its joined columns, only to keep
    a page of them. Both databases evaluate such a subquery once, and only when a row is returned, so a
    rule nobody offends is read once (the page's scan finds nothing), and a rule with thousands of rows
    is one count and a page read in the order's index."""
    try:
        number = max(int(page_number), 1)
    except (TypeError, ValueError):
        number = 1
    counted = queryset.annotate(**{TOTAL: _count_of(queryset)})
    rows = list(counted[(number - 1) * per_page : number * per_page])
    if rows:
        total = getattr(rows[0], TOTAL)
    elif number > 1:
        total = queryset.count()
        number = max((total + per_page - 1) // per_page, 1)
        rows = list(counted[(number - 1) * per_page : number * per_page])
    else:
        total = 0
    paginator = Paginator(queryset, per_page)
    paginator.count = total  # known from the rows: Paginator would count again
    return Page(rows, number, paginator)


def page_of_rows(queryset, to_row, page_number, per_page: int) -> Rows:
    """The `page_number` page of the ordered `queryset`, each object made a Row by `to_row`: one query."""
    page = page_in_one_query(queryset, page_number, per_page)
    return Rows([to_row(item) for item in page.object_list], page)


@dataclass(frozen=True)
class Rule:
    key: str  # the section's anchor, and ?regel= for its own list
    title: str
    explanation: str
    item_label: str  # the table's first column: Projekt, Gevinst, System
    context_label: str
    responsible_label: str
    singular: str
    plural: str
    rows: Rows = field(default_factory=Rows)

    @property
    def count(self) -> int:
        return self.rows.total

    @property
    def count_text(self) -> str:
        return f"{self.count} {self.singular if self.count == 1 else self.plural}"

    @property
    def page(self):
        return self.rows.page

    @property
    def more(self) -> int:
        """How many offending rows are not shown on this page."""
        return self.count - len(self.rows)
