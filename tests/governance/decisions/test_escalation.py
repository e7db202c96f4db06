"""Escalation keeps the trail: status report → agenda item → programme group's escalation → the steering
group's decision; until then it waits on the steering group's Beslutninger page."""

import datetime

import pytest
from django.utils import timezone

from governance.decisions.selectors import decision_trail, escalations_awaiting
from governance.decisions.services import decision_escalate, decision_record
from governance.models import ActionItem, AgendaItem, Decision, Membership
from tests.factories import UserFactory, body
from tests.governance.helpers import meeting, member, requested_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalation(programme_chair):
    chair = programme_chair
    held = meeting("programgruppe")
    item = requested_item(held)
    return decision_record(
        actor=chair, meeting=held, agenda_item=item, kind="escalation", text="Rammen rækker ikke."
    )


def test_it_an_escalation_waits_for_the_steering_group(escalation, client):
    assert escalation.body == body("programgruppe")
    assert escalation.requested_in is not None
    assert list(escalations_awaiting(body("styregruppe"))) == [escalation]
    client.force_login(member("styregruppe"))
    page = client.get("/governance/decisions/awaiting/").content.decode()
    assert "Rammen rækker ikke." in page
    assert "Afventer" in client.get(f"/governance/decisions/{escalation.pk}/").content.decode()


def test_it_goes_on_the_steering_groups_next_planned_meeting():
    programme_chair = member("programgruppe", role=Membership.Role.CHAIR)
    held = meeting("programgruppe")
    upcoming = meeting("styregruppe", timezone.localdate() + datetime.timedelta(days=7))
    item = requested_item(held)
    escalation = decision_record(
        actor=programme_chair, meeting=held, agenda_item=item, kind="escalation", text="Op."
    )
    placed = AgendaItem.objects.get(meeting=upcoming)
    assert placed.project == item.project
    assert placed.requested_in == item.requested_in
    assert "Eskaleret fra" in placed.title
    # The steering group's decision on that item answers the escalation and keeps the whole trail.
    chair = member("styregruppe", role=Membership.Role.CHAIR)
    upcoming.date = timezone.localdate()
    upcoming.save()
    answer = decision_record(
        actor=chair, meeting=upcoming, agenda_item=placed, kind="ordinary", text="Bevilget."
    )
    assert answer.escalated_from == escalation
    assert answer.requested_in == item.requested_in
    assert not escalations_awaiting(body("styregruppe")).exists()
    assert decision_trail(answer) == [escalation, answer]
    assert decision_trail(escalation) == [escalation, answer]


def test_it_the_steering_group_answers_from_the_escalations_page(escalation, client):
    steering_member = member("styregruppe")
    held = meeting("styregruppe")
    client.force_login(steering_member)
    page = client.get(f"/governance/decisions/{escalation.pk}/").content.decode()
    assert "Registrér beslutningen" in page
    response = client.post(
        f"/governance/decisions/{escalation.pk}/answer/",
        {"meeting": held.pk, "kind": "ordinary", "text": "Styregruppen bevilger timerne."},
    )
    assert response.status_code == 302
    answer = Decision.objects.get(body=body("styregruppe"))
    assert answer.escalated_from == escalation
    assert answer.project == escalation.project
    detail = client.get(f"/governance/decisions/{answer.pk}/").content.decode()
    assert "Ønsket i statusrapport" in detail and "Eskaleret af" in detail
    assert "Rammen rækker ikke." not in client.get("/governance/decisions/awaiting/").content.decode()
    # Answering twice is refused.
    again = client.post(
        f"/governance/decisions/{escalation.pk}/answer/",
        {"meeting": held.pk, "kind": "ordinary", "text": "Igen."},
    )
    assert again.status_code in (400, 403)
    assert Decision.objects.filter(body=body("styregruppe")).count() == 1


def test_it_only_the_target_body_may_answer_or_escalate_further(escalation, client):
    client.force_login(member("iod"))
    held = meeting("styregruppe")
    response = client.post(
        f"/governance/decisions/{escalation.pk}/answer/",
        {"meeting": held.pk, "kind": "ordinary", "text": "x"},
    )
    assert response.status_code == 403
    assert client.post(f"/governance/decisions/{escalation.pk}/escalate/", {"text": ""}).status_code == 403
    assert Decision.objects.count() == 1


def test_it_the_steering_group_escalates_further_to_the_direktion(escalation):
    further = decision_escalate(actor=member("styregruppe"), decision=escalation)
    assert further.body == body("styregruppe")
    assert further.escalated_from == escalation
    assert not escalations_awaiting(body("styregruppe")).exists()
    assert list(escalations_awaiting(body("direktion"))) == [further]
    assert decision_trail(further) == [escalation, further]


def test_it_an_ordinary_decision_cannot_be_escalated_further(client):
    secretary = member("programgruppe", role=Membership.Role.SECRETARY)
    decision = decision_record(actor=secretary, meeting=meeting("programgruppe"), kind="ordinary", text="Ok.")
    client.force_login(member("styregruppe"))
    assert client.post(f"/governance/decisions/{decision.pk}/escalate/").status_code == 400


def test_it_a_body_with_nowhere_to_escalate_refuses(client):
    client.force_login(member("direktion", role=Membership.Role.CHAIR))
    held = meeting("direktion")
    response = client.post(
        f"/governance/meetings/{held.pk}/decisions/", {"kind": "escalation", "text": "Op!"}
    )
    assert response.status_code == 400
    assert "eskalerer ikke" in response.content.decode()


def test_it_open_actions_across_bodies_overdue_first(client):
    today = timezone.localdate()
    owner = UserFactory(first_name="Anne", last_name="Ansvarlig")
    programme_meeting = meeting("programgruppe")
    iod_meeting = meeting("iod")
    ActionItem.objects.create(
        meeting=iod_meeting,
        description="Senere opgave",
        owner=owner,
        due_date=today + datetime.timedelta(days=9),
    )
    ActionItem.objects.create(
        meeting=programme_meeting,
        description="Forsinket opgave",
        owner=owner,
        due_date=today - datetime.timedelta(days=3),
    )
    ActionItem.objects.create(
        meeting=programme_meeting, description="Klaret opgave", owner=owner, due_date=today, done_on=today
    )
    client.force_login(UserFactory())
    page = client.get("/governance/decisions/awaiting/").content.decode()
    assert page.index("Forsinket opgave") < page.index("Senere opgave")
    assert "Klaret opgave" not in page
    assert "Overskredet" in page
    assert client.get("/governance/decisions/awaiting/", {"body": "ukendt"}).status_code == 404
    assert client.get("/governance/decisions/awaiting/", {"body": "programgruppe"}).status_code == 200
