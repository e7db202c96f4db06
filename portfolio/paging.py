"""A page of a queryset in one query: the rows and, beside each, how many rows match in all
(COUNT(*) OVER ()), so a paged page keeps the query count it had when it showed every row."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window

TOTAL = "paging_total"


def page_in_one_query(queryset, page_number, per_page: int) -> Page:
    """The `page_number` page (a missing or malformed number: the first; past the end: the last, which
    costs one count) of the ordered `queryset`, as a Paginator's Page whose count needs no query."""
    try:
        number = max(int(page_number), 1)
    except (TypeError, ValueError):
        number = 1
    counted = queryset.annotate(**{TOTAL: Window(Count("pk"))})
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
