"""The API in Chromium: a person makes a key on "API-nøgler" (shown once), revokes it; the API's Swagger
documentation renders from the portal's own files under the CSP, without a violation; at 1280 and 375 px."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PASSWORD, log_in
from tests.e2e.test_content_security_policy import watched  # noqa: F401 (the fixture)
from tests.factories import ProjectFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 375])
def test_it_makes_shows_once_and_revokes_a_key_and_shows_the_docs(watched, screenshot, width):  # noqa: F811
    UserFactory(username="analytiker", password=PASSWORD)
    ProjectFactory(name="Talegenkendelse")
    page = watched
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "analytiker")
    page.goto("/profile/api-keys/")
    page.get_by_label("Navn").fill("Power BI, styringsrapport")
    page.get_by_label("Gælder i").select_option("30")
    page.get_by_role("button", name="Opret nøgle").click()
    expect(page.get_by_role("heading", name="Din nye nøgle")).to_be_visible()
    token = page.locator("code.api-token").inner_text()
    assert token.startswith("dp_")
    assert no_sideways_scroll(page)
    screenshot(f"created-{width}")
    response = page.request.get("/api/v1/projects/", headers={"Authorization": f"Bearer {token}"})
    assert response.json()["results"][0]["name"] == "Talegenkendelse"

    page.reload()
    expect(page.get_by_role("heading", name="Din nye nøgle")).to_have_count(0)
    page.get_by_role("button", name="Tilbagekald").click()
    expect(page.get_by_text("er tilbagekaldt og virker ikke længere")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(f"revoked-{width}")

    page.goto("/api/docs/")
    expect(page.get_by_text("Digitaliseringsportalens API").first).to_be_visible()
    expect(page.get_by_text("/api/v1/projects/").first).to_be_visible()
    screenshot(f"docs-{width}")
    assert page.violations() == []
