import pytest

from governance.bodies.services import membership_start
from portfolio.services import project_set_people
from tests.factories import ProjectFactory, UserFactory, body


@pytest.fixture
def leader(db):
    return UserFactory(username="leder")


@pytest.fixture
def other_leader(db):
    return UserFactory(username="anden-leder")


@pytest.fixture
def reader(db):
    return UserFactory(username="laeser")


@pytest.fixture
def project(leader):
    project = ProjectFactory(name="Talegenkendelse")
    return project_set_people(actor=None, project=project, leader=leader)


@pytest.fixture
def other_project(other_leader):
    project = ProjectFactory(name="Monopolbrud")
    return project_set_people(actor=None, project=project, leader=other_leader)


@pytest.fixture
def programme_member(db):
    """A member of the programme group, with the rights the group's membership brings."""
    person = UserFactory(username="programgruppe-medlem")
    membership_start(actor=None, body=body("programgruppe"), user=person)
    return person
