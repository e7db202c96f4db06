"""Capacity in a real browser: a programme group member opens /capacity/, sees a unit over-allocated,
turns on "Med udkastet" and sees the figure change, follows the cell to the projects behind it; on a
phone (375 px) the page itself does not scroll sideways (the table scrolls in its own region)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.bodies.services import membership_start
from governance.models import AnnualPlan
from portfolio.models import OrgUnit, Phase, ResourceNeed, UnitCapacity
from tests.e2e.helpers import PASSWORD, log_in
from tests.factories import ProjectFactory, UserFactory, body

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGE_WIDER_THAN_SCREEN = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"


@pytest.fixture
def world():
    member = UserFactory(username="programgruppe", first_name="Mads", last_name="Krogh", password=PASSWORD)
    membership_start(actor=None, body=body("programgruppe"), user=member)
    year = timezone.localdate().year + 1
    social = OrgUnit.objects.create(name="Social og Sundhed", kind=OrgUnit.Kind.FORVALTNING)
    OrgUnit.objects.create(name="IT og Digitalisering", kind=OrgUnit.Kind.AFDELING, is_central_it=True)
    running = ProjectFactory(name="Digital pleje", anchoring=social, phase=Phase.EXECUTION)
    new = ProjectFactory(name="Ny borgerapp", anchoring=social, phase=Phase.IDEA)
    ResourceNeed.objects.create(project=running, org_unit=social, year=year, quarter=1, hours=520)
    for quarter in (1, 2, 3, 4):
        UnitCapacity.objects.create(org_unit=social, year=year, quarter=quarter, hours=400)
    draft = AnnualPlan.objects.create(year=year, version=1)
    draft.items.create(rank=1, project=new, hours=800)  # 200 a quarter on Social og Sundhed
    return year


def test_it_shows_an_overbooked_unit_and_the_effect_of_the_draft(page, live_server, screenshot, world):
    year = world
    log_in(page, "programgruppe")
    page.goto(f"/capacity/?start={year}-1")
    table = page.get_by_role("region", name="Kapacitet pr. enhed og kvartal")
    row = table.locator("tbody tr", has_text="Social og Sundhed")
    expect(row.locator("td").first).to_contain_text("520 / 400")
    expect(row.locator("td").first).to_contain_text("⚠ Overbooket med 120 timer")
    expect(row.locator("td").nth(1)).to_contain_text("0 / 400")
    screenshot("alle")

    page.get_by_role("link", name="Med udkastet").click()
    expect(page.get_by_role("link", name="✓ Med udkastet")).to_be_visible()
    expect(row.locator("td").first).to_contain_text("720 / 400")
    expect(row.locator("td").first).to_contain_text("⚠ Overbooket med 320 timer")
    expect(row.locator("td").nth(1)).to_contain_text("200 / 400")
    assert "scenario=draft" in page.url

    row.locator("td").first.get_by_role("link").click()
    expect(page.get_by_role("heading", name=f"Social og Sundhed, K1 {year}")).to_be_visible()
    expect(page.get_by_role("row", name="Digital pleje")).to_contain_text("520")
    expect(page.get_by_role("row", name="Ny borgerapp")).to_contain_text("200")

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/capacity/?start={year}-1&scenario=draft")
    expect(row).to_be_visible()
    assert not page.evaluate(PAGE_WIDER_THAN_SCREEN)
    screenshot("375")
