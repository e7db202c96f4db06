"""On a phone the header is Det Fælles Designsystem's: a Menu button opens a drawer with the main menu,
the user's name and Log af; on a desktop the menu bar shows and the button does not."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PASSWORD, log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def person(db):
    return UserFactory(username="mobil", first_name="Mette", last_name="Mobil", password=PASSWORD)


def test_it_opens_the_menu_drawer_on_a_phone_and_follows_a_link(page, live_server, person, screenshot):
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, person.username)
    page.goto("/projects/")
    desktop_menu = page.get_by_role("navigation", name="Hovedmenu", exact=True)
    expect(desktop_menu).to_be_hidden()
    drawer = page.get_by_role("dialog", name="Menu")
    expect(drawer).to_be_hidden()

    page.get_by_role("button", name="Menu").click()

    expect(drawer).to_be_visible()
    expect(drawer.get_by_text("Mette Mobil")).to_be_visible()
    expect(drawer.get_by_role("button", name="Log af")).to_be_visible()
    expect(drawer.get_by_role("link", name="Projekter", exact=True)).to_have_attribute("aria-current", "page")
    # The drawer keeps the keyboard: focus starts on its first control, Escape closes it.
    expect(drawer.get_by_role("button", name="Luk")).to_be_focused()
    screenshot("drawer-open")
    page.keyboard.press("Escape")
    expect(drawer).to_be_hidden()

    page.get_by_role("button", name="Menu").click()
    drawer.get_by_role("link", name="Gevinster").click()
    expect(page).to_have_url(f"{live_server.url}/benefits/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_it_logs_out_from_the_drawer(page, live_server, person):
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, person.username)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("dialog", name="Menu").get_by_role("button", name="Log af").click()
    page.goto("/projects/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/projects/")


def test_it_shows_the_menu_bar_and_no_menu_button_on_a_desktop(page, live_server, person):
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, person.username)
    page.goto("/benefits/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    menu = page.get_by_role("navigation", name="Hovedmenu", exact=True)
    expect(menu.get_by_role("link", name="Gevinster")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("banner").get_by_role("button", name="Log af")).to_be_visible()
