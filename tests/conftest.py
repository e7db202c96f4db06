"""Fixtures shared by the whole suite."""

import datetime
from decimal import Decimal

import pytest

from governance.bodies.services import membership_start
from governance.models import Membership
from governance.plans import services as plan_services
from portfolio.models import Phase, User
from portfolio.services import project_set_people
from tests import services
from tests.factories import ProjectFactory, StatusReportFactory, UserFactory, body, current_focus_area
from tests.main_pages import build_main_pages_portfolio


@pytest.fixture(scope="session")
def require_service():
    """`require_service("postgresql" | "redis" | "chromium")`: skip locally, fail in CI, if it is missing."""
    return services.require_service


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Factories hash a password per user; PBKDF2 would make up much of the suite's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_caches():
    """The dashboard caches its HTML under a change count kept in the database; each test's rollback
    resets that count, so a cache left by one test must not answer the next."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield


# --- personas ---------------------------------------------------------------------------------------------
# One person per role, declared once for the whole suite (governance, portfolio, benefits and the rest). Their
# rights are the real ones: memberships are made by governance.bodies.services.membership_start (actor=None,
# so no appointer is checked), which puts the person in the body's group as governance/roles.py says;
# a project's leader gets change_project and report_status from portfolio.services.project_set_people. Every
# membership starts on 1 January 2025, so it holds on any date a test works with. A test that needs someone
# else (another body, a second person of a role, a name printed in a PDF) keeps a local fixture with a
# name of its own.

PERSONAS_SINCE = datetime.date(2025, 1, 1)


def _member_of(slug, username, role=Membership.Role.MEMBER):
    """A new user with a membership of the body `slug` in `role` since PERSONAS_SINCE, read back fresh (no
    permission cache from before the membership)."""
    person = UserFactory(username=username)
    membership_start(actor=None, body=body(slug), user=person, role=role, start_date=PERSONAS_SINCE)
    return User.objects.get(pk=person.pk)


@pytest.fixture
def reader(db):
    """Any employee: logged in, in no body, leads nothing; reads the portfolio and nothing more."""
    return UserFactory(username="laeser")


@pytest.fixture
def led_project(db):
    """The project "Talegenkendelse", led by `project_leader`."""
    person = UserFactory(username="leder")
    return project_set_people(actor=None, project=ProjectFactory(name="Talegenkendelse"), leader=person)


@pytest.fixture
def project_leader(led_project):
    """Leader of `led_project` (change_project and report_status on it, given by the service); no body."""
    return led_project.leader


@pytest.fixture
def benefit_owner(db):
    """A manager (only managers own benefits) with an e-mail address for the benefit reminders."""
    return UserFactory(username="gevinstejer", is_manager=True, email="ejer@example.org")


@pytest.fixture
def steering_member(db):
    """Member of the steering group (styregruppe): gives its decisions (approves the plan, funds ideas,
    passes its gates, answers escalations)."""
    return _member_of("styregruppe", "styregruppe-medlem")


@pytest.fixture
def steering_chair(db):
    """Chair of the steering group: decides with it and appoints to the bodies that answer to it."""
    return _member_of("styregruppe", "styreformand", Membership.Role.CHAIR)


@pytest.fixture
def steering_secretary(db):
    """Secretary of the steering group: keeps its meetings, agendas and minutes; decides nothing."""
    return _member_of("styregruppe", "styresekretaer", Membership.Role.SECRETARY)


@pytest.fixture
def programme_member(db):
    """Permanent member of the programme group: creates and edits every project, drafts the plan, keeps the
    board calendar, passes the early gates."""
    return _member_of("programgruppe", "programgruppe-medlem")


@pytest.fixture
def programme_chair(db):
    """Chair of the programme group: decides with it and appoints to the bodies that answer to it."""
    return _member_of("programgruppe", "pg-formand", Membership.Role.CHAIR)


@pytest.fixture
def programme_secretary(db):
    """Secretary of the programme group: keeps its meetings; decides nothing, edits no project."""
    return _member_of("programgruppe", "pg-sekretaer", Membership.Role.SECRETARY)


@pytest.fixture
def board_secretary(db):
    """Secretary of the Project Board: keeps its meetings and generates its report; no global permission."""
    return _member_of("project-board", "pb-sekretaer", Membership.Role.SECRETARY)


@pytest.fixture
def direktion_chair(db):
    """Chair of the direktion: appoints the members of the bodies that answer to it (the steering group, the
    IT-security group)."""
    return _member_of("direktion", "direktoer", Membership.Role.CHAIR)


@pytest.fixture
def direktion_secretary(db):
    """Secretary of the direktion: appoints to the bodies that answer to it, as the body above does."""
    return _member_of("direktion", "direktionssekretaer", Membership.Role.SECRETARY)


@pytest.fixture
def iod_member(db):
    """Member of the innovation group IOD: proposes ideas and scores the ideas of others."""
    return _member_of("iod", "iod-medlem")


@pytest.fixture
def iod_secretary(db):
    """Secretary of the IOD: keeps the IOD's meetings, not another body's."""
    return _member_of("iod", "iod-sekretaer", Membership.Role.SECRETARY)


@pytest.fixture
def security_secretary(db):
    """Secretary of the IT-security group: keeps its meetings; its members are appointed by the direktion."""
    return _member_of("it-sikkerhedsgruppe", "sikkerhedssekretaer", Membership.Role.SECRETARY)


@pytest.fixture
def admin_user(db):
    """The system administrator (staff and superuser). Replaces pytest-django's fixture of the same name."""
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def main_pages_portfolio():
    """A little of everything the main pages show, with a programme-group member who leads a project
    (`person`) and the ids tests/main_pages.MAIN_PAGES is formatted with. No `db` here: the browser test
    that uses it asks for a transactional database itself."""
    return build_main_pages_portfolio()


@pytest.fixture
def approved(programme_member, steering_member):
    """The 2027 plan drafted by the programme group and approved by the steering group, with four ranked
    projects and one activity: (plan, programme_member, steering_member)."""
    programme, steering = programme_member, steering_member
    plan = plan_services.annual_plan_start(actor=programme, year=2027)
    names = ["Digital post", "Talegenkendelse", "Monopolbrud", "Selvbetjening"]
    for index, name in enumerate(names):
        project = ProjectFactory(number=f"P-{index + 1:03d}", name=name, phase=Phase.EXECUTION)
        StatusReportFactory(project=project, overall="yellow")
        plan_services.plan_item_add(
            actor=programme,
            plan=plan,
            project=project,
            rationale=f"Begrundelse {index + 1}",
            hours=10 * (index + 1),
            amount=Decimal(1000),
            focus_areas=[current_focus_area(1 + index % 2)],
        )
    plan_services.plan_item_add(actor=programme, plan=plan, activity="Kompetenceløft")
    last = plan.items.get(project__name="Selvbetjening")
    plan_services.plan_item_move(actor=programme, item=last, direction="up")
    plan_services.annual_plan_submit(actor=programme, plan=plan)
    plan = plan_services.annual_plan_approve(actor=steering, plan=plan)
    return plan, programme, steering
