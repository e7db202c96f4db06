"""/api/v1/meetings/: the bodies' meetings with agenda and attendance, and the minutes' text for those who
may read the minutes in the browser (governance.permissions.can_read_minutes: anyone signed in)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from governance import permissions
from governance.bodies import services as body_services
from governance.models import AgendaItem, Meeting
from tests.factories import UserFactory, body

pytestmark = pytest.mark.django_db

URL = "/api/v1/meetings/"


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def meetings(led_project, steering_secretary):
    """The steering group's held meeting (agenda, attendance, minutes) and its cancelled next one; a
    meeting of the programme group."""
    steering = body("styregruppe")
    held = body_services.meeting_create(
        actor=None, body=steering, date=datetime.date(2026, 3, 2), location="Byrådssalen"
    )
    body_services.agenda_item_add(actor=None, meeting=held, title="Godkendelse af dagsorden")
    body_services.agenda_item_add(
        actor=None, meeting=held, title="Fasegodkendelse", description="Til beslutning.", project=led_project
    )
    body_services.meeting_attendance_set(actor=None, meeting=held, attendees=[steering_secretary])
    body_services.meeting_minutes_save(actor=None, meeting=held, minutes="Projektet blev godkendt.")
    cancelled = body_services.meeting_create(actor=None, body=steering, date=datetime.date(2026, 3, 16))
    Meeting.objects.filter(pk=cancelled.pk).update(cancelled=True)
    programme = body("programgruppe")
    other = body_services.meeting_create(actor=None, body=programme, date=datetime.date(2026, 3, 9))
    return held, cancelled, other


def test_it_gives_the_meeting_with_its_agenda_attendance_and_minutes(
    api_as, reader, meetings, led_project, steering_secretary
):
    held, *_ = meetings
    row = api_as(reader).get(f"{URL}{held.pk}/").json()
    steering = body("styregruppe")
    assert row["body"] == {"id": steering.pk, "name": steering.name, "slug": "styregruppe"}
    assert (row["date"], row["location"], row["cancelled"]) == ("2026-03-02", "Byrådssalen", False)
    first, second = row["agenda_items"]
    assert (first["order"], first["title"], first["project"]) == (1, "Godkendelse af dagsorden", None)
    assert (second["order"], second["description"]) == (2, "Til beslutning.")
    assert second["project"] == {
        "id": led_project.pk,
        "number": led_project.number,
        "name": "Talegenkendelse",
    }
    assert [person["id"] for person in row["attendees"]] == [steering_secretary.pk]
    assert row["minutes"] == "Projektet blev godkendt."


def test_it_gives_the_minutes_to_whoever_reads_them_in_the_browser(api_as, client, reader, meetings):
    held, *_ = meetings
    # The browser: a reader in no body reads the minutes on the meeting's page.
    client.force_login(reader)
    assert "Projektet blev godkendt." in client.get(f"/governance/meetings/{held.pk}/").content.decode()
    assert permissions.can_read_minutes(reader)
    assert api_as(reader).get(f"{URL}{held.pk}/").json()["minutes"] == "Projektet blev godkendt."


def test_it_gives_no_minutes_to_whoever_may_not_read_them(api_as, client, reader, meetings, monkeypatch):
    held, *_ = meetings
    # Nobody signed out reads them, nor a deactivated account.
    assert not permissions.can_read_minutes(AnonymousUser())
    assert not permissions.can_read_minutes(UserFactory(is_active=False))
    # Whoever the rule refuses gets the meeting without its minutes, in the API as on the page.
    monkeypatch.setattr(permissions, "_signed_in", lambda user: False)
    api = api_as(reader)
    row = api.get(f"{URL}{held.pk}/").json()
    assert row["minutes"] is None and row["agenda_items"]
    assert all(row["minutes"] is None for row in api.get(URL).json()["results"])
    client.force_login(reader)
    page = client.get(f"/governance/meetings/{held.pk}/").content.decode()
    assert "Projektet blev godkendt." not in page and "Hent referat som PDF" not in page
    assert "Du har ikke adgang til at læse referatet." in page
    assert client.get(f"/governance/meetings/{held.pk}/minutes.pdf").status_code == 403


def test_it_lists_every_body_s_meetings_newest_first_and_filters_them(api_as, reader, meetings):
    held, cancelled, other = meetings
    api = api_as(reader)
    assert ids(api.get(URL)) == [cancelled.pk, other.pk, held.pk]
    assert ids(api.get(URL, {"body": body("styregruppe").pk})) == [cancelled.pk, held.pk]
    assert ids(api.get(URL, {"cancelled": "true"})) == [cancelled.pk]
    assert ids(api.get(URL, {"date_from": "2026-03-03", "date_to": "2026-03-10"})) == [other.pk]
    response = api.get(URL, {"date_to": "ikke en dato"})
    assert response.status_code == 400
    assert response.json()["date_to"][0] == "Indtast en gyldig dato."


def test_it_counts_a_changed_agenda_as_a_change_of_the_meeting(api_as, reader, meetings):
    held, cancelled, other = meetings
    since = timezone.now() - datetime.timedelta(hours=1)
    Meeting.history.update(history_date=since - datetime.timedelta(days=1))
    AgendaItem.history.update(history_date=since - datetime.timedelta(days=1))
    api = api_as(reader)
    assert ids(api.get(URL, {"changed_since": since.isoformat()})) == []
    body_services.agenda_item_add(actor=None, meeting=other, title="Status")
    assert ids(api.get(URL, {"changed_since": since.isoformat()})) == [other.pk]


def test_it_gives_the_meetings_as_csv(api_as, reader, meetings):
    response = api_as(reader).get(URL, {"format": "csv"})
    assert response.status_code == 200
    text = response.getvalue().decode("utf-8").lstrip("\ufeff")
    header = text.split("\r\n")[0].split(";")
    assert {"id", "body.name", "date", "location", "cancelled", "agenda_items", "minutes"} <= set(header)
    assert "Godkendelse af dagsorden | Fasegodkendelse" in text


@pytest.mark.parametrize(
    "moment", ["4161-10-04T18:49:35+17:19", "9999-12-31T23:00:00-05:00", "0001-01-01T00:30:00+05:00"]
)
def test_it_takes_any_iso_time_with_any_offset_python_reads(api_as, reader, meetings, moment):
    # PostgreSQL refuses offsets past ±15:59 and times past the calendar's ends: asked in UTC, clamped.
    response = api_as(reader).get(URL, {"changed_since": moment})
    assert response.status_code == 200
    assert len(ids(response)) == (3 if moment.startswith("0001") else 0)
