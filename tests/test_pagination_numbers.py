"""The shared paging line (templates/includes/pagination.html) writes its numbers the Danish way, as the
lists' own "Viser … af N" lines do: "punkt 1.001–1.050", not "1001–1050"."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def test_it_writes_large_numbers_with_danish_thousands_separators():
    request = RequestFactory().get("/plans/2027/?page=21&q=x")
    page = Paginator(range(1_200), 50).page(21)

    html = render_to_string("includes/pagination.html", {"page": page, "noun": "punkt"}, request=request)

    assert "Side 21 af 24 · punkt 1.001–1.050" in html
    assert "q=x" in html  # the other query parameters are kept
