"""A programme group secretary records, at the group's meeting, a decision that escalates a project's
requested decision to the steering group; a steering group member then sees it waiting."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.bodies.services import membership_start
from governance.models import AgendaItem, Decision, Meeting, Membership
from tests.e2e.conftest import SCREENSHOT_DIR
from tests.e2e.helpers import PASSWORD, log_in
from tests.factories import ProjectFactory, StatusReportFactory, UserFactory, body

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REQUEST = "Vi beder om 200 konsulenttimer til udrulningen."
ESCALATION = "Programgruppen kan ikke finansiere timerne og eskalerer ønsket til styregruppen."


def test_it_escalates_a_request_and_the_steering_group_sees_it_waiting(
    browser, live_server, screenshot, page
):
    # The programme group's chair: an escalation is the body's decision, not its secretary's note.
    secretary = UserFactory(username="pg-formand", password=PASSWORD)
    membership_start(actor=None, body=body("programgruppe"), user=secretary, role=Membership.Role.CHAIR)
    steering = UserFactory(username="sg-medlem", password=PASSWORD)
    membership_start(actor=None, body=body("styregruppe"), user=steering)
    project = ProjectFactory(name="Office 365")
    report = StatusReportFactory(project=project, decisions_needed=REQUEST)
    meeting = Meeting.objects.create(body=body("programgruppe"), date=timezone.localdate())
    item = AgendaItem.objects.create(
        meeting=meeting, order=1, title="Ønsket beslutning: Office 365", project=project, requested_in=report
    )

    page.goto(f"/governance/meetings/{meeting.pk}/")
    log_in(page, secretary.username, go=False)
    expect(page).to_have_url(re.compile(rf"/governance/meetings/{meeting.pk}/$"))
    page.get_by_text("Registrér beslutning", exact=True).first.click()
    page.locator("#decision-agenda-item").select_option(str(item.pk))
    page.locator("#decision-kind").select_option("escalation")
    page.locator("#decision-text").fill(ESCALATION)
    screenshot("meeting-decision-form")
    page.get_by_role("button", name="Registrér beslutning").click()

    expect(page.get_by_role("status").first).to_contain_text("eskaleret til")
    # Back on the meeting page (the form carries `next`), the escalation is among its decisions.
    expect(page.get_by_text(ESCALATION).first).to_be_visible()
    escalation = Decision.objects.get()
    assert escalation.kind == "escalation" and escalation.requested_in == report
    # Its own page shows the trail: the request from the status report, waiting for the steering group.
    page.goto(f"/governance/decisions/{escalation.pk}/")
    expect(page.get_by_text("Afventer", exact=False).first).to_be_visible()
    expect(page.get_by_text(REQUEST)).to_be_visible()
    screenshot("escalation-recorded")

    other = browser.new_context(base_url=live_server.url, locale="da-DK")
    try:
        steering_page = other.new_page()
        steering_page.goto("/governance/decisions/awaiting/")
        log_in(steering_page, steering.username, go=False)
        expect(steering_page).to_have_url(f"{live_server.url}/governance/decisions/awaiting/")
        waiting = steering_page.get_by_role("table").filter(has_text=ESCALATION)
        expect(waiting).to_contain_text("Office 365")
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        steering_page.screenshot(path=str(SCREENSHOT_DIR / "escalation-awaiting.png"), full_page=True)
        steering_page.get_by_role("link", name=ESCALATION).click()
        expect(
            steering_page.get_by_role("heading", name=re.compile("styregruppe", re.I)).first
        ).to_be_visible()
    finally:
        other.close()
