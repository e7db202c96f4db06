"""The portfolio tests' two project leaders and their projects, and the status tests' Project Board
periods; the reader and the programme-group member are the suite's own (tests/conftest.py)."""

import pytest

from portfolio.services import project_set_people
from tests.factories import ProjectFactory, UserFactory
from tests.portfolio.status_forms import period_in


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


@pytest.fixture
def period(db):
    """The current Project Board period: its meeting is still ahead (a test file may define its own)."""
    return period_in(days=7)


@pytest.fixture
def past_period(db):
    return period_in(days=-7)
