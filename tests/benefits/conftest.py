"""Personas for benefit realisation: two benefit owners (managers), a reader, a project leader and a
member of the programme group; each owner owns one benefit, with its permission granted by the service."""

import datetime
from decimal import Decimal

import pytest

from benefits.models import Benefit
from benefits.services import benefit_save
from governance.bodies.services import membership_start
from portfolio.services import project_set_people
from tests.factories import ProjectFactory, UserFactory, body


@pytest.fixture
def owner(db):
    return UserFactory(username="gevinstejer", is_manager=True, email="ejer@example.org")


@pytest.fixture
def other_owner(db):
    return UserFactory(username="anden-ejer", is_manager=True, email="anden@example.org")


@pytest.fixture
def reader(db):
    return UserFactory(username="laeser")


@pytest.fixture
def leader(db):
    return UserFactory(username="leder")


@pytest.fixture
def programme_member(db):
    person = UserFactory(username="programgruppe-medlem")
    membership_start(actor=None, body=body("programgruppe"), user=person)
    return person


@pytest.fixture
def project(leader):
    project = ProjectFactory(name="Talegenkendelse", phase="gennemfoerelse")
    return project_set_people(actor=None, project=project, leader=leader)


def make_benefit(project, owner, **fields):
    values = {
        "title": "Tid brugt på journalføring",
        "type": Benefit.Type.EFFICIENCY,
        "unit": Benefit.Unit.HOURS,
        "baseline": Decimal("100"),
        "baseline_date": datetime.date(2025, 1, 1),
        "target": Decimal("50"),
        "due_date": datetime.date(2027, 1, 1),
        "measurement_interval_months": 3,
    }
    values.update(fields)
    return benefit_save(actor=None, benefit=Benefit(project=project, owner=owner, **values))


@pytest.fixture
def benefit(project, owner):
    return make_benefit(project, owner)


@pytest.fixture
def other_benefit(project, other_owner):
    return make_benefit(project, other_owner, title="Licensudgifter")
