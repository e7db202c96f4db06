"""The steering group's dashboard in a real browser: a steering group member opens it, clicks the red
cell of a focus area and lands on the project list filtered to exactly those projects."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.bodies.services import membership_start
from portfolio.models import Phase
from tests.e2e.helpers import PASSWORD, log_in
from tests.factories import (
    ProjectFactory,
    ReportingPeriodFactory,
    StatusReportFactory,
    UserFactory,
    body,
    current_focus_area,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def portfolio():
    today = timezone.localdate()
    period = ReportingPeriodFactory(meeting_date=today + datetime.timedelta(days=5))
    area = current_focus_area(2)
    red = [
        ProjectFactory(
            number="R-001", name="Fælles sprogteknologi", phase=Phase.EXECUTION, focus_areas=[area]
        ),
        ProjectFactory(number="R-002", name="Nyt lønsystem", phase=Phase.ANALYSIS, focus_areas=[area]),
    ]
    green = ProjectFactory(number="G-001", name="Digital post", phase=Phase.EXECUTION, focus_areas=[area])
    elsewhere = ProjectFactory(
        number="R-003", name="Sensorer", phase=Phase.EXECUTION, focus_areas=[current_focus_area(4)]
    )
    for project in [*red, elsewhere]:
        StatusReportFactory(project=project, period=period, overall="red")
    StatusReportFactory(project=green, period=period, overall="green")
    return area


def test_it_opens_the_dashboard_and_follows_a_red_cell_to_the_filtered_list(
    page, live_server, screenshot, portfolio
):
    member = UserFactory(username="styregruppe", first_name="Lene", last_name="Bech", password=PASSWORD)
    membership_start(actor=None, body=body("styregruppe"), user=member)

    page.goto("/")
    log_in(page, "styregruppe", go=False)
    expect(page.get_by_role("heading", name="Overblik over digitaliseringsporteføljen")).to_be_visible()
    expect(page.get_by_role("heading", name="Statuskort: de seneste 1 Project Board-møder")).to_be_visible()
    screenshot("dashboard")

    row = page.locator("#status-fokus-tabel tbody tr", has_text=f"{portfolio.number}. {portfolio.title}")
    red_cell = row.locator("td").nth(0).get_by_role("link")
    expect(red_cell).to_have_text("2")
    red_cell.click()

    expect(page.get_by_role("heading", name="Projekter", exact=True)).to_be_visible()
    rows = page.locator("#project-results tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Fælles sprogteknologi")
    expect(rows.nth(1)).to_contain_text("Nyt lønsystem")
    expect(page.get_by_label("Samlet status")).to_have_value("red")
    expect(page.get_by_label("Kun aktive projekter")).to_be_checked()
    screenshot("filtered-list")
