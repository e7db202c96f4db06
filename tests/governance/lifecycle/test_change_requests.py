"""A change of course: the leader asks the body that owns the project's mandate; approved at a held
meeting it updates the forecast end date, the budget and the business case, with the decision linked."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from benefits.models import BusinessCaseLine
from governance.lifecycle import services
from governance.models import Decision, ProjectRequest
from portfolio.models import Phase, Project, ProjectPhasePlan
from tests.governance.lifecycle.conftest import client_for, held_meeting, upcoming_meeting

pytestmark = pytest.mark.django_db
NEW_END = datetime.date(2031, 6, 30)


@pytest.fixture
def running(led_project):
    Project.objects.filter(pk=led_project.pk).update(
        phase=Phase.EXECUTION, budget=Decimal("100000"), end_date=datetime.date(2030, 12, 31)
    )
    led_project.refresh_from_db()
    ProjectPhasePlan.objects.create(
        project=led_project, phase=Phase.EXECUTION, planned_end=datetime.date(2030, 12, 31)
    )
    return led_project


def _form(client, project):
    page = client.get(reverse("governance:change-request-create", args=[project.pk]))
    assert page.status_code == 200
    return {"submit_token": page.context["form"]["submit_token"].value()}


def test_it_approves_a_change_and_updates_forecast_budget_and_business_case(
    running, project_leader, programme_member
):
    meeting = held_meeting("programgruppe")
    leader = client_for(project_leader)
    data = {
        **_form(leader, running),
        "reason": "Leverandøren er forsinket.",
        "scope_change": "Modul 3 udgår.",
        "new_end_date": "2031-06-30",
        "budget_change": "250.000",
    }
    response = leader.post(reverse("governance:change-request-create", args=[running.pk]), data)
    assert response.status_code == 302
    change = ProjectRequest.objects.get()
    # Gennemførelse was entered through the programme group's gate: its mandate.
    assert change.body.slug == "programgruppe" and change.agenda_item.meeting == meeting
    assert change.budget_change == Decimal("250000")
    before = running.history.count()

    member = client_for(programme_member)
    page = member.get(reverse("governance:request-detail", args=[change.pk]))
    assert "Godkend med betingelser" not in page.content.decode() and "Send tilbage" in page.content.decode()
    answer = member.post(
        reverse("governance:request-answer", args=[change.pk]),
        {"outcome": "passed", "submit_token": page.context["answer_form"]["submit_token"].value()},
    )
    assert answer.status_code == 302
    change.refresh_from_db()
    running.refresh_from_db()
    assert change.state == "passed" and change.decision.kind == Decision.Kind.ORDINARY
    assert change.decision.project == running and change.decision.meeting == meeting
    assert running.end_date == NEW_END and running.budget == Decimal("350000")
    assert running.history.count() == before + 1
    assert ProjectPhasePlan.objects.get(project=running, phase=Phase.EXECUTION).planned_end == NEW_END
    line = BusinessCaseLine.objects.get(business_case__project=running, category="investment")
    assert line.amount == Decimal("250000") and line.history.count() == 1
    assert "Ændringsanmodning" in member.get(running.get_absolute_url()).content.decode()


def test_it_takes_a_decrease_off_the_investment_never_below_zero(running, project_leader, programme_member):
    held_meeting("programgruppe")
    change = services.change_request_create(
        actor=project_leader, project=running, reason="Billigere licens.", budget_change=Decimal("-40000")
    )
    services.request_answer(actor=programme_member, project_request=change, outcome="passed")
    running.refresh_from_db()
    assert running.budget == Decimal("60000")
    assert not BusinessCaseLine.objects.filter(business_case__project=running, amount__lt=0).exists()


def test_it_refuses_a_budget_below_zero(running, project_leader):
    client = client_for(project_leader)
    data = {**_form(client, running), "reason": "Spar", "budget_change": "-100.001"}
    response = client.post(reverse("governance:change-request-create", args=[running.pk]), data)
    assert response.status_code == 400 and "negativt" in response.content.decode()
    with pytest.raises(ValidationError):
        services.change_request_create(
            actor=project_leader, project=running, reason="Spar", budget_change=Decimal("-200000")
        )
    assert not ProjectRequest.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"reason": ""},
        {"reason": "Noget", "new_end_date": "31-02-2031"},
        {"reason": "Noget", "new_end_date": "1900-01-01"},
        {"reason": "Noget", "budget_change": "mange penge"},
        {"reason": "Noget"},
    ],
)
def test_it_refuses_bad_input_without_a_500(running, project_leader, data):
    client = client_for(project_leader)
    response = client.post(
        reverse("governance:change-request-create", args=[running.pk]), {**_form(client, running), **data}
    )
    assert response.status_code == 400
    assert not ProjectRequest.objects.exists()


def test_it_returns_a_change_and_changes_nothing(running, project_leader, programme_chair):
    held_meeting("programgruppe")
    change = services.change_request_create(
        actor=project_leader, project=running, reason="Mere tid", new_end_date=NEW_END
    )
    with pytest.raises(ValidationError):
        services.request_answer(actor=programme_chair, project_request=change, outcome="conditions", text="x")
    services.request_answer(
        actor=programme_chair, project_request=change, outcome="returned", text="Ikke nu."
    )
    running.refresh_from_db()
    change.refresh_from_db()
    assert change.state == "returned" and running.end_date == datetime.date(2030, 12, 31)


@pytest.mark.parametrize("persona", ["reader", "programme_secretary", "steering_member"])
def test_it_refuses_requests_and_answers_from_others(request, running, project_leader, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(reverse("governance:change-request-create", args=[running.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.change_request_create(actor=user, project=running, reason="x", new_end_date=NEW_END)
    held_meeting("programgruppe")
    change = services.change_request_create(
        actor=project_leader, project=running, reason="x", new_end_date=NEW_END
    )
    assert (
        client.post(reverse("governance:request-answer", args=[change.pk]), {"outcome": "passed"}).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.request_answer(actor=project_leader, project_request=change, outcome="passed")
    running.refresh_from_db()
    assert running.end_date == datetime.date(2030, 12, 31)


def test_it_sends_changes_to_the_body_of_the_current_mandate(running, project_leader):
    Project.objects.filter(pk=running.pk).update(phase=Phase.REALISATION)
    running.refresh_from_db()
    change = services.change_request_create(
        actor=project_leader, project=running, reason="x", scope_change="y"
    )
    assert change.body.slug == "styregruppe"
    Project.objects.filter(pk=running.pk).update(project_model=Project.ProjectModel.LIGHT)
    running.refresh_from_db()
    change = services.change_request_create(
        actor=project_leader, project=running, reason="x", scope_change="y"
    )
    assert change.body.slug == "programgruppe"


def test_it_refuses_a_change_before_the_meeting(running, project_leader, programme_chair):
    upcoming_meeting("programgruppe")
    change = services.change_request_create(
        actor=project_leader, project=running, reason="x", scope_change="y"
    )
    with pytest.raises(ValidationError, match="besvares på mødet"):
        services.request_answer(actor=programme_chair, project_request=change, outcome="passed")


def test_it_creates_once_when_posted_twice(running, project_leader):
    client = client_for(project_leader)
    data = {**_form(client, running), "reason": "x", "scope_change": "y"}
    url = reverse("governance:change-request-create", args=[running.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert ProjectRequest.objects.count() == 1
