from django.core.paginator import Paginator
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N` (and `page_size` up to 1000); every answer gives `count`, `next` and `previous`."""

    page_size_query_param = "page_size"
    max_page_size = 1000
    invalid_page_message = "Siden findes ikke."


class PlannedPagePaginator(Paginator):
    """Django's Paginator that counts the rows as they are but reads a page through `page_rows`: for a
    condition that helps the database plan a page and would only slow the count."""

    @staticmethod
    def page_rows(queryset):
        return queryset

    def page(self, number):
        # Paginator.page, with the page's rows read through page_rows.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.page_rows(self.object_list)[bottom:top], number, self)
