"""The rows of Datakvalitet: a rule, its offending rows as the page shows them, and one page of them read
in one query with the count of them all."""

from dataclasses import dataclass, field

from portfolio.paging import count_of, page_in_one_query

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


def page_of_rows(queryset, to_row, page_number, per_page: int) -> Rows:
    """The `page_number` page of the ordered `queryset`, each object made a Row by `to_row`: one query."""
    page = page_in_one_query(queryset, page_number, per_page, total=count_of(queryset))
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
