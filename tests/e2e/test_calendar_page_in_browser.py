"""The page Kalender in Chromium: reached from the link by the user's name (the header on a desktop, the
drawer on a phone), an address made and shown in its field, a body's public calendar switched on; no
sideways scroll at 375 px. Screenshots at 1280 and 375 px for a look."""

import pytest
from playwright.sync_api import expect

from governance.models import Body
from tests.e2e.helpers import PASSWORD, log_in
from tests.governance.calendars.feeds import read

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def chair(steering_chair):
    steering_chair.set_password(PASSWORD)
    steering_chair.save(update_fields=["password"])
    return steering_chair


def test_it_makes_an_address_and_switches_the_public_calendar_on_a_desktop(page, chair, screenshot, client):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, chair.username)
    page.locator(".portal-user").get_by_role("link", name="Kalender").click()
    expect(page.get_by_role("heading", name="Kalender", level=1)).to_be_visible()

    page.get_by_role("button", name="Lav adresse").click()
    address = page.get_by_label("Adresse til dit kalenderprogram")
    url = address.input_value()
    assert url.startswith("http://127.0.0.1:8000/calendar/") and url.endswith(".ics")
    page.get_by_role("button", name="Slå til for Tværgående digitaliseringsstyregruppe").click()
    expect(page.get_by_text("er slået til.")).to_be_visible()
    screenshot("1280")

    read(client.get(url.removeprefix("http://127.0.0.1:8000")))
    found = Body.objects.get(slug="styregruppe")
    read(client.get(f"/calendar/bodies/styregruppe/{found.public_calendar_token}.ics"))


def test_it_reaches_the_page_from_the_drawer_on_a_phone(page, chair, screenshot):
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, chair.username)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("dialog", name="Menu").get_by_role("link", name="Kalender").click()
    page.get_by_role("button", name="Lav adresse").click()
    page.get_by_role("button", name="Slå til for Tværgående digitaliseringsstyregruppe").click()
    expect(page.get_by_label("Adresse til dit kalenderprogram")).to_be_visible()

    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot("375")
