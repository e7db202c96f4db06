"""The portfolio tests' two project leaders and their projects; the reader and the programme-group
member are the suite's own (tests/conftest.py)."""

import pytest

from portfolio.services import project_set_people
from tests.factories import ProjectFactory, UserFactory


@pytest.fixture
def leader(db):
    return UserFactory(username="leder")


@pytest.fixture
def other_leader(db):
    return UserFactory(username="anden-leder")


@pytest.fixture
def project(leader):
    project = ProjectFactory(name="Talegenkendelse")
    return project_set_people(actor=None, project=project, leader=leader)


@pytest.fixture
def other_project(other_leader):
    project = ProjectFactory(name="Monopolbrud")
    return project_set_people(actor=None, project=project, leader=other_leader)
