"""A project leader's fortnight in the browser: find her project, report status with a red light,
and see it in the project's history. A reader sees the same page without the edit buttons."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from portfolio.models import StatusReport
from portfolio.services import project_set_people
from tests.e2e.helpers import PASSWORD, log_in
from tests.factories import ProjectFactory, ReportingPeriodFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def portfolio_with_her_project():
    leader = UserFactory(
        username="projektleder", first_name="Camilla", last_name="Søndergaard", password=PASSWORD
    )
    UserFactory(username="laeser", password=PASSWORD)
    ReportingPeriodFactory(meeting_date=datetime.date.today() + datetime.timedelta(days=5))
    mine = ProjectFactory(name="Talegenkendelse i journalføringen", phase="gennemfoerelse")
    project_set_people(actor=None, project=mine, leader=leader)
    ProjectFactory(name="Monopolbruddet", phase="analyse")
    return mine


def test_it_lets_a_leader_filter_open_and_submit_a_report_with_a_red_light(
    page, live_server, screenshot, portfolio_with_her_project
):
    project = portfolio_with_her_project
    log_in(page, "projektleder")

    page.goto("/projects/")
    page.get_by_label("Søg").fill("Talegenkendelse")
    page.get_by_role("button", name="Filtrér").click()
    expect(page).to_have_url(re.compile(r"q=Talegenkendelse"))
    expect(page.get_by_role("link", name="Monopolbruddet")).to_have_count(0)
    screenshot("filtered-list")

    page.get_by_role("link", name=project.name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(project.name)
    page.get_by_role("link", name="Skriv statusrapport").click()

    def dimension(name):
        return page.locator("fieldset", has=page.locator("legend", has_text=re.compile(f"^{name}$")))

    dimension("Samlet status").get_by_label("Gul").check()
    dimension("Økonomi").get_by_label("Rød").check()
    page.get_by_role("button", name="Indsend").click()
    expect(page.get_by_text("Et rødt lys kræver en kommentar.").first).to_be_visible()
    screenshot("red-needs-comment")

    dimension("Økonomi").get_by_role("textbox").fill(
        "Licensprisen er steget 30 %; vi beder styregruppen om en ramme."
    )
    page.get_by_role("button", name="Indsend").click()

    report = StatusReport.objects.get(project=project)
    assert report.is_submitted and report.economy == "red" and report.overall == "yellow"
    page.goto(f"/projects/{project.pk}/")
    history = page.locator("section", has=page.get_by_role("heading", name="Statushistorik"))
    expect(history.get_by_text("Rød")).to_be_visible()
    screenshot("history-with-red")


def test_it_hides_the_edit_buttons_from_a_reader(page, live_server, portfolio_with_her_project):
    project = portfolio_with_her_project
    log_in(page, "laeser")
    page.goto(f"/projects/{project.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(project.name)
    expect(page.get_by_role("link", name="Skriv statusrapport")).to_have_count(0)
    expect(page.get_by_role("link", name="Redigér projektet")).to_have_count(0)
    expect(page.get_by_text("Tilføj milepæl")).to_have_count(0)
