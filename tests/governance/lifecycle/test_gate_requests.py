"""A gate: the leader asks, the request goes on the deciding body's next meeting, the body's chair or a
member answers at the held meeting, and only a pass moves the phase (start-checklist rule kept; baseline
frozen on passing into gennemførelse). Readers, outsiders, the secretary and the requester answer nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from governance.bodies.services import meeting_create
from governance.lifecycle import services
from governance.models import Decision, ProjectRequest
from portfolio.models import Phase, Project, ProjectPhasePlan
from tests.factories import BenefitFactory, body
from tests.governance.lifecycle.conftest import client_for, held_meeting, upcoming_meeting

pytestmark = pytest.mark.django_db


def _post_gate(client, project, **ticks):
    page = client.get(reverse("governance:gate-request-create", args=[project.pk]))
    form = page.context["form"]
    data = {"version": form.initial["version"], "submit_token": form["submit_token"].value()}
    for item in form.items:
        if ticks.get(item["key"], item["done"]):
            data[f"done_{item['key']}"] = "on"
        data[f"note_{item['key']}"] = ""
    data.update({k: v for k, v in ticks.items() if k.startswith("note_")})
    return client.post(reverse("governance:gate-request-create", args=[project.pk]), data), data


def _ask(project, leader):
    return services.gate_request_create(actor=leader, project=project, to_phase=_next(project), answers={})


def _next(project):
    order = [Phase.IDEA, Phase.ANALYSIS, Phase.EXECUTION, Phase.REALISATION]
    return order[order.index(project.phase) + 1]


def test_it_walks_request_agenda_decision_phase_change(ready_project, project_leader, programme_chair):
    meeting = held_meeting("programgruppe")
    ProjectPhasePlan.objects.create(
        project=ready_project, phase=Phase.EXECUTION, planned_end=datetime.date(2031, 1, 1)
    )
    leader = client_for(project_leader)
    page = leader.get(ready_project.get_absolute_url()).content.decode()
    assert "Anmod om fasegodkendelse" in page and "Anmod om ændring" in page

    response, _ = _post_gate(leader, ready_project, note_projektgrundlag="Godkendt af ejer")
    request = ProjectRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "governance:request-detail", args=[request.pk]
    )
    assert request.body.slug == "programgruppe" and request.agenda_item.meeting == meeting
    assert (request.from_phase, request.to_phase) == (Phase.ANALYSIS, Phase.EXECUTION)
    labels = [item["label"] for item in request.checklist]
    assert labels[:4] == ["Projektgrundlag", "Business case", "Risikolog", "Styregruppeaftale"]
    assert request.checklist[0]["note"] == "Godkendt af ejer"
    project_page = leader.get(ready_project.get_absolute_url()).content.decode()
    assert "Afventer beslutning" in project_page and "Anmod om fasegodkendelse" not in project_page

    chair = client_for(programme_chair)
    detail = chair.get(reverse("governance:request-detail", args=[request.pk]))
    assert "Registrér svaret" in detail.content.decode()
    assert (
        "Besvar anmodningen"
        in chair.get(reverse("governance:meeting-detail", args=[meeting.pk])).content.decode()
    )
    answer = chair.post(
        reverse("governance:request-answer", args=[request.pk]),
        {
            "outcome": "passed",
            "text": "",
            "submit_token": detail.context["answer_form"]["submit_token"].value(),
        },
    )
    assert answer.status_code == 302
    request.refresh_from_db()
    ready_project.refresh_from_db()
    assert request.state == ProjectRequest.State.PASSED
    assert request.decision.kind == Decision.Kind.PHASE_GATE and request.decision.meeting == meeting
    assert request.decision.agenda_item == request.agenda_item
    assert ready_project.phase == Phase.EXECUTION
    assert ready_project.baseline_frozen_on is not None
    plan = ProjectPhasePlan.objects.get(project=ready_project, phase=Phase.EXECUTION)
    assert plan.baseline_end == datetime.date(2031, 1, 1)
    assert "Godkendt" in leader.get(ready_project.get_absolute_url()).content.decode()


def test_it_writes_the_start_items_back_with_history(led_project, project_leader):
    led_project.phase = Phase.IDEA
    led_project.save()
    held_meeting("programgruppe")
    before = led_project.history.count()
    response, _ = _post_gate(
        client_for(project_leader), led_project, dpo_involved=True, climate_considered=True
    )
    assert response.status_code == 302
    led_project.refresh_from_db()
    assert led_project.dpo_involved and led_project.climate_considered and not led_project.it_involved
    assert led_project.history.count() == before + 1
    request = ProjectRequest.objects.get()
    assert len(request.checklist) == 7 and request.to_phase == Phase.ANALYSIS


def test_it_keeps_the_start_checklist_rule_when_passing(led_project, project_leader, programme_member):
    meeting = held_meeting("programgruppe")
    request = _ask(led_project, project_leader)
    with pytest.raises(ValidationError, match="databeskyttelsesrådgiver"):
        services.request_answer(actor=programme_member, project_request=request, outcome="passed")
    request.refresh_from_db()
    led_project.refresh_from_db()
    assert request.is_pending and led_project.phase == Phase.ANALYSIS
    assert not Decision.objects.filter(meeting=meeting).exists()


@pytest.mark.parametrize("persona", ["reader", "programme_secretary", "steering_member", "admin_user"])
def test_it_refuses_answers_from_others(request, ready_project, project_leader, persona):
    held_meeting("programgruppe")
    gate = _ask(ready_project, project_leader)
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert (
        "Registrér svaret"
        not in client.get(reverse("governance:request-detail", args=[gate.pk])).content.decode()
    )
    response = client.post(reverse("governance:request-answer", args=[gate.pk]), {"outcome": "passed"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.request_answer(actor=user, project_request=gate, outcome="passed")
    gate.refresh_from_db()
    ready_project.refresh_from_db()
    assert gate.is_pending and ready_project.phase == Phase.ANALYSIS


def test_it_refuses_the_requesters_own_answer(ready_project, programme_member):
    """A programme-group member who asks for a gate does not pass it."""
    held_meeting("programgruppe")
    gate = _ask(ready_project, programme_member)
    with pytest.raises(PermissionDenied):
        services.request_answer(actor=programme_member, project_request=gate, outcome="passed")
    response = client_for(programme_member).post(reverse("governance:request-answer", args=[gate.pk]), {})
    assert response.status_code == 403


def test_it_refuses_a_request_from_readers_and_outsiders(reader, programme_secretary, ready_project):
    for user in (reader, programme_secretary):
        client = client_for(user)
        assert (
            client.get(reverse("governance:gate-request-create", args=[ready_project.pk])).status_code == 403
        )
        assert "Anmod om fasegodkendelse" not in client.get(ready_project.get_absolute_url()).content.decode()
        with pytest.raises(PermissionDenied):
            _ask(ready_project, user)
    assert not ProjectRequest.objects.exists()


def test_it_refuses_a_second_pending_gate_and_a_gate_not_next(ready_project, project_leader):
    _ask(ready_project, project_leader)
    with pytest.raises(ValidationError, match="allerede en anmodning"):
        _ask(ready_project, project_leader)
    response = client_for(project_leader).get(
        reverse("governance:gate-request-create", args=[ready_project.pk])
    )
    assert response.status_code == 302
    ProjectRequest.objects.update(state=ProjectRequest.State.WITHDRAWN)
    with pytest.raises(ValidationError, match="næste fasegodkendelse"):
        services.gate_request_create(
            actor=project_leader, project=ready_project, to_phase="realisering", answers={}
        )
    assert ProjectRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"project_model": Project.ProjectModel.LIGHT}, "lette model"),
        ({"phase": Phase.CLOSED}, "afsluttet"),
        ({"phase": Phase.REALISATION}, "afslutningsrapport"),
    ],
)
def test_it_refuses_light_finished_and_last_gates(ready_project, project_leader, changes, message):
    Project.objects.filter(pk=ready_project.pk).update(**changes)
    ready_project.refresh_from_db()
    with pytest.raises(ValidationError, match=message):
        services.gate_request_create(
            actor=project_leader, project=ready_project, to_phase="afsluttet", answers={}
        )
    page = client_for(project_leader).get(ready_project.get_absolute_url()).content.decode()
    assert "Anmod om fasegodkendelse" not in page


def test_it_refuses_answers_before_the_meeting_and_offers_no_form(
    ready_project, project_leader, programme_chair
):
    meeting = upcoming_meeting("programgruppe")
    gate = _ask(ready_project, project_leader)
    assert gate.agenda_item.meeting == meeting
    page = (
        client_for(programme_chair).get(reverse("governance:request-detail", args=[gate.pk])).content.decode()
    )
    assert "Registrér svaret" not in page and "afgøres på mødet" in page
    with pytest.raises(ValidationError, match="besvares på mødet"):
        services.request_answer(actor=programme_chair, project_request=gate, outcome="passed")
    response = client_for(programme_chair).post(
        reverse("governance:request-answer", args=[gate.pk]), {"outcome": "passed"}
    )
    assert response.status_code == 400 and "besvares på mødet" in response.content.decode()
    gate.refresh_from_db()
    assert gate.is_pending


def test_it_waits_for_a_meeting_and_is_placed_when_one_is_created(
    ready_project, project_leader, programme_secretary
):
    gate = _ask(ready_project, project_leader)
    assert gate.agenda_item is None
    assert (
        "Afventer et møde"
        in client_for(project_leader).get(ready_project.get_absolute_url()).content.decode()
    )
    meeting = meeting_create(
        actor=programme_secretary, body=body("programgruppe"), date=datetime.date.today()
    )
    gate.refresh_from_db()
    assert gate.agenda_item.meeting == meeting and gate.agenda_item.project == ready_project


def test_it_requires_conditions_and_reasons(ready_project, project_leader, programme_chair):
    held_meeting("programgruppe")
    gate = _ask(ready_project, project_leader)
    client = client_for(programme_chair)
    for outcome in ("conditions", "returned"):
        response = client.post(
            reverse("governance:request-answer", args=[gate.pk]), {"outcome": outcome, "text": " "}
        )
        assert response.status_code == 400 and "Skriv" in response.content.decode()
        with pytest.raises(ValidationError):
            services.request_answer(actor=programme_chair, project_request=gate, outcome=outcome, text="")
    response = client.post(reverse("governance:request-answer", args=[gate.pk]), {"outcome": "bogus"})
    assert response.status_code == 400
    gate.refresh_from_db()
    assert gate.is_pending


def test_it_passes_with_conditions_and_returns(ready_project, project_leader, programme_chair):
    held_meeting("programgruppe")
    gate = _ask(ready_project, project_leader)
    services.request_answer(
        actor=programme_chair, project_request=gate, outcome="returned", text="Business casen mangler."
    )
    gate.refresh_from_db()
    ready_project.refresh_from_db()
    assert gate.state == "returned" and gate.decision.kind == Decision.Kind.ORDINARY
    assert "Business casen mangler." in gate.decision.text and ready_project.phase == Phase.ANALYSIS
    again = _ask(ready_project, project_leader)
    services.request_answer(
        actor=programme_chair, project_request=again, outcome="conditions", text="Ny risikolog."
    )
    again.refresh_from_db()
    ready_project.refresh_from_db()
    assert again.state == "conditions" and again.conditions == "Ny risikolog."
    assert ready_project.phase == Phase.EXECUTION


def test_it_counts_benefit_owners_at_the_realisation_gate(ready_project, project_leader, steering_member):
    Project.objects.filter(pk=ready_project.pk).update(phase=Phase.EXECUTION)
    ready_project.refresh_from_db()
    BenefitFactory(project=ready_project)
    held_meeting("styregruppe")
    gate = services.gate_request_create(
        actor=project_leader,
        project=ready_project,
        to_phase=Phase.REALISATION,
        answers={"gevinstejere": (False, "")},
    )
    assert gate.body.slug == "styregruppe"
    assert gate.checklist[0]["label"] == "Gevinstejere udpeget" and gate.checklist[0]["done"] is True
    services.request_answer(actor=steering_member, project_request=gate, outcome="passed")
    ready_project.refresh_from_db()
    assert ready_project.phase == Phase.REALISATION


def test_it_lets_the_requester_withdraw(ready_project, project_leader, reader):
    gate = _ask(ready_project, project_leader)
    url = reverse("governance:request-withdraw", args=[gate.pk])
    assert client_for(reader).post(url).status_code == 403
    assert client_for(project_leader).post(url).status_code == 302
    gate.refresh_from_db()
    assert gate.state == ProjectRequest.State.WITHDRAWN
    client_for(project_leader).post(url)  # again: a message, no 500
    assert _ask(ready_project, project_leader).is_pending


def test_it_asks_once_when_posted_twice_and_refuses_a_stale_form(ready_project, project_leader):
    held_meeting("programgruppe")
    client = client_for(project_leader)
    first, data = _post_gate(client, ready_project)
    second = client.post(reverse("governance:gate-request-create", args=[ready_project.pk]), data)
    assert first.status_code == 302 and second.status_code in (302, 400)
    assert ProjectRequest.objects.count() == 1
    ProjectRequest.objects.update(state=ProjectRequest.State.WITHDRAWN)
    page = client.get(reverse("governance:gate-request-create", args=[ready_project.pk]))
    form = page.context["form"]
    Project.objects.filter(pk=ready_project.pk).update(version=ready_project.version + 5)
    stale = {"version": form.initial["version"], "submit_token": form["submit_token"].value()}
    response = client.post(reverse("governance:gate-request-create", args=[ready_project.pk]), stale)
    assert response.status_code == 400 and ProjectRequest.objects.filter(state="pending").count() == 0


def test_it_answers_bad_urls_without_a_500(reader):
    client = client_for(reader)
    assert client.get(reverse("governance:request-detail", args=[999999])).status_code == 404
    assert client.get("/requests/abc/").status_code == 404
    assert client.get(reverse("governance:gate-request-create", args=[999999])).status_code == 404


def test_it_offers_the_decision_form_only_at_a_held_meeting(
    ready_project, project_leader, programme_secretary
):
    upcoming = upcoming_meeting("programgruppe")
    _ask(ready_project, project_leader)
    client = client_for(programme_secretary)
    page = client.get(reverse("governance:meeting-detail", args=[upcoming.pk])).content.decode()
    assert "Registrér beslutning</summary>" not in page and "registreres på eller efter mødedagen" in page
    form_page = client.get(reverse("governance:decision-record", args=[upcoming.pk])).content.decode()
    assert "Registrér beslutningen</button>" not in form_page
    held = held_meeting("programgruppe")
    ProjectRequest.objects.update(state=ProjectRequest.State.WITHDRAWN)
    gate = _ask(ready_project, project_leader)
    assert gate.agenda_item.meeting == held  # today's meeting is the next one
    page = client.get(reverse("governance:meeting-detail", args=[held.pk])).content.decode()
    assert "Registrér beslutning</summary>" in page
    assert f'<option value="{ready_project.pk}">' in page
