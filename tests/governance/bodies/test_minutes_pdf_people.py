"""The minutes PDF names the people and what comes next (issue 19): the members present and absent, who
wrote the minutes, and the body's next meeting; with no attendance registered, the body's members."""

import datetime

import pytest

from governance.bodies import services
from governance.bodies.meeting_views import meeting_for_page
from governance.bodies.pdf import render_minutes_pdf
from governance.bodies.selectors import minutes_people
from governance.models import Membership
from portfolio.models import User
from tests.factories import UserFactory, body
from tests.pdf import flat, pdf_text

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 5, 7)


@pytest.fixture
def steering():
    people = {
        "chair": UserFactory(first_name="Åse", last_name="Østergård"),
        "secretary": UserFactory(first_name="Jesper", last_name="Holm"),
        "member": UserFactory(first_name="Mette", last_name="Lund"),
        "away": UserFactory(first_name="Bo", last_name="Ravn"),
        "gone": UserFactory(first_name="Gitte", last_name="Fortid"),
    }
    roles = {"chair": Membership.Role.CHAIR, "secretary": Membership.Role.SECRETARY}
    for key, person in people.items():
        services.membership_start(
            actor=None,
            body=body("styregruppe"),
            user=person,
            role=roles.get(key, Membership.Role.MEMBER),
            start_date=datetime.date(2025, 1, 1),
        )
    Membership.objects.filter(user=people["gone"]).update(end_date=datetime.date(2026, 1, 1))
    return {key: User.objects.get(pk=person.pk) for key, person in people.items()}


def meeting_on(day, **kwargs):
    return services.meeting_create(actor=None, body=body("styregruppe"), date=day, **kwargs)


def minutes_text(meeting, tmp_path):
    meeting = meeting_for_page(meeting.pk)
    return flat(pdf_text(render_minutes_pdf(meeting, people=minutes_people(meeting)), tmp_path))


def test_it_names_present_and_absent_members_the_minute_taker_and_the_next_meeting(steering, tmp_path):
    meeting = meeting_on(DAY, location="Byrådssalen")
    present = [steering["secretary"], steering["member"], steering["chair"]]
    services.meeting_attendance_set(actor=steering["secretary"], meeting=meeting, attendees=present)
    services.meeting_minutes_save(
        actor=steering["secretary"], meeting=meeting, minutes="Planen blev godkendt."
    )
    meeting_on(DAY + datetime.timedelta(days=60), location="Kantinen")
    meeting_on(DAY + datetime.timedelta(days=30), location="Mødelokale 2")
    meeting_on(DAY - datetime.timedelta(days=30))

    text = minutes_text(meeting, tmp_path)

    assert "Til stede Åse Østergård (formand), Jesper Holm (sekretær), Mette Lund (medlem)" in text
    assert "Fraværende Bo Ravn (medlem) Referent" in text
    assert "Gitte Fortid" not in text  # left the body before the meeting
    assert "Referent Jesper Holm" in text
    assert "Næste møde Lørdag 6. juni 2026, Mødelokale 2" in text


def test_it_skips_a_cancelled_next_meeting(steering, tmp_path):
    meeting = meeting_on(DAY)
    cancelled = meeting_on(DAY + datetime.timedelta(days=7))
    cancelled.cancelled = True
    cancelled.save()

    assert "Næste møde Ikke fastlagt" in minutes_text(meeting, tmp_path)


def test_it_lists_the_members_when_no_attendance_was_registered(steering, tmp_path):
    meeting = meeting_on(DAY)

    text = minutes_text(meeting, tmp_path)

    assert "Deltagere Ikke registreret" in text
    assert (
        "Medlemmer Åse Østergård (formand), Jesper Holm (sekretær), Bo Ravn (medlem), Mette Lund (medlem)"
        in text
    )
    assert "Fraværende" not in text
    assert "Referent Der er ikke skrevet referat" in text


def test_it_names_the_secretary_when_the_history_names_no_writer(steering, tmp_path):
    meeting = meeting_on(DAY)
    meeting.minutes = "Skrevet uden om portalen."
    meeting.save()

    assert "Referent Jesper Holm (organets sekretær)" in minutes_text(meeting, tmp_path)
