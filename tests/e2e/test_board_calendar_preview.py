"""The programme group changes the Project Board's interval in a real browser: the form shows which
meetings move and which keep their date before anything is saved, and saves on confirmation (the rules
themselves: tests/governance/board/test_calendar_preview.py)."""

import datetime

import pytest
from playwright.sync_api import expect

from governance.board import services
from governance.bodies.services import membership_start
from portfolio.models import ReportingPeriod
from tests.e2e.axe import axe_violations
from tests.e2e.helpers import PASSWORD, log_in
from tests.factories import StatusReportFactory, UserFactory, body

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def series():
    """Thursdays every 14 days from 9 January 2031; the meeting of 23 January has a submitted report."""
    member = UserFactory(username="programgruppe", first_name="Mads", last_name="Krogh", password=PASSWORD)
    membership_start(actor=None, body=body("programgruppe"), user=member)
    services.board_calendar_save(
        actor=None,
        first_meeting_date=datetime.date(2031, 1, 9),
        interval_days=14,
        deadline_working_days=2,
        horizon_weeks=12,
    )
    services.board_calendar_extend(today=datetime.date(2031, 1, 6))
    StatusReportFactory(period=ReportingPeriod.objects.get(meeting_date=datetime.date(2031, 1, 23)))


def test_it_shows_the_moves_before_it_saves_a_new_interval(page, screenshot, series):
    log_in(page, "programgruppe")
    page.goto("/board/calendar/")
    page.get_by_label("dage mellem møderne").fill("21")
    page.get_by_role("button", name="Gem kalenderen og opret møderne").click()

    expect(page.get_by_role("heading", name="Ændringen er ikke gemt endnu")).to_be_visible()
    moves = page.get_by_role("region", name="Møder, der flyttes")
    expect(moves).to_contain_text("torsdag 6. marts 2031")
    expect(moves).to_contain_text("torsdag 13. marts 2031")
    kept = page.get_by_role("region", name="Møder, der beholder deres dato")
    expect(kept).to_contain_text("torsdag 23. januar 2031")
    expect(kept).to_contain_text("Mødet har indsendte statusrapporter")
    cancelled = page.locator("#preview-cancelled + p + ul")
    expect(cancelled).to_contain_text("torsdag 6. februar 2031")
    screenshot("preview")
    assert axe_violations(page) == []
    assert ReportingPeriod.objects.filter(meeting_date=datetime.date(2031, 3, 6)).exists()

    page.get_by_role("button", name="Gem kalenderen og flyt møderne").click()

    expect(page.get_by_text("Kalenderen er gemt.")).to_be_visible()
    expect(page.get_by_role("heading", name="Project Board", exact=True)).to_be_visible()
    assert not ReportingPeriod.objects.filter(meeting_date=datetime.date(2031, 3, 6)).exists()
    assert ReportingPeriod.objects.get(meeting_date=datetime.date(2031, 2, 6)).cancelled
    assert ReportingPeriod.objects.get(meeting_date=datetime.date(2031, 1, 23)).status_reports.exists()
    screenshot("saved")
