"""schemathesis against the live OpenAPI schema (/api/schema/): every operation, generated requests with a
valid token; no server error, and every answer matches the schema (its content type and its body)."""

import datetime
from decimal import Decimal

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import openapi
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from benefits.services import business_case_save
from governance.bodies import services as body_services
from governance.plans import services as plan_services
from portfolio.models import Milestone, ProjectSystem, Risk
from tests.factories import (
    BenefitFactory,
    BenefitMeasurementFactory,
    DecisionFactory,
    ITSystemFactory,
    ReportingPeriodFactory,
    StatusReportFactory,
    body,
    current_focus_area,
)

pytestmark = pytest.mark.django_db

# Examples per operation: enough to try every filter's kind of value, and the whole run stays under a minute.
EXAMPLES = 15
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


@pytest.fixture
def objects(led_project, governance_objects):
    """A project with a submitted report and a draft, a benefit with a measurement, a business case, a
    milestone, a risk and a system; the governance objects below."""
    StatusReportFactory(project=led_project, period=ReportingPeriodFactory())
    draft = StatusReportFactory(project=led_project, state="draft", submitted_at=None)
    measurement = BenefitMeasurementFactory(benefit=BenefitFactory(project=led_project))
    case = business_case_save(
        actor=None, project=led_project, amounts={("investment", "consultancy", 0): Decimal("1000")}
    )
    milestone = Milestone.objects.create(project=led_project, title="Udbud", due_date="2026-05-01")
    risk = Risk.objects.create(project=led_project, title="Forsinkelse", probability=3, consequence=4)
    system = ITSystemFactory(kle_numbers=["00.01"])
    ProjectSystem.objects.create(project=led_project, system=system)
    return {
        "/api/v1/projects/{id}/": led_project.pk,
        "/api/v1/status-reports/{id}/": draft.pk,
        "/api/v1/benefits/{id}/": measurement.benefit_id,
        "/api/v1/measurements/{id}/": measurement.pk,
        "/api/v1/business-cases/{id}/": case.pk,
        "/api/v1/milestones/{id}/": milestone.pk,
        "/api/v1/risks/{id}/": risk.pk,
        "/api/v1/systems/{id}/": system.pk,
        "/api/v1/focus-areas/{id}/": current_focus_area(1).pk,
        **governance_objects,
    }


@pytest.fixture
def governance_objects(led_project, programme_member, steering_member):
    """A meeting of the steering group about the project, with minutes, and its decision; an approved plan
    naming the project; a body."""
    steering = body("styregruppe")
    meeting = body_services.meeting_create(actor=None, body=steering, date=datetime.date(2026, 3, 2))
    body_services.agenda_item_add(actor=None, meeting=meeting, title="Status", project=led_project)
    body_services.meeting_minutes_save(actor=None, meeting=meeting, minutes="Godkendt.")
    decision = DecisionFactory(body=steering, meeting=meeting, project=led_project)
    plan = plan_services.annual_plan_start(actor=programme_member, year=2027)
    plan_services.plan_item_add(actor=programme_member, plan=plan, project=led_project, hours=10)
    plan_services.plan_item_add(actor=programme_member, plan=plan, activity="Kompetenceudvikling")
    plan_services.annual_plan_submit(actor=programme_member, plan=plan)
    plan = plan_services.annual_plan_approve(actor=steering_member, plan=plan)
    return {
        "/api/v1/decisions/{id}/": decision.pk,
        "/api/v1/plans/{id}/": plan.pk,
        "/api/v1/bodies/{id}/": steering.pk,
        "/api/v1/meetings/{id}/": meeting.pk,
    }


@pytest.fixture
def wsgi_application():
    """The portal's WSGI application, called in this process inside the test's transaction. Django closes
    the database connection at each request's start and end, which would end the test's transaction on
    PostgreSQL: as Django's own test client does, the connection stays open meanwhile."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_it_answers_every_operation_by_its_schema_without_a_server_error(
    objects, token_for, project_leader, wsgi_application
):
    # The leader, who sees the draft too.
    data = {"Authorization": f"Bearer {token_for(project_leader)[1]}"}
    schema = openapi.from_wsgi("/api/schema/?format=json", wsgi_application, headers=data)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {
        "/api/v1/projects/",
        "/api/v1/projects/{id}/",
        "/api/v1/status-reports/",
        "/api/v1/status-reports/{id}/",
        "/api/v1/benefits/",
        "/api/v1/benefits/{id}/",
        "/api/v1/measurements/",
        "/api/v1/measurements/{id}/",
        "/api/v1/business-cases/",
        "/api/v1/business-cases/{id}/",
        "/api/v1/decisions/",
        "/api/v1/decisions/{id}/",
        "/api/v1/plans/",
        "/api/v1/plans/{id}/",
        "/api/v1/bodies/",
        "/api/v1/bodies/{id}/",
        "/api/v1/meetings/",
        "/api/v1/meetings/{id}/",
        "/api/v1/milestones/",
        "/api/v1/milestones/{id}/",
        "/api/v1/risks/",
        "/api/v1/risks/{id}/",
        "/api/v1/systems/",
        "/api/v1/systems/{id}/",
        "/api/v1/focus-areas/",
        "/api/v1/focus-areas/{id}/",
    } <= {operation.path for operation in operations}
    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate(headers=data, checks=CHECKS)

        check()
        # Random ids rarely exist: each operation once more on a real object, in JSON and in CSV.
        for query in ({}, {"format": "csv"}):
            path_parameters = {"id": objects[operation.path]} if operation.path in objects else {}
            case = operation.Case(path_parameters=path_parameters, query=query)
            response = case.call_and_validate(headers=data, checks=CHECKS)
            assert response.status_code == 200, (operation.path, query)
