"""A small world for the capacity page: three units, projects with resource plans, capacities, and the
2027 plans (an approved one, a draft)."""

import datetime

import pytest
from django.utils import timezone

from governance.models import AnnualPlan
from portfolio.models import OrgUnit, Phase, Project, ResourceNeed, UnitCapacity
from portfolio.services import project_set_people
from tests.factories import ProjectFactory, UserFactory


def need(project, unit, year, quarter, hours):
    return ResourceNeed.objects.create(
        project=project, org_unit=unit, year=year, quarter=quarter, hours=hours
    )


def approved_plan(year, version=1):
    return AnnualPlan.objects.create(
        year=year,
        version=version,
        status=AnnualPlan.Status.APPROVED,
        approved_at=timezone.now(),
        approved_snapshot={"items": []},
    )


@pytest.fixture
def world(db):
    social = OrgUnit.objects.create(name="Social og Sundhed", kind=OrgUnit.Kind.FORVALTNING)
    care = OrgUnit.objects.create(name="Hjemmeplejen", kind=OrgUnit.Kind.AFDELING, parent=social)
    school = OrgUnit.objects.create(name="Børn og Skole", kind=OrgUnit.Kind.FORVALTNING)
    it = OrgUnit.objects.create(name="IT og Digitalisering", kind=OrgUnit.Kind.AFDELING, is_central_it=True)
    leader = UserFactory(username="hanne", first_name="Hanne", last_name="Holm")
    a = project_set_people(
        actor=None,
        project=ProjectFactory(number="P-A", name="Digital pleje", anchoring=care, phase=Phase.EXECUTION),
        leader=leader,
    )
    b = ProjectFactory(
        number="P-B", name="Skoleintra", anchoring=school, phase=Phase.ANALYSIS, kind=Project.Kind.IOD
    )
    closed = ProjectFactory(number="P-C", name="Lukket", anchoring=social, phase=Phase.CLOSED)
    archived = ProjectFactory(
        number="P-D", name="Arkiveret", anchoring=social, phase=Phase.EXECUTION, archived=True
    )
    e = ProjectFactory(number="P-E", name="Ny borgerapp", anchoring=social, phase=Phase.IDEA)
    need(a, social, 2027, 1, 300)
    need(a, it, 2027, 1, 100)
    need(b, social, 2027, 1, 200)
    need(closed, social, 2027, 1, 500)
    need(archived, social, 2027, 1, 500)
    need(a, social, 2029, 1, 999)  # outside the window 2027-1 .. 2028-4
    UnitCapacity.objects.create(org_unit=social, year=2027, quarter=1, hours=400)
    UnitCapacity.objects.create(org_unit=school, year=2027, quarter=1, hours=1000)
    approved = approved_plan(2027)
    approved.items.create(rank=1, project=a, hours=1000)
    draft = AnnualPlan.objects.create(year=2027, version=2, status=AnnualPlan.Status.DRAFT)
    draft.items.create(rank=1, project=a, hours=1000)  # A has a 2027 resource plan: not added again
    draft.items.create(rank=2, project=e, hours=400)  # E has none: 100 a quarter on Social og Sundhed
    draft.items.create(rank=3, activity="Kompetenceløft", hours=80)  # 20 a quarter on IT
    return {
        "social": social,
        "school": school,
        "it": it,
        "a": a,
        "b": b,
        "e": e,
        "leader": leader,
        "today": datetime.date(2026, 12, 1),
    }
