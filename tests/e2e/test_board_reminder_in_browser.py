"""The Project Board's secretary opens the meeting's page, sends a reminder about a missing status report,
and sees it logged: on the project's row and in Sendte påmindelser; the same day the row says when the
next may be sent instead of offering the button (the service's refusal: test_board_reminders_manual.py)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from governance.bodies.services import membership_start
from portfolio.services import project_set_people
from tests.e2e.helpers import PASSWORD, log_in
from tests.factories import ProjectFactory, ReportingPeriodFactory, UserFactory, body

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def meeting():
    today = timezone.localdate()
    period = ReportingPeriodFactory(
        start_date=today - datetime.timedelta(days=10),
        reporting_deadline=today + datetime.timedelta(days=2),
        meeting_date=today + datetime.timedelta(days=4),
    )
    leader = UserFactory(username="projektleder", first_name="Camilla", last_name="Søndergaard")
    deputy = UserFactory(username="stedfortraeder", first_name="Jonas", last_name="Frandsen")
    project = ProjectFactory(number="ND-2026-001", name="Talegenkendelse", phase="gennemfoerelse")
    project_set_people(actor=None, project=project, leader=leader, deputies=[deputy])
    secretary = UserFactory(username="sekretaer", first_name="Bente", last_name="Holm", password=PASSWORD)
    membership_start(actor=None, body=body("project-board"), user=secretary, role="secretary")
    return period


def test_it_lets_the_secretary_send_a_reminder_and_see_it_logged(page, screenshot, meeting):
    log_in(page, "sekretaer")
    page.goto(f"/board/{meeting.pk}/")
    missing = page.locator("section", has=page.get_by_role("heading", name="Mangler statusrapport"))
    expect(missing).to_contain_text("ND-2026-001")
    expect(missing).to_contain_text("Stedfortræder: Jonas Frandsen")
    expect(missing).to_contain_text("Ikke sendt")
    screenshot("before")

    missing.get_by_role("button", name="Send påmindelse om ND-2026-001").click()

    expect(
        page.get_by_text("Påmindelsen om ND-2026-001 er sendt til Camilla Søndergaard og Jonas Frandsen.")
    ).to_be_visible()
    log = page.get_by_role("region", name="Sendte påmindelser")
    expect(log).to_contain_text("Camilla Søndergaard, Jonas Frandsen")
    expect(log).to_contain_text("Bente Holm")
    expect(missing).to_contain_text("af Bente Holm")
    assert len(mail.outbox) == 1
    screenshot("sent")

    # Within a day the row says when the next may go instead of offering the button.
    expect(missing).to_contain_text("Næste påmindelse kan sendes")
    expect(missing.get_by_role("button", name="Send påmindelse om ND-2026-001")).to_have_count(0)
