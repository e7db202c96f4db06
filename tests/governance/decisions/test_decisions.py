"""Recording decisions at a meeting: who may, what is kept, the log and its filters, bad input."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import Decision, Membership
from governance.permissions import can_decide_for
from tests.factories import DecisionFactory, ProjectFactory, UserFactory, body
from tests.governance.helpers import meeting, member, requested_item

pytestmark = pytest.mark.django_db


def _post(client, meeting_, **data):
    return client.post(f"/governance/meetings/{meeting_.pk}/decisions/", {"kind": "ordinary", **data})


def test_it_the_bodys_secretary_records_a_decision_that_keeps_the_request(client):
    secretary = member("programgruppe", "sekr", Membership.Role.SECRETARY)
    held = meeting("programgruppe")
    item = requested_item(held)
    client.force_login(secretary)
    response = _post(client, held, agenda_item=item.pk, text="Timerne bevilges.")
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/governance/decisions/{decision.pk}/"
    assert decision.body == body("programgruppe")
    assert decision.project == item.project
    assert decision.requested_in == item.requested_in
    assert decision.recorded_by == secretary
    assert decision.decided_on == held.date
    page = client.get(response["Location"])
    assert "Vi beder om 200 konsulenttimer." in page.content.decode()


def test_it_another_bodys_secretary_gets_403_and_nothing_changes(client):
    outsider = member("iod", "iod-sekr", Membership.Role.SECRETARY)
    held = meeting("programgruppe")
    client.force_login(outsider)
    assert _post(client, held, text="Ikke min beslutning.").status_code == 403
    assert client.get(f"/governance/meetings/{held.pk}/decisions/").status_code == 403
    assert not Decision.objects.exists()


def test_it_a_reader_gets_403(client):
    client.force_login(UserFactory())
    held = meeting("styregruppe")
    assert _post(client, held, text="Nej.").status_code == 403
    assert not Decision.objects.exists()


def test_it_only_a_bodys_chair_and_members_decide_for_it():
    assert not can_decide_for(member("programgruppe"), body("styregruppe"))
    assert not can_decide_for(member("styregruppe"), body("programgruppe"))
    assert not can_decide_for(member("styregruppe", role=Membership.Role.SECRETARY), body("styregruppe"))
    assert can_decide_for(member("styregruppe", role=Membership.Role.CHAIR), body("styregruppe"))
    assert not can_decide_for(UserFactory(is_superuser=True), body("styregruppe"))


def test_it_an_ended_membership_takes_the_right_away():
    person = member("iod")
    Membership.objects.filter(user=person).update(end_date=datetime.date.today())
    assert not can_decide_for(person, body("iod"))


def test_it_bad_input_gives_danish_errors_never_500(client):
    secretary = member("programgruppe", role=Membership.Role.SECRETARY)
    held = meeting("programgruppe")
    other = meeting("programgruppe", datetime.date(2025, 1, 2))
    foreign_item = requested_item(other)
    client.force_login(secretary)
    cases = [
        {"text": "x" * 100_000},
        {"text": ""},
        {"text": "Ok", "kind": "nonsense"},
        {"text": "Ok", "agenda_item": "999999"},
        {"text": "Ok", "agenda_item": str(foreign_item.pk)},
        {"text": "Ok", "project": "abc"},
        {"text": "Ok", "escalated_from": "999999"},
        {"text": "Ok", "kind": "phase_gate"},
    ]
    for data in cases:
        response = _post(client, held, **data)
        assert response.status_code == 400, data
    assert not Decision.objects.exists()
    assert client.post("/governance/meetings/999999/decisions/", {"text": "x"}).status_code == 404
    assert client.get("/governance/decisions/999999/").status_code == 404


def test_it_a_future_or_cancelled_meeting_takes_no_decisions(client):
    secretary = member("programgruppe", role=Membership.Role.SECRETARY)
    client.force_login(secretary)
    future = meeting("programgruppe", datetime.date.today() + datetime.timedelta(days=3))
    cancelled = meeting("programgruppe", datetime.date(2025, 3, 1))
    cancelled.cancelled = True
    cancelled.save()
    assert _post(client, future, text="For tidligt.").status_code == 400
    assert _post(client, cancelled, text="Aflyst.").status_code == 400
    assert not Decision.objects.exists()


def test_it_recording_a_decision_is_kept_in_its_history(client):
    secretary = member("programgruppe", role=Membership.Role.SECRETARY)
    client.force_login(secretary)
    _post(client, meeting("programgruppe"), text="Projektet prioriteres.")
    decision = Decision.objects.get()
    record = decision.history.get()
    assert record.history_type == "+"
    assert record.history_user == secretary
    assert "Oprettet" in client.get(f"/governance/decisions/{decision.pk}/").content.decode()


def test_it_the_log_filters_and_keeps_a_constant_query_count(client, django_assert_max_num_queries):
    client.force_login(UserFactory())
    project = ProjectFactory(name="Robotter")
    DecisionFactory(project=project, text="Robotterne indkøbes.", decided_on=datetime.date(2026, 2, 1))
    DecisionFactory(body=body("programgruppe"), text="Andet.", decided_on=datetime.date(2025, 2, 1))
    response = client.get("/governance/decisions/", {"q": "robot"})
    assert "Robotterne indkøbes." in response.content.decode()
    assert "Andet." not in response.content.decode()
    response = client.get(
        "/governance/decisions/", {"body": body("programgruppe").pk, "date_to": "2025-12-31"}
    )
    assert "Andet." in response.content.decode() and "Robotterne" not in response.content.decode()
    response = client.get("/governance/decisions/", {"project": project.pk, "kind": "ordinary"})
    assert "Robotterne" in response.content.decode()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/governance/decisions/").status_code == 200
        return len(queries)

    few = count()
    for n in range(20):
        DecisionFactory(project=ProjectFactory(), escalated_from=None, text=f"Beslutning {n}")
    assert count() == few


def test_it_bad_filters_show_errors_not_500(client):
    client.force_login(UserFactory())
    for params in [
        {"date_from": "2026-13-45"},
        {"date_from": "0001-01-01"},
        {"date_from": "2026-02-01", "date_to": "2026-01-01"},
        {"body": "999999"},
        {"project": "x"},
        {"kind": "bogus"},
        {"q": "x" * 5000},
        {"page": "999"},
    ]:
        assert client.get("/governance/decisions/", params).status_code == 200, params
