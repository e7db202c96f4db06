"""Creating a project and planning its phases in a real browser: a programme group member presses Nyt
projekt, picks focus area and deputy with the searchable multi-select (types in the filter, ticks a
deputy, hears the count), and lands on the project page, which invites planning; the new leader plans the
phases and sees them in the project's phase table."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.bodies.services import membership_start
from portfolio.models import Project, ProjectPhasePlan
from tests.e2e.helpers import PASSWORD, log_in
from tests.factories import OrgUnitFactory, UserFactory, body

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def people():
    member = UserFactory(username="programgruppe", first_name="Mads", last_name="Krogh", password=PASSWORD)
    membership_start(actor=None, body=body("programgruppe"), user=member)
    leader = UserFactory(username="leder", first_name="Liv", last_name="Leder", password=PASSWORD)
    deputy = UserFactory(username="dorte", first_name="Dorte", last_name="Dahl", password=PASSWORD)
    UserFactory(username="erik", first_name="Erik", last_name="Eskildsen")
    OrgUnitFactory(name="Sundhed og Omsorg")
    return member, leader, deputy


def test_it_creates_a_project_with_the_searchable_multi_select_and_plans_its_phases(browser, page, people):
    member, leader, deputy = people
    page.set_default_timeout(30_000)  # a busy machine: the first page of a live server can be slow
    log_in(page, "programgruppe")
    page.goto("/projects/")
    page.get_by_role("link", name="Nyt projekt").click()
    expect(page.get_by_role("heading", name="Nyt projekt")).to_be_visible()

    page.get_by_label("Navn").fill("Digital nattevagt")
    page.get_by_label("Forankring").select_option(label="Sundhed og Omsorg")
    # The focus areas: filter, then tick the one left.
    focus_filter = page.get_by_label("Søg blandt fokusområder")
    focus_filter.fill("velfærdsforløb")
    visible_areas = page.locator("#id_focus_areas li:not([hidden])")
    expect(visible_areas).to_have_count(1)
    visible_areas.get_by_role("checkbox").check()
    page.get_by_label("Fase", exact=True).select_option(label="Analyse")
    page.get_by_label("Projektleder").select_option(label="Liv Leder")

    # The deputies: type in the filter, the others are hidden, tick Dorte, the count is read out.
    deputy_filter = page.get_by_label("Søg blandt personer")
    deputy_filter.fill("dor")
    expect(page.get_by_role("checkbox", name="Erik Eskildsen")).to_be_hidden()
    deputy_filter.press("Enter")  # Enter in the filter does not send the form
    expect(page.get_by_role("heading", name="Nyt projekt")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first visible checkbox, by keyboard
    expect(page.get_by_role("checkbox", name="Dorte Dahl")).to_be_checked()
    count = page.locator("#id_deputies_count")
    expect(count).to_have_attribute("aria-live", "polite")
    expect(count).to_contain_text("1 valgt: Dorte Dahl")
    deputy_filter.fill("")
    expect(page.get_by_role("checkbox", name="Erik Eskildsen")).to_be_visible()

    page.get_by_role("button", name="Opret projekt").click()
    number = f"ND-{timezone.localdate().year}-001"
    expect(page.get_by_text(f"er oprettet som {number}")).to_be_visible()
    project = Project.objects.get(name="Digital nattevagt")
    assert project.number == number and list(project.deputies.all()) == [deputy]
    assert project.leader == leader
    expect(page.get_by_role("link", name="Planlæg faserne")).to_be_visible()

    # The leader plans the phases in a browser of his own.
    context = browser.new_context(base_url=page.url.split("/projects/")[0], locale="da-DK")
    own = context.new_page()
    own.set_default_timeout(30_000)
    log_in(own, "leder")
    own.goto(f"/projects/{project.pk}/")
    own.get_by_role("link", name="Planlæg faserne").click()
    analysis = own.get_by_role("group", name="Analyse")
    analysis.get_by_label("Forventet start").fill("2026-02-02")
    analysis.get_by_label("Forventet slut").fill("2026-01-15")
    own.get_by_role("button", name="Gem faseplanen").click()
    expect(own.get_by_text("Forventet slut ligger før forventet start")).to_be_visible()
    own.get_by_role("group", name="Analyse").get_by_label("Forventet slut").fill("2026-04-30")
    execution = own.get_by_role("group", name="Gennemførelse")
    execution.get_by_label("Forventet start").fill("2026-05-01")
    execution.get_by_label("Forventet slut").fill("2026-12-18")
    own.get_by_role("button", name="Gem faseplanen").click()
    expect(own.get_by_text("Faseplanen er gemt.")).to_be_visible()
    phases = own.locator("table.phase-table")
    expect(phases).to_contain_text("2. feb. 2026")
    expect(phases).to_contain_text("18. dec. 2026")
    expect(own.get_by_role("link", name="Redigér faseplan")).to_be_visible()
    plan = ProjectPhasePlan.objects.get(project=project, phase="gennemfoerelse")
    assert plan.planned_end == datetime.date(2026, 12, 18)
    context.close()
