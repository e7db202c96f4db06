"""No drop-down on a main page offers Django's "---------": a required one asks "Vælg …", an optional one
offers "Ingen" (or the form's own wording)."""

import pytest

from tests.main_pages import MAIN_PAGES

pytestmark = pytest.mark.django_db


def test_it_never_shows_django_dashes_in_a_drop_down(client, main_pages_portfolio):
    client.force_login(main_pages_portfolio["person"])
    pages_with_dashes = []
    for template in MAIN_PAGES:
        path = template.format(**main_pages_portfolio)
        response = client.get(path)
        assert response.status_code == 200, path
        if ">---------</option>" in response.content.decode():
            pages_with_dashes.append(path)
    assert pages_with_dashes == []


def test_it_asks_to_choose_in_a_required_drop_down_and_offers_none_in_an_optional_one(
    client, main_pages_portfolio
):
    client.force_login(main_pages_portfolio["person"])
    html = client.get(f"/projects/{main_pages_portfolio['project']}/edit/").content.decode()
    anchoring = html[html.index('name="anchoring"') :]
    initiative = html[html.index('name="national_initiative"') :]
    assert anchoring[: anchoring.index("</option>")].endswith("Vælg …")
    assert initiative[: initiative.index("</option>")].endswith("Ingen")
