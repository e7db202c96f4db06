"""Fixtures of the indsatsplan tests."""

from decimal import Decimal

import pytest

from governance.plans import services as plan_services
from portfolio.models import Phase
from tests.factories import ProjectFactory, StatusReportFactory, current_focus_area


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
