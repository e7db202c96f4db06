"""A meeting's minutes as PDF, read back as text: body, date, place, attendees, the agenda with its
decisions and actions, the minutes, page numbers. Anyone logged in may download it."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.bodies import services
from governance.bodies.meeting_views import meeting_for_page
from governance.bodies.pdf import LineBudget, minutes_html
from governance.models import MINUTES_MAX_CHARS, MINUTES_MAX_LINES, Meeting, Membership
from portfolio.models import User
from portfolio.pdf import LONG_WORD, printable
from tests.edit_tokens import scope_token
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


# --- bounded: the PDF is printed inside the request, so neither typed nor stored text makes it long ------

HOSTILE_LINE_BREAKS = "\n" * 99_999
# The largest minutes the form accepts, in the widest letter: every line wraps once in the PDF.
LARGEST_ACCEPTED = "\n".join(["W" * 49] * MINUTES_MAX_LINES)[:MINUTES_MAX_CHARS]


def pages(text: str) -> int:
    return int(re.search(r"Side 1 af (\d+)", text)[1])


def test_it_refuses_minutes_over_the_line_or_character_bound(client, meeting):
    secretary = User.objects.get(username="sekretaer")
    client.force_login(secretary)
    url = reverse("governance:meeting-minutes", args=[meeting.pk])

    def save(minutes):
        return client.post(
            url, {"minutes": minutes, "version": scope_token(services.meeting_minutes_scope(meeting))}
        )

    response = save(HOSTILE_LINE_BREAKS)
    page = response.content.decode()
    assert response.status_code == 400
    assert f"Referatet kan højst have {MINUTES_MAX_LINES} linjer (det har 100.000)" in page
    response = save("x" * (MINUTES_MAX_CHARS + 1))
    assert response.status_code == 400 and "Referatet kan højst være 10.000 tegn" in response.content.decode()
    # The browser sends \r\n; each counts as one character and one line break, as the text box shows.
    assert save("\r\n".join(["x" * 40] * MINUTES_MAX_LINES)).status_code == 302
    assert save(LARGEST_ACCEPTED).status_code == 302
    with pytest.raises(ValidationError):
        services.meeting_minutes_save(actor=secretary, meeting=meeting, minutes=HOSTILE_LINE_BREAKS)


def test_it_prints_the_largest_accepted_minutes_whole_in_a_few_pages(client, meeting, tmp_path):
    services.meeting_minutes_save(actor=None, meeting=meeting, minutes=LARGEST_ACCEPTED)
    client.force_login(UserFactory(username="laeser"))
    response = client.get(reverse("governance:meeting-minutes-pdf", args=[meeting.pk]))
    text = read_pdf_text(response.content, tmp_path).replace("\u200b", "")
    assert response.status_code == 200 and pages(text) <= 6
    assert text.count("W" * 49) == MINUTES_MAX_LINES
    assert "PDF'en viser ikke alt" not in text


def test_it_bounds_what_the_pdf_lays_out_whatever_is_stored(client, meeting, tmp_path):
    """Minutes stored before the bounds (or by other means) and an agenda without end: the PDF keeps to
    its budget of lines and says what it left out."""
    Meeting.objects.filter(pk=meeting.pk).update(minutes=HOSTILE_LINE_BREAKS + "x" * 100_000)
    first = meeting.agenda_items.get(order=1)
    DecisionFactory(body=meeting.body, meeting=meeting, agenda_item=first, text="Linje\n" * 800)
    for _ in range(40):
        services.agenda_item_add(actor=None, meeting=meeting, title="Punkt", description="Tekst\n" * 800)
    client.force_login(UserFactory(username="laeser"))
    response = client.get(reverse("governance:meeting-minutes-pdf", args=[meeting.pk]))
    text = " ".join(read_pdf_text(response.content, tmp_path).split())
    assert response.status_code == 200 and pages(text) <= 8
    assert "PDF'en viser ikke alt" in text and "dagsordenspunkter, beslutninger eller handlinger" in text
    assert f"/governance/meetings/{meeting.pk}/" in text.replace(" ", "")
    assert "1. Godkendelse af indsatsplanen" in text


def test_it_makes_any_text_printable():
    assert printable("a\r\n\r\n\r\n\n\nb\x00c\x1bd\te  \n") == "a\n\nb c d    e"
    assert printable("\n" * 99_999) == ""
    broken = printable("x" * 100)
    assert broken.split("\u200b") == ["x" * LONG_WORD, "x" * LONG_WORD, "x" * 20]
    assert printable("kort ord og " + "y" * LONG_WORD) == "kort ord og " + "y" * LONG_WORD
    assert printable("a" + " " * 500 + "b") == "a" + " " * 8 + "b"


def test_it_shortens_a_text_to_the_line_budget():
    budget = LineBudget(3)
    assert budget.text("en\nto") == "en\nto" and budget.left == 1
    assert budget.text("tre\nfire\nfem") == "tre …" and budget.left == 0 and budget.cut == 1
    assert budget.text("mere") == "" and budget.cut == 2
