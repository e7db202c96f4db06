"""A meeting's minutes as PDF, read back as text: body, date, place, attendees, the agenda with its
decisions and actions, the minutes, page numbers. Anyone logged in may download it."""

import datetime

import pytest
from django.urls import reverse

from governance import services
from governance.minutes_pdf import minutes_html
from governance.models import Membership
from governance.views.meetings import meeting_for_page
from portfolio.models import User
from tests.factories import DecisionFactory, ProjectFactory, UserFactory, body
from tests.pdf import pdf_text as read_pdf_text

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path) -> str:
    return " ".join(read_pdf_text(pdf, tmp_path).split())


@pytest.fixture
def meeting(db):
    secretary = UserFactory(username="sekretaer", first_name="Jesper", last_name="Holm")
    chair = UserFactory(username="formand", first_name="Åse", last_name="Østergård")
    for person, role in ((secretary, Membership.Role.SECRETARY), (chair, Membership.Role.CHAIR)):
        services.membership_start(
            actor=None, body=body("styregruppe"), user=person, role=role, start_date=datetime.date(2025, 1, 1)
        )
    secretary = User.objects.get(pk=secretary.pk)
    meeting = services.meeting_create(
        actor=secretary,
        body=body("styregruppe"),
        date=datetime.date(2026, 5, 7),
        location="Byrådssalen, Grenaa",
    )
    project = ProjectFactory(number="ND-2026-007", name="Digital affaldsplanlægning")
    first = services.agenda_item_add(actor=secretary, meeting=meeting, title="Godkendelse af indsatsplanen")
    second = services.agenda_item_add(
        actor=secretary, meeting=meeting, title="Fasegodkendelse af affaldsprojektet", project=project
    )
    DecisionFactory(
        body=meeting.body, meeting=meeting, agenda_item=first, text="Indsatsplanen for 2027 godkendes."
    )
    DecisionFactory(
        body=meeting.body,
        meeting=meeting,
        agenda_item=second,
        project=project,
        kind="phase_gate",
        from_phase="analyse",
        to_phase="gennemfoerelse",
        text="Projektet går i gennemførelse.",
    )
    services.action_add(
        actor=secretary,
        meeting=meeting,
        agenda_item=second,
        description="Indkald leverandører til dialogmøde",
        owner=chair,
        due_date=datetime.date(2026, 6, 1),
    )
    services.meeting_attendance_set(actor=secretary, meeting=meeting, attendees=[secretary, chair])
    services.meeting_minutes_save(
        actor=secretary, meeting=meeting, minutes="Mødet blev holdt i god ro og orden."
    )
    return meeting


def test_it_has_the_meeting_in_the_pdf(client, meeting, tmp_path):
    client.force_login(UserFactory(username="laeser"))
    response = client.get(reverse("governance:meeting-minutes-pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "referat-styregruppe-2026-05-07.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    for expected in (
        "Referat",
        body("styregruppe").name,
        "Torsdag 7. maj 2026",
        "Byrådssalen, Grenaa",
        "Jesper Holm",
        "Åse Østergård",
        "1. Godkendelse af indsatsplanen",
        "2. Fasegodkendelse af affaldsprojektet",
        "Indsatsplanen for 2027 godkendes.",
        "Projektet går i gennemførelse.",
        "Analyse → Gennemførelse",
        "Indkald leverandører til dialogmøde",
        "ND-2026-007 Digital affaldsplanlægning",
        "Mødet blev holdt i god ro og orden.",
        "Side 1 af 1",
    ):
        assert expected in text, expected


def test_it_keeps_what_users_typed_as_text(meeting):
    services.meeting_minutes_save(
        actor=None, meeting=meeting, minutes='<img src="http://example.org/x.png"> <script>alert(1)</script>'
    )
    html = minutes_html(meeting_for_page(meeting.pk))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_it_needs_a_login(client, meeting):
    response = client.get(reverse("governance:meeting-minutes-pdf", args=[meeting.pk]))
    assert response.status_code == 302
