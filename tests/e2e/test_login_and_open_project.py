"""A person logs in through the real login page and opens a project from the project list."""

import re

import pytest
from playwright.sync_api import expect

from focusareas.models import FocusArea, StrategyPeriod
from tests.factories import ProjectFactory, StrategyPeriodFactory, UserFactory

pytestmark = [
    pytest.mark.e2e,
    # The live server reads committed data; data migrations' rows are restored for each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "korrekt-hest-batteri-hæfteklamme"


def a_current_focus_area() -> FocusArea:
    area = FocusArea.objects.filter(period__is_current=True).order_by("number").first()
    if area is not None:
        return area
    period = StrategyPeriod.objects.current().first() or StrategyPeriodFactory(is_current=True)
    return FocusArea.objects.create(period=period, number=1, title="Borgernes digitale velfærd")


def log_in(page, username: str, password: str) -> None:
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()


def test_it_logs_in_and_opens_a_project(page, live_server, screenshot):
    user = UserFactory(username="projektleder", password=PASSWORD)
    project = ProjectFactory(name="Digital post til alle borgere", focus_areas=[a_current_focus_area()])

    page.goto("/projects/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/projects/$"))

    log_in(page, user.username, PASSWORD)

    expect(page).to_have_url(f"{live_server.url}/projects/")
    screenshot("project-list")
    page.get_by_role("link", name=project.name, exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/projects/{project.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(project.name)
    screenshot("project-page")


def test_it_shows_a_danish_error_and_stays_on_login_page_for_a_wrong_password(page, live_server, screenshot):
    user = UserFactory(username="projektleder", password=PASSWORD)

    page.goto("/accounts/login/")
    log_in(page, user.username, "forkert-kodeord")

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("alert")).to_contain_text("Indtast venligst korrekt brugernavn og adgangskode")
    expect(page.get_by_role("button", name="Log ind")).to_be_visible()
    screenshot("wrong-password")
