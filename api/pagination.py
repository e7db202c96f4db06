from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N` (and `page_size` up to 1000); every answer gives `count`, `next` and `previous`."""

    page_size_query_param = "page_size"
    max_page_size = 1000
    invalid_page_message = "Siden findes ikke."
