"""Governance's create forms posted twice (double click, resubmit) create once: a decision recorded at a
meeting, an escalation's answer, an escalation passed on, an idea. Each form carries a one-time
`submit_token` (portfolio.services.submit_once); the second post gets the first's result, not a copy
and not an error. The concurrent test needs PostgreSQL (skipped locally without it, never in CI)."""

import re

import pytest
from django.test import Client

from governance.decisions import services
from governance.models import Decision, Idea, Membership
from tests.concurrency import run_together
from tests.governance.helpers import meeting, member, requested_item

pytestmark = pytest.mark.django_db


def _token(page: str) -> str:
    match = re.search(r'name="submit_token" value="([^"]+)"', page)
    assert match, "the form carries no submit_token"
    return match.group(1)


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _escalation() -> Decision:
    held = meeting("programgruppe")
    return services.decision_record(
        actor=member("programgruppe", role=Membership.Role.CHAIR),
        meeting=held,
        agenda_item=requested_item(held),
        kind="escalation",
        text="Rammen rækker ikke.",
    )


def test_it_records_a_decision_posted_twice_from_the_meeting_page_once():
    held = meeting("styregruppe")
    client = _logged_in(member("styregruppe", role=Membership.Role.SECRETARY))
    page = client.get(f"/governance/meetings/{held.pk}/").content.decode()
    data = {"kind": "ordinary", "text": "Projektet fortsætter.", "submit_token": _token(page)}
    first = client.post(f"/governance/meetings/{held.pk}/decisions/", data)
    second = client.post(f"/governance/meetings/{held.pk}/decisions/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Decision.objects.filter(meeting=held).count() == 1


def test_it_records_a_decision_posted_twice_from_its_own_form_once():
    held = meeting("styregruppe")
    client = _logged_in(member("styregruppe", role=Membership.Role.SECRETARY))
    page = client.get(f"/governance/meetings/{held.pk}/decisions/").content.decode()
    data = {"kind": "ordinary", "text": "Ok.", "submit_token": _token(page)}
    for _ in range(2):
        assert client.post(f"/governance/meetings/{held.pk}/decisions/", data).status_code == 302
    assert Decision.objects.filter(meeting=held).count() == 1


def test_it_an_answer_posted_twice_by_its_author_is_one_answer_and_no_refusal():
    escalation = _escalation()
    held = meeting("styregruppe")
    client = _logged_in(member("styregruppe"))
    page = client.get(f"/governance/decisions/{escalation.pk}/").content.decode()
    data = {"meeting": held.pk, "kind": "ordinary", "text": "Bevilget.", "submit_token": _token(page)}
    first = client.post(f"/governance/decisions/{escalation.pk}/answer/", data)
    second = client.post(f"/governance/decisions/{escalation.pk}/answer/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Decision.objects.filter(escalated_from=escalation).count() == 1


def test_it_an_escalation_passed_on_twice_by_its_author_is_passed_on_once():
    escalation = _escalation()
    client = _logged_in(member("styregruppe"))
    page = client.get(f"/governance/decisions/{escalation.pk}/").content.decode()
    tokens = re.findall(r'name="submit_token" value="([^"]+)"', page)
    data = {"text": "Direktionen må tage stilling.", "submit_token": tokens[-1]}
    first = client.post(f"/governance/decisions/{escalation.pk}/escalate/", data)
    second = client.post(f"/governance/decisions/{escalation.pk}/escalate/", data)
    assert first.status_code == second.status_code == 302
    assert Decision.objects.filter(escalated_from=escalation).count() == 1


def test_it_an_idea_posted_twice_is_one_idea():
    client = _logged_in(member("iod"))
    page = client.get("/governance/ideas/new/").content.decode()
    data = {"title": "Chatbot til borgerservice", "submit_token": _token(page)}
    first = client.post("/governance/ideas/new/", data)
    second = client.post("/governance/ideas/new/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Idea.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_three_concurrent_posts_of_one_decision_form_record_one_decision(require_service):
    require_service("postgresql")
    held = meeting("styregruppe")
    secretary = member("styregruppe", role=Membership.Role.SECRETARY)
    page = _logged_in(secretary).get(f"/governance/meetings/{held.pk}/decisions/").content.decode()
    data = {"kind": "ordinary", "text": "Ok.", "submit_token": _token(page)}
    clients = [_logged_in(secretary) for _ in range(3)]
    outcomes = run_together(
        *(lambda c=c: c.post(f"/governance/meetings/{held.pk}/decisions/", data) for c in clients)
    )
    assert all(outcome.ok for outcome in outcomes), [outcome.error for outcome in outcomes]
    assert [outcome.value.status_code for outcome in outcomes] == [302, 302, 302]
    assert Decision.objects.filter(meeting=held).count() == 1
