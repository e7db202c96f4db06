"""/api/v1/decisions/: the decision log, with its page's filters, as anyone signed in reads it."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from governance.bodies import services as body_services
from governance.models import Decision
from tests.factories import DecisionFactory, UserFactory, body

pytestmark = pytest.mark.django_db

URL = "/api/v1/decisions/"


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def decisions(led_project):
    """A gate of the steering group's at a meeting, recorded by its secretary; an escalation of the
    programme group's awaiting the steering group; the steering group's answer to another escalation."""
    steering = body("styregruppe")
    secretary = UserFactory(username="sekretaer", first_name="Sara", last_name="Sekretær")
    meeting = body_services.meeting_create(actor=None, body=steering, date=datetime.date(2026, 3, 2))
    gate = DecisionFactory(
        body=steering,
        meeting=meeting,
        project=led_project,
        decided_on=datetime.date(2026, 3, 2),
        kind=Decision.Kind.PHASE_GATE,
        from_phase="analyse",
        to_phase="gennemfoerelse",
        text="Talegenkendelse går i gang.",
        recorded_by=secretary,
    )
    awaiting = DecisionFactory(
        body=body("programgruppe"),
        decided_on=datetime.date(2026, 2, 1),
        kind=Decision.Kind.ESCALATION,
        text="Ressourcerne mangler.",
    )
    answered = DecisionFactory(
        body=body("programgruppe"), decided_on=datetime.date(2026, 1, 5), kind=Decision.Kind.ESCALATION
    )
    answer = DecisionFactory(body=steering, decided_on=datetime.date(2026, 1, 20), escalated_from=answered)
    return gate, awaiting, answered, answer


def test_it_gives_the_decision_as_its_page_shows_it(api_as, reader, decisions, led_project):
    gate, *_ = decisions
    row = api_as(reader).get(f"{URL}{gate.pk}/").json()
    steering = body("styregruppe")
    assert row["body"] == {"id": steering.pk, "name": steering.name, "slug": "styregruppe"}
    assert row["decided_on"] == "2026-03-02" and row["meeting"] == gate.meeting_id
    assert row["meeting_date"] == "2026-03-02"
    assert (row["kind"], row["kind_label"]) == ("phase_gate", "Fasegodkendelse")
    assert (row["from_phase"], row["to_phase"]) == ("analyse", "gennemfoerelse")
    assert row["text"] == "Talegenkendelse går i gang."
    assert row["project"] == {"id": led_project.pk, "number": led_project.number, "name": "Talegenkendelse"}
    assert row["recorded_by"] == {"id": gate.recorded_by_id, "name": "Sara Sekretær"}
    assert row["awaiting_answer"] is False


def test_it_says_which_escalations_await_an_answer(api_as, reader, decisions):
    gate, awaiting, answered, answer = decisions
    rows = {row["id"]: row for row in api_as(reader).get(URL).json()["results"]}
    assert list(rows) == [gate.pk, awaiting.pk, answer.pk, answered.pk]
    assert rows[awaiting.pk]["awaiting_answer"] is True
    assert rows[answered.pk]["awaiting_answer"] is False
    assert rows[answer.pk]["escalated_from"] == answered.pk


def test_it_shows_every_reader_every_body_s_decisions_as_the_log_does(api_as, reader, decisions):
    # The log hides no body's decisions from anyone signed in (tests/security: every persona reads it).
    assert ids(api_as(reader).get(URL)) == {decision.pk for decision in decisions}
    assert APIClient().get(URL).status_code == 401


def test_it_filters_as_the_decision_log_does(api_as, reader, decisions, led_project, client):
    gate, awaiting, answered, answer = decisions
    api = api_as(reader)
    client.force_login(reader)
    cases = [
        ({"body": body("programgruppe").pk}, {awaiting.pk, answered.pk}),
        ({"kind": "escalation"}, {awaiting.pk, answered.pk}),
        ({"project": led_project.pk}, {gate.pk}),
        ({"date_from": "2026-02-01", "date_to": "2026-03-01"}, {awaiting.pk}),
        ({"q": "talegenk"}, {gate.pk}),
        ({"q": led_project.number}, {gate.pk}),
    ]
    for query, expected in cases:
        assert ids(api.get(URL, query)) == expected, query
        # The page itself, with the same query: the same decisions.
        page = client.get("/governance/decisions/", query)
        assert {d.pk for d in page.context["decisions"]} == expected, query


def test_it_refuses_bad_filters_in_danish_as_the_page_does(api_as, reader, decisions):
    api = api_as(reader)
    response = api.get(URL, {"date_from": "2026-03-01", "date_to": "2026-02-01"})
    assert response.status_code == 400
    assert response.json()["date_to"] == ["Til-datoen ligger før fra-datoen."]
    response = api.get(URL, {"date_from": "1900-01-01"})
    assert response.status_code == 400
    assert response.json()["date_from"] == ["Angiv en dato mellem år 2000 og 2100."]
    assert api.get(URL, {"kind": "kup"}).status_code == 400
    assert api.get(URL, {"body": "ikke-et-id"}).status_code == 400


def test_it_lists_only_decisions_changed_since_a_time(api_as, reader, decisions):
    gate, awaiting, *_ = decisions
    since = timezone.now() - datetime.timedelta(hours=1)
    Decision.history.update(history_date=since - datetime.timedelta(days=1))
    Decision.history.filter(id=awaiting.pk).update(history_date=timezone.now())
    assert ids(api_as(reader).get(URL, {"changed_since": since.isoformat()})) == {awaiting.pk}


def test_it_gives_the_decisions_as_csv(api_as, reader, decisions):
    response = api_as(reader).get(URL, {"format": "csv"})
    assert response.status_code == 200
    lines = response.getvalue().decode("utf-8").lstrip("\ufeff").split("\r\n")
    header = lines[0].split(";")
    expected = {"id", "decided_on", "body.name", "kind", "text", "project.number", "recorded_by.name"}
    assert expected <= set(header)
    assert len([line for line in lines[1:] if line]) == 4
