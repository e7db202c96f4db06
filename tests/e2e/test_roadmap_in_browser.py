"""The roadmap in a real browser: a programme group member opens /roadmap/, moves the window (the heading's
dates change), and follows a bar to its project. On a 375 px phone only the chart scrolls, not the page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.bodies.services import membership_start
from portfolio.models import Milestone, ProjectPhasePlan
from tests.e2e.helpers import PASSWORD, log_in
from tests.factories import ProjectFactory, UserFactory, body

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

D = datetime.timedelta


@pytest.fixture
def roadmap_world():
    member = UserFactory(username="programgruppe", password=PASSWORD)
    membership_start(actor=None, body=body("programgruppe"), user=member)
    today = timezone.localdate()
    project = ProjectFactory(
        number="ND-2026-042", name="Talegenkendelse i journalføringen", phase="gennemfoerelse"
    )
    ProjectPhasePlan.objects.create(
        project=project,
        phase="gennemfoerelse",
        planned_start=today - D(days=30),
        planned_end=today + D(days=200),
    )
    Milestone.objects.create(project=project, title="Pilot", due_date=today + D(days=40))
    ProjectFactory(number="ND-2026-043", name="Fælles borgerlogin", phase="ide")
    return project


def test_it_moves_the_window_and_follows_a_bar_to_its_project(page, live_server, screenshot, roadmap_world):
    log_in(page, "programgruppe")
    page.goto("/roadmap/")
    heading = page.locator("#roadmap-window")
    before = heading.inner_text()
    expect(page.get_by_text("Ingen faseplan – planlæg faserne")).to_be_visible()

    page.get_by_role("link", name=re.compile("måneder senere")).click()
    expect(heading).not_to_have_text(before)
    assert "start=" in page.url
    page.get_by_role("link", name="I dag").click()
    expect(heading).to_have_text(before)
    screenshot("roadmap")

    page.locator("a.roadmap-bar").first.click()
    expect(page).to_have_url(re.compile(rf"/projects/{roadmap_world.pk}/$"))
    expect(page.get_by_role("heading", name="Talegenkendelse i journalføringen")).to_be_visible()
    expect(page.locator("#projekt-koereplan")).to_be_visible()


def test_it_scrolls_only_the_chart_on_a_phone(browser, live_server, roadmap_world):
    context = browser.new_context(
        base_url=live_server.url, locale="da-DK", viewport={"width": 375, "height": 800}
    )
    page = context.new_page()
    try:
        log_in(page, "programgruppe")
        for url in ("/roadmap/", roadmap_world.get_absolute_url()):
            page.goto(url)
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
            region = page.locator(".roadmap-chart").first
            assert region.evaluate("el => el.scrollWidth > el.clientWidth"), url
            assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
    finally:
        context.close()
