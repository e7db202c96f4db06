"""Each person logs in and lands on a start page showing their own work (a reader: the dashboard), on a
desktop and on a phone with no sideways scroll, and axe finds no serious or critical violation."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.bodies.services import membership_start
from governance.models import AnnualPlan, Idea, Meeting, Membership
from portfolio.models import StatusReport
from portfolio.services import project_set_people
from tests.e2e.axe import axe_violations
from tests.e2e.helpers import PASSWORD, log_in
from tests.factories import ProjectFactory, ReportingPeriodFactory, StatusReportFactory, UserFactory, body

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = (1280, 375)


@pytest.fixture
def people(db):
    """The demo's roles in small: a project leader with a correction under way, a steering group member
    with the indsatsplan awaiting approval, a secretary of the Project Board, an IOD member and a reader."""
    today = timezone.localdate()
    period = ReportingPeriodFactory(meeting_date=today + datetime.timedelta(days=7))
    earlier = ReportingPeriodFactory(meeting_date=today - datetime.timedelta(days=7))
    users = {
        name: UserFactory(username=name, first_name=name.capitalize(), password=PASSWORD)
        for name in ("projektleder", "styregruppe", "sekretaer", "iod", "laeser")
    }
    project = ProjectFactory(name="Borgerblikket", phase="gennemfoerelse")
    project_set_people(actor=None, project=project, leader=users["projektleder"])
    submitted = StatusReportFactory(project=project, period=earlier, author=users["projektleder"])
    StatusReport.objects.create(
        project=project,
        period=earlier,
        version=2,
        supersedes=submitted,
        author=users["projektleder"],
        state=StatusReport.State.DRAFT,
    )
    for slug, name, role in (
        ("styregruppe", "styregruppe", Membership.Role.MEMBER),
        ("project-board", "sekretaer", Membership.Role.SECRETARY),
        ("iod", "iod", Membership.Role.MEMBER),
    ):
        membership_start(actor=None, body=body(slug), user=users[name], role=role)
    AnnualPlan.objects.create(year=today.year + 1, status=AnnualPlan.Status.SUBMITTED)
    Idea.objects.create(title="Droner til tagsyn", proposer=users["laeser"])
    Meeting.objects.create(body=body("project-board"), date=period.meeting_date, reporting_period=period)
    return users


# What each person sees first on landing: the part of the start page with their own work.
LANDS_ON = {
    "projektleder": ("Dit arbejde i portalen", "Rettelse af statusrapporten"),
    "styregruppe": ("Dit arbejde i portalen", "til godkendelse"),
    "sekretaer": ("Dit arbejde i portalen", "mangler statusrapport til Project Board"),
    "iod": ("Dit arbejde i portalen", "Droner til tagsyn"),
    "laeser": ("Overblik over digitaliseringsporteføljen", "Statuskort"),
}


@pytest.mark.parametrize("username", list(LANDS_ON))
def test_it_lands_each_person_on_their_own_start_page(page, live_server, people, username, screenshot):
    heading, work = LANDS_ON[username]
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        log_in(page, username)
        page.goto("/")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.get_by_text(work).first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert axe_violations(page) == []
        screenshot(f"{width}")
        page.context.clear_cookies()


def test_it_takes_the_leader_to_her_correction_in_one_click(page, live_server, people):
    log_in(page, "projektleder")
    page.goto("/")
    page.get_by_role("link", name="Rettelse af statusrapporten for").click()
    expect(page).to_have_url(re.compile(r"/projects/\d+/status/\d+/edit/$"))
