"""A body's public calendar: its meetings' dates and places only, served while its chair or secretary has
it switched on (the body's history records each switch), 404 when off; nobody else may switch it."""

import datetime

import pytest
from django.utils import timezone

from governance.bodies.services import agenda_item_add, meeting_create, meeting_minutes_save
from governance.models import Body
from tests.factories import body
from tests.governance.calendars.feeds import events, read

pytestmark = pytest.mark.django_db

SWITCH = "/calendar/bodies/styregruppe/public/"


def _public_path(slug="styregruppe") -> str:
    found = Body.objects.get(slug=slug)
    return f"/calendar/bodies/{found.slug}/{found.public_calendar_token}.ics"


def _switch(client, value):
    return client.post(SWITCH, {"public": value}, follow=True)


def test_it_serves_the_meetings_without_minutes_or_agenda_while_switched_on(client, steering_chair):
    day = timezone.localdate() + datetime.timedelta(days=7)
    meeting = meeting_create(actor=None, body=body("styregruppe"), date=day, location="Rådhuset")
    agenda_item_add(actor=None, meeting=meeting, title="Fortroligt punkt", description="Hemmelig tekst")
    meeting_minutes_save(actor=None, meeting=meeting, minutes="Hemmeligt referat")
    meeting_create(actor=None, body=body("programgruppe"), date=day)
    client.force_login(steering_chair)

    response = _switch(client, "on")
    assert "Den offentlige mødekalender for Tværgående digitaliseringsstyregruppe er slået til." in (
        response.content.decode()
    )
    path = _public_path()
    assert path in response.content.decode()
    client.logout()

    content = client.get(path).content.decode()
    found = events(read(client.get(path)))
    assert list(found) == [f"public-meeting-{meeting.pk}@127.0.0.1"]
    event = found[f"public-meeting-{meeting.pk}@127.0.0.1"]
    assert event.decoded("DTSTART") == day
    assert str(event["LOCATION"]) == "Rådhuset"
    assert "URL" not in event
    for secret in ("Fortroligt", "Hemmelig", "referat"):
        assert secret not in content


def test_it_answers_404_when_switched_off_and_the_same_address_when_on_again(client, steering_secretary):
    client.force_login(steering_secretary)
    _switch(client, "on")
    path = _public_path()
    assert client.get(path).status_code == 200

    response = _switch(client, "off")
    assert "er slået fra. Adressen virker ikke længere." in response.content.decode()
    assert client.get(path).status_code == 404

    _switch(client, "on")
    assert client.get(path).status_code == 200
    # Each switch is in the body's history, with who did it.
    history = body("styregruppe").history.filter(history_user=steering_secretary)
    assert [row.public_calendar for row in history.order_by("history_date")] == [True, False, True]


def test_it_answers_404_to_a_wrong_token_or_another_body(client, steering_chair):
    client.force_login(steering_chair)
    _switch(client, "on")
    token = body("styregruppe").public_calendar_token

    assert client.get("/calendar/bodies/styregruppe/forkert.ics").status_code == 404
    assert client.get(f"/calendar/bodies/programgruppe/{token}.ics").status_code == 404


@pytest.mark.parametrize("persona", ["steering_chair", "steering_secretary", "admin_user"])
def test_it_lets_the_chair_the_secretary_and_an_admin_switch(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert _switch(client, "on").status_code == 200
    assert body("styregruppe").public_calendar


@pytest.mark.parametrize("persona", ["steering_member", "programme_secretary", "reader"])
def test_it_refuses_anyone_else_and_changes_nothing(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    before = body("styregruppe").history.count()

    assert client.post(SWITCH, {"public": "on"}).status_code == 403
    assert client.post(SWITCH, {"public": "noget"}).status_code == 403
    assert not body("styregruppe").public_calendar
    assert body("styregruppe").history.count() == before


@pytest.mark.parametrize("value", ["", "ja", "ON", "1"])
def test_it_refuses_a_malformed_switch_with_a_danish_message(client, steering_chair, value):
    client.force_login(steering_chair)

    response = _switch(client, value)

    assert "Vælg om den offentlige kalender skal slås til eller fra." in response.content.decode()
    assert not body("styregruppe").public_calendar


def test_it_shows_the_switch_only_for_the_bodies_she_keeps(client, steering_chair, steering_member):
    client.force_login(steering_chair)
    page = client.get("/calendar/").content.decode()
    assert "Offentlig mødekalender for dine organer" in page
    assert SWITCH in page
    assert "/calendar/bodies/programgruppe/public/" not in page

    client.force_login(steering_member)
    assert "Offentlig mødekalender for dine organer" not in client.get("/calendar/").content.decode()
