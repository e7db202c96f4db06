"""Personas for benefit realisation: two benefit owners (managers) and a project leader, each owner owning
one benefit with its permission granted by the service. The reader and the programme-group member are
the suite's own (tests/conftest.py)."""

import datetime
from decimal import Decimal

import pytest

from benefits.models import Benefit
from benefits.services import benefit_save
from portfolio.services import project_set_people
from tests.factories import ProjectFactory, UserFactory


@pytest.fixture
def owner(db):
    return UserFactory(username="gevinstejer", is_manager=True, email="ejer@example.org")


@pytest.fixture
def other_owner(db):
    return UserFactory(username="anden-ejer", is_manager=True, email="anden@example.org")


@pytest.fixture
def leader(db):
    return UserFactory(username="leder")


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


def make_financial_benefit(project, owner, **fields):
    """A financial benefit in kroner: one that the totals count."""
    return make_benefit(project, owner, **{"unit": Benefit.Unit.KR, "is_financial": True, **fields})


@pytest.fixture
def benefit(project, owner):
    return make_benefit(project, owner)


@pytest.fixture
def other_benefit(project, other_owner):
    return make_benefit(project, other_owner, title="Licensudgifter")
