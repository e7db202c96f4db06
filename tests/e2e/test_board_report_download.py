"""A secretary generates the Project Board's status report on /board/<pk>/ and downloads the PDF; a
reader watching a report being rendered sees the page update itself (htmx) until the link appears.

Celery runs eagerly in the live server's process here: pressing "Generér nu" renders the real PDF
before the page comes back. The worker path is covered by tests/integration/test_board_report_worker.py.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.bodies.services import membership_start
from governance.models import BoardReport
from portfolio.services import project_set_people
from tests.e2e.helpers import PASSWORD, log_in
from tests.factories import ProjectFactory, ReportingPeriodFactory, StatusReportFactory, UserFactory, body

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("eager_celery_and_private_media"),
]


@pytest.fixture
def meeting():
    today = timezone.localdate()
    period = ReportingPeriodFactory(
        start_date=today - datetime.timedelta(days=12),
        reporting_deadline=today,
        meeting_date=today + datetime.timedelta(days=2),
    )
    leader = UserFactory(username="projektleder", first_name="Camilla", last_name="Søndergaard")
    project = ProjectFactory(name="Talegenkendelse i journalføringen", phase="gennemfoerelse")
    project_set_people(actor=None, project=project, leader=leader)
    StatusReportFactory(project=project, period=period, author=leader, overall="yellow")
    secretary = UserFactory(username="sekretaer", first_name="Bente", last_name="Holm", password=PASSWORD)
    membership_start(actor=None, body=body("project-board"), user=secretary, role="secretary")
    UserFactory(username="laeser", password=PASSWORD)
    return period


def test_it_lets_a_secretary_generate_the_report_and_download_the_pdf(page, screenshot, meeting):
    log_in(page, "sekretaer")
    page.goto(f"/board/{meeting.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Project Board")
    expect(page.get_by_text("Statusrapporten til mødet er ikke dannet endnu.")).to_be_visible()
    screenshot("before")

    page.get_by_role("button", name="Generér nu").click()

    expect(page.get_by_text("Statusrapporten er bestilt.")).to_be_visible()
    status = page.locator("#board-report-status")
    expect(status).to_contain_text("Færdig")
    expect(page.get_by_role("button", name="Generér igen")).to_be_visible()
    screenshot("done")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent rapporten (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"project-board-{meeting.meeting_date:%Y-%m-%d}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert BoardReport.objects.get(period=meeting).requested_by.username == "sekretaer"


def test_it_updates_a_running_report_by_itself_until_the_link_appears(page, screenshot, meeting, settings):
    report = BoardReport.objects.create(
        period=meeting, status=BoardReport.Status.RUNNING, progress=42, task_id="e2e", attempts=1
    )
    log_in(page, "laeser")
    page.goto(f"/board/{meeting.pk}/")
    status = page.locator("#board-report-status")
    expect(status).to_contain_text("Genereres")
    expect(status).to_contain_text("42 %")
    expect(page.locator("progress")).to_have_attribute("value", "42")
    expect(page.get_by_role("button", name=re.compile("Generér"))).to_have_count(0)  # a reader
    screenshot("running")

    # The worker finishes: the page polls (every 2 s) and shows the link without a reload.
    (settings.MEDIA_ROOT / "board_reports").mkdir(parents=True)
    (settings.MEDIA_ROOT / "board_reports" / "e2e.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    report.status, report.progress, report.file = BoardReport.Status.DONE, 100, "board_reports/e2e.pdf"
    report.finished_at = timezone.now()
    report.save()

    expect(page.get_by_role("link", name="Hent rapporten (PDF)")).to_be_visible(timeout=8_000)
    expect(status).to_contain_text("Færdig")
    expect(status).not_to_have_attribute("hx-trigger", re.compile("every"))
