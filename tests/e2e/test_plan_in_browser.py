"""The indsatsplan in a real browser: a programme group member starts next year's draft, ranks it with
the Op/Ned buttons (htmx) and submits it; the secretary of both groups sees no approve button (she
decides nothing); a steering group member approves it in a browser of her own; the secretary has the PDF
made (Celery runs eagerly here) and downloads it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.bodies.services import membership_start
from governance.models import AnnualPlan, Membership
from tests.e2e.helpers import PASSWORD, log_in
from tests.factories import ProjectFactory, UserFactory, body

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("eager_celery_and_private_media"),
]


@pytest.fixture
def people():
    member = UserFactory(username="programgruppe", first_name="Mads", last_name="Krogh", password=PASSWORD)
    membership_start(actor=None, body=body("programgruppe"), user=member)
    chair = UserFactory(username="styregruppe", first_name="Lene", last_name="Bech", password=PASSWORD)
    membership_start(actor=None, body=body("styregruppe"), user=chair)
    secretary = UserFactory(username="sekretaer", first_name="Bente", last_name="Holm", password=PASSWORD)
    membership_start(actor=None, body=body("programgruppe"), user=secretary, role=Membership.Role.SECRETARY)
    membership_start(actor=None, body=body("styregruppe"), user=secretary, role=Membership.Role.SECRETARY)
    ProjectFactory(name="Talegenkendelse i journalføringen", phase="gennemfoerelse")
    ProjectFactory(name="Fælles borgerlogin", phase="analyse")
    return member, chair, secretary


def _add_item(page, project_name, rationale):
    select = page.locator("#punkter select[name=project], select[name=project]").first
    option = select.locator("option", has_text=project_name).first
    select.select_option(value=option.get_attribute("value"))
    page.get_by_label("Begrundelse").fill(rationale)
    page.get_by_role("button", name="Tilføj punktet").click()
    expect(page.get_by_text("Punktet er tilføjet nederst i prioriteringen.")).to_be_visible()


def test_it_ranks_submits_approves_and_downloads_the_plan(browser, page, live_server, screenshot, people):
    year = timezone.localdate().year + 1

    # The programme group member starts the draft and ranks it.
    log_in(page, "programgruppe")
    page.goto("/plans/")
    page.get_by_label("År").fill(str(year))
    page.get_by_role("button", name="Opret kladde").click()
    expect(page.get_by_text(f"Kladden til indsatsplanen for {year} er oprettet.")).to_be_visible()
    _add_item(page, "Talegenkendelse i journalføringen", "Frigør tid i hjemmeplejen")
    _add_item(page, "Fælles borgerlogin", "Lovkrav fra 2027")

    rows = page.locator("#plan-items tbody tr")
    expect(rows.nth(0)).to_contain_text("Talegenkendelse i journalføringen")
    page.get_by_role("button", name="Flyt Fælles borgerlogin op").click()
    expect(rows.nth(0)).to_contain_text("Fælles borgerlogin")
    expect(rows.nth(1)).to_contain_text("Talegenkendelse i journalføringen")
    screenshot("ranked")
    page.get_by_role("button", name="Send til styregruppen").click()
    expect(page.get_by_text("Indsatsplanen er sendt til godkendelse i styregruppen.")).to_be_visible()
    # The submitter herself is offered no approval either.
    expect(page.get_by_role("button", name="Godkend planen")).to_have_count(0)

    # The secretary of the steering group sees the submitted plan, but no button to approve it.
    page.context.clear_cookies()
    log_in(page, "sekretaer")
    page.goto(f"/plans/{year}/")
    expect(page.get_by_role("heading", name="Send til styregruppen")).to_have_count(0)
    expect(page.locator("body")).to_contain_text("Til godkendelse")
    expect(page.get_by_role("button", name="Godkend planen")).to_have_count(0)
    expect(page.get_by_role("button", name="Send tilbage")).to_have_count(0)
    screenshot("secretary-sees-no-approval")

    # The steering group member approves it in a browser context of her own.
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    context.set_default_timeout(10_000)
    steering = context.new_page()
    try:
        log_in(steering, "styregruppe")
        steering.goto(f"/plans/{year}/")
        steering.get_by_role("button", name="Godkend planen").click()
        expect(steering.get_by_text("Indsatsplanen er godkendt")).to_be_visible()
    finally:
        context.close()
    plan = AnnualPlan.objects.get(year=year)
    assert plan.status == AnnualPlan.Status.APPROVED
    assert [item["project_name"] for item in plan.approved_snapshot["items"]] == [
        "Fælles borgerlogin",
        "Talegenkendelse i journalføringen",
    ]

    # The secretary downloads the PDF: a plan this size is printed by the download itself, the one action.
    page.context.clear_cookies()
    log_in(page, "sekretaer")
    page.goto(f"/plans/{year}/")
    expect(page.get_by_role("button", name="Dan PDF")).to_have_count(0)
    screenshot("pdf-ready")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent planen som PDF").first.click()
    download = download_info.value
    assert download.suggested_filename == f"indsatsplan-{year}-v1.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"
