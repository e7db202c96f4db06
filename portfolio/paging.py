"""Pages of querysets: in one query, the rows and, beside each, how many rows match in all (COUNT(*) OVER
()), so a paged page keeps the query count it had when it showed every row; and a Paginator that reads a
page in a way the database plans better than a plain slice."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Func, IntegerField, Subquery, Window

TOTAL = "paging_total"


def count_of(queryset) -> Subquery:
    """The number of rows of `queryset`, as a scalar subquery that refers to nothing outside it (COUNT(*)
    with no GROUP BY: Func, not Count, which would group by the queryset's columns). Beside a page or a
    LIMIT it is evaluated once, and only when a row is returned, where COUNT(*) OVER () makes the database
    build and sort every matching row whole before the limit."""
    counted = queryset.order_by().annotate(**{TOTAL: Func(F("pk"), function="COUNT")}).values(TOTAL)
    return Subquery(counted, output_field=IntegerField())


def page_in_one_query(queryset, page_number, per_page: int, *, total=None) -> Page:
    """The `page_number` page (a missing or malformed number: the first; past the end: the last, which
    costs one count) of the ordered `queryset`, as a Paginator's Page whose count needs no query.
    `total`: the count's expression beside each row (default COUNT(*) OVER (); count_of(queryset) where
    many rows match and each is costly to build)."""
    try:
        number = max(int(page_number), 1)
    except (TypeError, ValueError):
        number = 1
    counted = queryset.annotate(**{TOTAL: Window(Count("pk")) if total is None else total})
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


class PlannedPagePaginator(Paginator):
    """Django's Paginator, counting the rows as they are but reading a page through
    `page_rows(queryset, bottom, top)`: a page can then be read in a way the database plans better than a
    plain slice (keys_first), with a condition the count would only pay for (the API's status reports)."""

    @staticmethod
    def page_rows(queryset, bottom, top):
        return queryset[bottom:top]

    def page(self, number):
        # Paginator.page, with the rows read through page_rows (get_page comes here too).
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.page_rows(self.object_list, bottom, top), number, self)


def keys_first(queryset, bottom, top):
    """Rows bottom..top of the ordered `queryset`: their keys found in that order without the annotations
    the order does not need, and only those rows read with them. A correlated subquery (the latest light)
    then runs for the page's rows, not for every row before the sort. One query."""
    return queryset.filter(pk__in=Subquery(queryset.values("pk")[bottom:top]))


class KeysFirstPaginator(PlannedPagePaginator):
    page_rows = staticmethod(keys_first)
