"""Races and repeated submits on governance records: exactly one answer to an escalation, an answer and an
escalation further of the same escalation never both, one indsatsplan per year however many start it at
once, and a cancelled Project Board meeting whose period no longer asks for reports.

The concurrent tests run real threads, each with its own PostgreSQL connection, released together by a
barrier (tests/concurrency.py); locally without PostgreSQL they skip (CI never skips). Each has a
sequential twin, so a SQLite run still covers the rule the lock protects."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from governance.bodies import services as body_services
from governance.decisions import selectors as decision_selectors
from governance.decisions import services as decision_services
from governance.models import AnnualPlan, Decision, Membership
from governance.plans import services as plan_services
from tests.concurrency import run_together
from tests.factories import UserFactory, body
from tests.governance.helpers import meeting, member, requested_item

ALREADY_ANSWERED = "Eskalationen er allerede besvaret"
PLAN_EXISTS = "Der findes allerede en indsatsplan for 2031."

concurrent = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _escalation() -> Decision:
    programme_chair = member("programgruppe", role=Membership.Role.CHAIR)
    held = meeting("programgruppe")
    return decision_services.decision_record(
        actor=programme_chair,
        meeting=held,
        agenda_item=requested_item(held),
        kind="escalation",
        text="Rammen rækker ikke.",
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _answer_post(client, escalation, held, text):
    return lambda: client.post(
        f"/governance/decisions/{escalation.pk}/answer/",
        {"meeting": held.pk, "kind": "ordinary", "text": text},
    )


def _escalate_post(client, escalation):
    return lambda: client.post(f"/governance/decisions/{escalation.pk}/escalate/", {"text": "Videre."})


def _follow_ups(escalation):
    return list(Decision.objects.filter(escalated_from=escalation))


# ------------------------------------------------------------------------------- answering an escalation


@pytest.mark.django_db
def test_it_refuses_a_second_answer_to_an_escalation_in_danish_and_changes_nothing():
    escalation = _escalation()
    held = meeting("styregruppe")
    first, second = member("styregruppe"), member("styregruppe")
    answer = decision_services.decision_record(
        actor=first, meeting=held, kind="ordinary", text="Bevilget.", escalated_from=escalation
    )
    with pytest.raises(ValidationError) as refused:
        decision_services.decision_record(
            actor=second, meeting=held, kind="ordinary", text="Afslået.", escalated_from=escalation
        )
    assert ALREADY_ANSWERED in refused.value.messages[0]
    assert _follow_ups(escalation) == [answer]


@pytest.mark.django_db
def test_it_shows_the_refusal_on_the_escalations_page_when_someone_answered_first():
    escalation = _escalation()
    held = meeting("styregruppe")
    first = _client(member("styregruppe"))
    assert _answer_post(first, escalation, held, "Bevilget.")().status_code == 302
    response = _answer_post(_client(member("styregruppe")), escalation, held, "Afslået.")()
    assert response.status_code == 400
    assert ALREADY_ANSWERED in response.content.decode()
    assert [d.text for d in _follow_ups(escalation)] == ["Bevilget."]


@concurrent
def test_it_three_people_answering_the_same_escalation_at_once_give_one_answer(require_service):
    require_service("postgresql")
    escalation = _escalation()
    held = meeting("styregruppe")
    clients = [_client(member("styregruppe")) for _ in range(3)]
    outcomes = run_together(
        *(_answer_post(client, escalation, held, f"Svar {n}") for n, client in enumerate(clients))
    )
    assert all(outcome.ok for outcome in outcomes), [outcome.error for outcome in outcomes]
    codes = sorted(outcome.value.status_code for outcome in outcomes)
    assert codes == [302, 400, 400]
    for outcome in outcomes:
        if outcome.value.status_code == 400:
            assert ALREADY_ANSWERED in outcome.value.content.decode()
    assert len(_follow_ups(escalation)) == 1
    assert not decision_selectors.escalations_awaiting(body("styregruppe")).exists()


# ------------------------------------------------------------------ an answer against an escalation further


@pytest.mark.django_db
def test_it_refuses_to_escalate_further_what_was_answered():
    escalation = _escalation()
    held = meeting("styregruppe")
    answer = decision_services.decision_record(
        actor=member("styregruppe"), meeting=held, kind="ordinary", text="Ok.", escalated_from=escalation
    )
    with pytest.raises(ValidationError) as refused:
        decision_services.decision_escalate(actor=member("styregruppe"), decision=escalation)
    assert ALREADY_ANSWERED in refused.value.messages[0]
    assert _follow_ups(escalation) == [answer]
    assert not decision_selectors.escalations_awaiting(body("direktion")).exists()


@pytest.mark.django_db
def test_it_refuses_to_answer_what_was_escalated_further():
    escalation = _escalation()
    further = decision_services.decision_escalate(actor=member("styregruppe"), decision=escalation)
    with pytest.raises(ValidationError) as refused:
        decision_services.decision_record(
            actor=member("styregruppe"),
            meeting=meeting("styregruppe"),
            kind="ordinary",
            text="Ok.",
            escalated_from=escalation,
        )
    message = refused.value.messages[0]
    assert ALREADY_ANSWERED in message and "sendt videre til" in message
    assert _follow_ups(escalation) == [further]


@concurrent
def test_it_an_answer_and_an_escalation_further_at_once_one_wins(require_service):
    require_service("postgresql")
    escalation = _escalation()
    held = meeting("styregruppe")
    outcomes = run_together(
        _answer_post(_client(member("styregruppe")), escalation, held, "Bevilget."),
        _escalate_post(_client(member("styregruppe")), escalation),
    )
    assert all(outcome.ok for outcome in outcomes), [outcome.error for outcome in outcomes]
    assert sorted(outcome.value.status_code for outcome in outcomes) == [302, 400]
    refused = next(outcome.value for outcome in outcomes if outcome.value.status_code == 400)
    assert ALREADY_ANSWERED in refused.content.decode()
    follow_ups = _follow_ups(escalation)
    assert len(follow_ups) == 1
    # Whoever won, the loser left no trace: no answer beside an escalation, no escalation beside an answer.
    escalated = follow_ups[0].kind == Decision.Kind.ESCALATION
    assert decision_selectors.escalations_awaiting(body("direktion")).exists() == escalated


# -------------------------------------------------------------------------- starting the year's indsatsplan


def _plan_editor():
    person = UserFactory()
    body_services.membership_start(actor=None, body=body("programgruppe"), user=person)
    return person


@pytest.mark.django_db
def test_it_starting_a_years_plan_twice_is_refused_in_danish():
    editor = _plan_editor()
    plan_services.annual_plan_start(actor=editor, year=2031)
    client = _client(editor)
    response = client.post("/plans/new/", {"year": 2031})
    assert response.status_code == 400
    assert PLAN_EXISTS in response.content.decode()
    assert AnnualPlan.objects.filter(year=2031).count() == 1


@concurrent
def test_it_three_concurrent_plan_starts_create_one_plan_and_no_500(require_service):
    require_service("postgresql")
    clients = [_client(_plan_editor()) for _ in range(3)]
    outcomes = run_together(*(lambda c=client: c.post("/plans/new/", {"year": 2031}) for client in clients))
    assert all(outcome.ok for outcome in outcomes), [outcome.error for outcome in outcomes]
    assert sorted(outcome.value.status_code for outcome in outcomes) == [302, 400, 400]
    for outcome in outcomes:
        if outcome.value.status_code == 400:
            assert PLAN_EXISTS in outcome.value.content.decode()
    assert AnnualPlan.objects.filter(year=2031).count() == 1


@concurrent
def test_it_concurrent_plan_starts_in_the_service_raise_only_the_danish_refusal(require_service):
    require_service("postgresql")
    editors = [_plan_editor() for _ in range(3)]
    outcomes = run_together(
        *(lambda e=editor: plan_services.annual_plan_start(actor=e, year=2031) for editor in editors)
    )
    assert sum(outcome.ok for outcome in outcomes) == 1
    for outcome in outcomes:
        if not outcome.ok:
            assert isinstance(outcome.error, ValidationError), outcome.error
            assert outcome.error.message_dict == {"year": [PLAN_EXISTS]}
    assert AnnualPlan.objects.filter(year=2031).count() == 1
