"""A benefit owner logs in, opens her benefit, records a measurement with a decimal comma and sees the
achievement change. Another owner sees the same page without the form."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from benefits.models import Benefit
from benefits.services import benefit_save, measurement_record
from tests.e2e.helpers import PASSWORD, log_in
from tests.factories import ProjectFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def her_benefit():
    owner = UserFactory(
        username="gevinstejer",
        first_name="Birgitte",
        last_name="Rasmussen",
        is_manager=True,
        password=PASSWORD,
    )
    UserFactory(username="anden-ejer", is_manager=True, password=PASSWORD)
    today = datetime.date.today()
    project = ProjectFactory(name="Talegenkendelse i journalføringen", phase="realisering")
    benefit = benefit_save(
        actor=None,
        benefit=Benefit(
            project=project,
            owner=owner,
            title="Tid brugt på journalføring",
            type=Benefit.Type.EFFICIENCY,
            unit=Benefit.Unit.HOURS,
            baseline=Decimal(1800),
            baseline_date=today - datetime.timedelta(days=200),
            target=Decimal(1400),
            due_date=today + datetime.timedelta(days=400),
        ),
    )
    measurement_record(
        actor=owner, benefit=benefit, measured_on=today - datetime.timedelta(days=30), value=Decimal(1700)
    )
    return benefit


def test_it_lets_the_owner_record_a_measurement_and_see_the_achievement_change(
    page, live_server, screenshot, her_benefit
):
    log_in(page, "gevinstejer")
    page.goto("/benefits/")
    page.get_by_role("link", name=her_benefit.title).click()
    expect(page.locator("#achievement-value")).to_have_text("25 %")
    screenshot("before")

    page.get_by_label("Værdi (timer)").fill("1.500,5")
    page.get_by_label("Kommentar").fill("Opgjort fra omsorgssystemet")
    page.get_by_role("button", name="Registrér måling").click()

    expect(page.get_by_text("Målingen er registreret.")).to_be_visible()
    expect(page.locator("#achievement-value")).to_have_text("75 %")  # (1500,5 − 1800) / (1400 − 1800)
    expect(page.get_by_role("cell", name="Opgjort fra omsorgssystemet")).to_be_visible()
    screenshot("after")
    assert her_benefit.measurements.count() == 2


def test_it_shows_no_form_to_another_owner(page, live_server, her_benefit):
    log_in(page, "anden-ejer")
    page.goto(f"/benefits/{her_benefit.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(her_benefit.title)
    expect(page.get_by_role("button", name="Registrér måling")).to_have_count(0)
