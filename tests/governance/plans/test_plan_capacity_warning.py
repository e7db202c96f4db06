"""The indsatsplan warns (on /plans/<year>/) when the plan, a draft or awaiting approval, would
over-allocate a unit in a quarter of its year: the capacity page's "Med udkastet" for that plan."""

import re

import pytest

from governance.models import AnnualPlan
from governance.plans import services as plan_services
from portfolio.models import OrgUnit, Phase, ResourceNeed, UnitCapacity
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(db):
    return {
        "social": OrgUnit.objects.create(name="Social og Sundhed", kind=OrgUnit.Kind.FORVALTNING),
        "it": OrgUnit.objects.create(
            name="IT og Digitalisering", kind=OrgUnit.Kind.AFDELING, is_central_it=True
        ),
    }


@pytest.fixture
def plan(units, programme_member):
    """The 2027 draft with a project of Social og Sundhed (800 hours, no resource plan: 200 a quarter)."""
    project = ProjectFactory(name="Ny borgerapp", anchoring=units["social"], phase=Phase.IDEA)
    plan = plan_services.annual_plan_start(actor=programme_member, year=2027)
    plan_services.plan_item_add(actor=programme_member, plan=plan, project=project, hours=800)
    for quarter in (1, 2, 3, 4):
        UnitCapacity.objects.create(org_unit=units["social"], year=2027, quarter=quarter, hours=250)
        UnitCapacity.objects.create(org_unit=units["it"], year=2027, quarter=quarter, hours=100)
    return plan


def _text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_it_warns_naming_unit_quarter_and_hours_over(client, reader, plan, units):
    other = ProjectFactory(anchoring=units["social"], phase=Phase.EXECUTION)
    ResourceNeed.objects.create(project=other, org_unit=units["social"], year=2027, quarter=2, hours=130)
    client.force_login(reader)
    response = client.get("/plans/2027/")
    text = _text(response)
    assert "⚠ Planen overbooker enheder i 2027" in text
    assert (
        "Social og Sundhed er overbooket med 80 timer i K2 2027 (330 timer mod en kapacitet på 250)." in text
    )
    assert "K1 2027" not in text.split("Planen overbooker")[1].split("Se kapaciteten")[0]
    assert 'href="/capacity/?scenario=draft&amp;start=2027-1"' in response.content.decode()


def test_it_does_not_warn_while_the_plan_fits(client, reader, plan):
    client.force_login(reader)
    assert "Planen overbooker" not in _text(client.get("/plans/2027/"))


def test_it_warns_for_a_submitted_plan_and_not_for_an_approved_one(
    client, reader, plan, units, programme_member, steering_member
):
    ResourceNeed.objects.create(
        project=ProjectFactory(anchoring=units["social"], phase=Phase.ANALYSIS),
        org_unit=units["social"],
        year=2027,
        quarter=1,
        hours=100,
    )
    client.force_login(reader)
    plan_services.annual_plan_submit(actor=programme_member, plan=plan)
    assert "overbooket med 50 timer i K1 2027" in _text(client.get("/plans/2027/"))
    plan_services.annual_plan_approve(actor=steering_member, plan=AnnualPlan.objects.get(pk=plan.pk))
    assert "Planen overbooker" not in _text(client.get("/plans/2027/"))


def test_it_names_units_asked_for_hours_with_no_capacity_recorded(client, reader, plan, programme_member):
    plan_services.plan_item_add(actor=programme_member, plan=plan, activity="Kompetenceløft", hours=40)
    UnitCapacity.objects.filter(org_unit__is_central_it=True).update(hours=0)
    client.force_login(reader)
    text = _text(client.get("/plans/2027/"))
    assert "Ingen kapacitet registreret for IT og Digitalisering i 2027" in text


def test_it_leaves_out_a_project_whose_resource_plan_has_hours_that_year(client, reader, plan, units):
    project = plan.items.get().project
    ResourceNeed.objects.create(project=project, org_unit=units["social"], year=2027, quarter=3, hours=300)
    client.force_login(reader)
    text = _text(client.get("/plans/2027/"))
    assert "overbooket med 50 timer i K3 2027" in text
    assert "K1 2027" not in text.split("Planen overbooker")[1].split("Se kapaciteten")[0]
