"""The main pages every policy test visits, and a little of everything they show (used by
tests/test_security_headers.py and tests/e2e/test_content_security_policy.py through the
`main_pages_portfolio` fixture in tests/conftest.py)."""

import datetime

from benefits.models import Benefit
from governance.bodies.services import meeting_create, membership_start
from portfolio.models import Phase
from portfolio.services import project_set_people
from tests.factories import (
    BenefitFactory,
    BenefitMeasurementFactory,
    DecisionFactory,
    ITSystemFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    StatusReportFactory,
    UserFactory,
    body,
)


def build_main_pages_portfolio():
    """A little of everything the main pages show, with a programme group member who leads a project."""
    person = UserFactory(username="programgruppe", is_manager=True)
    membership_start(actor=None, body=body("programgruppe"), user=person)
    period = ReportingPeriodFactory(meeting_date=datetime.date.today() + datetime.timedelta(days=5))
    project = ProjectFactory(name="Digital post", phase=Phase.EXECUTION)
    project_set_people(actor=person, project=project, owner=person, leader=person)
    StatusReportFactory(project=project, period=period, author=person, overall="red")
    StatusReportFactory(period=period, overall="yellow")
    benefit = BenefitFactory(project=project, owner=person, is_financial=True, unit=Benefit.Unit.KR)
    BenefitMeasurementFactory(benefit=benefit, recorded_by=person)
    DecisionFactory(project=project)
    system = ITSystemFactory()
    meeting = meeting_create(actor=person, body=body("programgruppe"), date=datetime.date.today())
    return {
        "person": person,
        "project": project.pk,
        "period": period.pk,
        "system": system.pk,
        "meeting": meeting.pk,
    }


MAIN_PAGES = [
    "/",
    "/projects/",
    "/projects/{project}/",
    "/projects/{project}/status/new/",
    "/projects/mine/",
    "/roadmap/",
    "/focus-areas/",
    "/benefits/",
    "/benefits/mine/",
    "/governance/",
    "/board/",
    "/board/{period}/",
    "/plans/",
    "/plans/handleplan/",
    "/systems/",
    "/systems/new/",
    "/systems/import/",
    "/systems/{system}/edit/",
    "/initiatives/",
    # The minutes are edited on the meeting page.
    "/governance/meetings/{meeting}/",
]
