"""A body's meetings: creating one, the agenda (add, edit, reorder), attendance, minutes saved as the
secretary writes, actions, the decisions projects asked for brought to the programme group, history,
and bad input answered in Danish (never a 500)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.bodies import services
from governance.models import ActionItem, AgendaItem, Meeting, Membership
from portfolio.models import StatusReport, User
from tests.edit_tokens import scope_token
from tests.factories import (
    DecisionFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    StatusReportFactory,
    UserFactory,
    body,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _member(slug, role=Membership.Role.MEMBER, username=None):
    person = UserFactory(username=username) if username else UserFactory()
    services.membership_start(
        actor=None, body=body(slug), user=person, role=role, start_date=datetime.date(2025, 1, 1)
    )
    return User.objects.get(pk=person.pk)


@pytest.fixture
def meeting(steering_secretary):
    return services.meeting_create(
        actor=steering_secretary, body=body("styregruppe"), date=TODAY, location="Byrådssalen"
    )


def _url(name, *args):
    return reverse(f"governance:{name}", args=args)


# --- creating and editing --------------------------------------------------------------------------------


def test_it_lets_the_secretary_create_a_meeting(client, steering_secretary):
    client.force_login(steering_secretary)
    url = _url("meeting-create", "styregruppe")
    assert client.get(url).status_code == 200
    response = client.post(url, {"date": "2026-12-03", "location": "Mødelokale 1"})
    meeting = Meeting.objects.get(body__slug="styregruppe", date=datetime.date(2026, 12, 3))
    assert response.status_code == 302 and response["Location"] == _url("meeting-detail", meeting.pk)
    assert meeting.location == "Mødelokale 1"
    assert meeting.history.first().history_user == steering_secretary


@pytest.mark.parametrize("persona", ["iod_secretary", "reader"])
def test_it_refuses_others_every_write(client, request, meeting, persona):
    client.force_login(request.getfixturevalue(persona))
    item = AgendaItem.objects.create(meeting=meeting, order=1, title="Punkt")
    action = ActionItem.objects.create(
        meeting=meeting, description="Gør noget", owner=meeting_owner(), due_date=TODAY
    )
    writes = [
        (_url("meeting-create", "styregruppe"), {"date": "2026-12-03"}),
        (_url("meeting-edit", meeting.pk), {"date": "2026-12-03", "location": "x"}),
        (_url("agenda-item-add", meeting.pk), {"title": "Nyt"}),
        (_url("agenda-item-edit", item.pk), {"title": "Ændret"}),
        (_url("agenda-item-move", item.pk), {"direction": "down"}),
        (_url("meeting-attendance", meeting.pk), {"attendees": []}),
        (_url("meeting-minutes", meeting.pk), {"minutes": "Hemmeligt"}),
        (_url("meeting-action-add", meeting.pk), {"description": "x"}),
        (_url("action-done", action.pk), {"done": "1"}),
        (_url("meeting-collect", meeting.pk), {}),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    meeting.refresh_from_db()
    item.refresh_from_db()
    action.refresh_from_db()
    assert meeting.minutes == "" and meeting.location == "Byrådssalen"
    assert item.title == "Punkt" and action.done_on is None
    assert Meeting.objects.count() == 1 and AgendaItem.objects.count() == 1
    page = client.get(_url("meeting-detail", meeting.pk))
    assert page.status_code == 200 and "Tilføj et punkt" not in page.content.decode()


def meeting_owner():
    return UserFactory(username="ansvarlig")


def test_it_leaves_another_bodys_meetings_to_its_own_chair_and_secretary(client):
    member = _member("programgruppe", username="pg")
    client.force_login(member)
    response = client.post(_url("meeting-create", "iod"), {"date": "2026-12-03"})
    assert response.status_code == 403
    assert not Meeting.objects.filter(body__slug="iod").exists()
    client.force_login(_member("iod", Membership.Role.CHAIR, username="iod-formand"))
    assert client.post(_url("meeting-create", "iod"), {"date": "2026-12-03"}).status_code == 302
    assert Meeting.objects.filter(body__slug="iod").exists()


def test_it_edits_and_cancels_a_meeting(client, steering_secretary, meeting):
    client.force_login(steering_secretary)
    assert client.get(_url("meeting-edit", meeting.pk)).status_code == 200
    response = client.post(
        _url("meeting-edit", meeting.pk),
        {
            "date": "2026-12-10",
            "location": "Rådhuset",
            "cancelled": "on",
            "version": scope_token(services.meeting_scope(meeting)),
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.date, meeting.location, meeting.cancelled) == (
        datetime.date(2026, 12, 10),
        "Rådhuset",
        True,
    )


# --- agenda, attendance, minutes, actions ----------------------------------------------------------------


def test_it_adds_edits_and_reorders_agenda_items(client, steering_secretary, meeting):
    client.force_login(steering_secretary)
    project = ProjectFactory()
    for title in ("Godkendelse af dagsorden", "Indsatsplan 2027", "Eventuelt"):
        response = client.post(_url("agenda-item-add", meeting.pk), {"title": title, "project": ""})
        assert response.status_code == 302
    first, second, third = meeting.agenda_items.order_by("order")
    assert [first.order, second.order, third.order] == [1, 2, 3]
    response = client.post(
        _url("agenda-item-edit", second.pk),
        {
            "title": "Indsatsplan 2027",
            "description": "Udkast",
            "project": project.pk,
            "version": scope_token(services.agenda_item_scope(second)),
        },
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.project == project and second.description == "Udkast"
    client.post(_url("agenda-item-move", third.pk), {"direction": "up"})
    assert list(meeting.agenda_items.order_by("order").values_list("title", flat=True)) == [
        "Godkendelse af dagsorden",
        "Eventuelt",
        "Indsatsplan 2027",
    ]
    client.post(_url("agenda-item-move", first.pk), {"direction": "up"})  # at the top: nothing moves
    client.post(_url("agenda-item-move", first.pk), {"direction": "down"})
    assert list(meeting.agenda_items.order_by("order").values_list("order", "title")) == [
        (1, "Eventuelt"),
        (2, "Godkendelse af dagsorden"),
        (3, "Indsatsplan 2027"),
    ]
    assert second.history.first().history_user == steering_secretary


def test_it_records_attendance_from_the_members(client, steering_secretary, meeting):
    chair = _member("styregruppe", Membership.Role.CHAIR, "formand")
    outsider = UserFactory(username="udenforstaaende")
    client.force_login(steering_secretary)
    response = client.post(
        _url("meeting-attendance", meeting.pk), {"attendees": [chair.pk, steering_secretary.pk]}
    )
    assert response.status_code == 302
    assert set(meeting.attendees.all()) == {chair, steering_secretary}
    response = client.post(_url("meeting-attendance", meeting.pk), {"attendees": [outsider.pk]})
    assert response.status_code == 400
    assert "Vælg kun organets medlemmer." in response.content.decode()
    assert set(meeting.attendees.all()) == {chair, steering_secretary}
    page = client.get(_url("meeting-detail", meeting.pk)).content.decode()
    assert "deltagere" in page.lower() and "Møde ændret: deltagere" in page


def test_it_saves_the_minutes_as_the_secretary_writes(client, steering_secretary, meeting):
    client.force_login(steering_secretary)
    url = _url("meeting-minutes", meeting.pk)

    def token():
        return scope_token(services.meeting_minutes_scope(meeting))

    response = client.post(
        url, {"minutes": "1. Dagsordenen godkendt.", "version": token()}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Gemt kl." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes == "1. Dagsordenen godkendt."
    versions = meeting.history.count()
    client.post(url, {"minutes": "1. Dagsordenen godkendt.", "version": token()}, HTTP_HX_REQUEST="true")
    assert meeting.history.count() == versions  # nothing changed, nothing written
    response = client.post(url, {"minutes": "x" * 100_001, "version": token()}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "Referatet er ikke gemt" in response.content.decode()
    response = client.post(url, {"minutes": "x" * 100_001, "version": token()})
    assert response.status_code == 400 and "højst være 10.000 tegn" in response.content.decode()
    assert client.post(url, {"minutes": "Endeligt referat.", "version": token()}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "Endeligt referat."
    assert meeting.history.first().history_user == steering_secretary


def test_it_adds_actions_and_marks_them_done(client, steering_secretary, meeting):
    owner = _member("styregruppe", username="ejer")
    item = services.agenda_item_add(actor=steering_secretary, meeting=meeting, title="Budget")
    client.force_login(steering_secretary)
    response = client.post(
        _url("meeting-action-add", meeting.pk),
        {
            "description": "Udarbejd budgetoplæg",
            "owner": owner.pk,
            "due_date": "2026-12-31",
            "agenda_item": item.pk,
        },
    )
    assert response.status_code == 302
    action = ActionItem.objects.get()
    assert (action.owner, action.agenda_item, action.due_date) == (owner, item, datetime.date(2026, 12, 31))
    assert client.post(_url("action-done", action.pk), {"done": "1"}).status_code == 302
    action.refresh_from_db()
    assert action.done_on == TODAY
    client.post(_url("action-done", action.pk), {"done": "0"})
    action.refresh_from_db()
    assert action.done_on is None
    assert action.history.first().history_user == steering_secretary
    page = client.get(_url("meeting-detail", meeting.pk)).content.decode()
    assert "Udarbejd budgetoplæg" in page and "Handling ændret" in page


def test_it_answers_bad_input_in_danish_and_never_with_a_500(client, steering_secretary, meeting):
    client.force_login(steering_secretary)
    other_meeting = services.meeting_create(actor=steering_secretary, body=body("styregruppe"), date=TODAY)
    foreign_item = services.agenda_item_add(
        actor=steering_secretary, meeting=other_meeting, title="Andet møde"
    )
    cases = [
        (_url("meeting-create", "styregruppe"), {"date": "2026-02-30"}, "Angiv en gyldig dato"),
        (_url("meeting-create", "styregruppe"), {"date": "1900-01-01"}, "mellem år 2000 og 2100"),
        (
            _url("meeting-create", "styregruppe"),
            {"date": "2026-01-01", "location": "x" * 300},
            "højst have 200 tegn",
        ),
        (_url("agenda-item-add", meeting.pk), {"title": ""}, "Skriv punktets titel."),
        (_url("agenda-item-add", meeting.pk), {"title": "x" * 201}, "200 tegn"),
        (_url("agenda-item-add", meeting.pk), {"title": "Ok", "description": "x" * 5001}, "5000 tegn"),
        (
            _url("agenda-item-add", meeting.pk),
            {"title": "Ok", "project": "999999"},
            "Vælg en af mulighederne",
        ),
        (_url("agenda-item-add", meeting.pk), {"title": "Ok", "project": "abc"}, "Vælg en af mulighederne"),
        (
            _url("meeting-action-add", meeting.pk),
            {"description": "", "owner": "x", "due_date": "i morgen"},
            "Beskriv handlingen.",
        ),
        (
            _url("meeting-action-add", meeting.pk),
            {
                "description": "Ok",
                "owner": steering_secretary.pk,
                "due_date": "2026-12-01",
                "agenda_item": foreign_item.pk,
            },
            "Vælg en af mulighederne",
        ),
        (_url("meeting-attendance", meeting.pk), {"attendees": ["abc"]}, "Vælg"),
    ]
    for url, data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 400, (url, data)
        assert message in response.content.decode(), (url, data, message)
    assert not meeting.agenda_items.exists() and not ActionItem.objects.exists()
    item = services.agenda_item_add(actor=steering_secretary, meeting=meeting, title="Punkt")
    response = client.post(_url("agenda-item-move", item.pk), {"direction": "sideways"})
    assert response.status_code == 302
    assert client.post(_url("action-done", 999999), {"done": "1"}).status_code == 404
    for name in ("meeting-detail", "meeting-edit", "meeting-minutes-pdf"):
        assert client.get(_url(name, 999999)).status_code == 404
    assert client.get(_url("agenda-item-edit", 999999)).status_code == 404
    for name in (
        "meeting-minutes",
        "meeting-attendance",
        "agenda-item-add",
        "meeting-action-add",
        "meeting-collect",
    ):
        assert client.get(_url(name, meeting.pk)).status_code == 405
    assert client.get(_url("agenda-item-move", item.pk)).status_code == 405
    assert client.post(_url("meeting-detail", meeting.pk)).status_code == 405


# --- decisions projects asked for, brought to the programme group -----------------------------------------


def _submitted(project, period, text, when):
    return StatusReportFactory(project=project, period=period, decisions_needed=text, submitted_at=when)


def test_it_puts_requested_decisions_on_the_programme_groups_next_agenda(client, programme_secretary):
    zone = timezone.get_current_timezone()
    moment = lambda day: datetime.datetime.combine(day, datetime.time(12), tzinfo=zone)  # noqa: E731
    pg = body("programgruppe")
    previous = Meeting.objects.create(body=pg, date=datetime.date(2026, 3, 1))
    period = ReportingPeriodFactory(meeting_date=datetime.date(2026, 3, 12))
    asking, quiet, older, draft_project = (
        ProjectFactory(),
        ProjectFactory(),
        ProjectFactory(),
        ProjectFactory(),
    )
    wanted = _submitted(asking, period, "Godkend udbud af fase 2.", moment(datetime.date(2026, 3, 5)))
    _submitted(quiet, period, "   ", moment(datetime.date(2026, 3, 5)))
    _submitted(older, ReportingPeriodFactory(), "Allerede behandlet.", moment(datetime.date(2026, 2, 20)))
    StatusReportFactory(
        project=draft_project,
        period=period,
        decisions_needed="Kladde",
        state=StatusReport.State.DRAFT,
        submitted_at=None,
    )
    client.force_login(programme_secretary)
    response = client.post(_url("meeting-create", "programgruppe"), {"date": "2026-03-15"}, follow=True)
    assert "1 ønsket beslutning fra statusrapporterne er sat på dagsordenen." in response.content.decode()
    meeting = Meeting.objects.exclude(pk=previous.pk).get(body=pg)
    items = list(meeting.agenda_items.all())
    assert [(i.requested_in, i.project, i.description) for i in items] == [
        (wanted, asking, "Godkend udbud af fase 2.")
    ]
    assert items[0].title.startswith("Ønsket beslutning: ")
    # The button is idempotent, and picks up a request that arrived since.
    assert client.post(_url("meeting-collect", meeting.pk)).status_code == 302
    assert meeting.agenda_items.count() == 1
    late = _submitted(quiet, ReportingPeriodFactory(), "Ny anmodning.", moment(datetime.date(2026, 3, 14)))
    client.post(_url("meeting-collect", meeting.pk))
    assert list(meeting.agenda_items.values_list("requested_in", flat=True).order_by("order")) == [
        wanted.pk,
        late.pk,
    ]
    # A later meeting does not bring a request that is already on an agenda.
    later = services.meeting_create(actor=programme_secretary, body=pg, date=datetime.date(2026, 3, 29))
    assert not later.agenda_items.exists()
    page = client.get(_url("meeting-detail", meeting.pk)).content.decode()
    assert "Hent ønskede beslutninger" in page and "Godkend udbud af fase 2." in page


def test_it_does_not_collect_requests_for_other_bodies(client, steering_secretary, meeting):
    StatusReportFactory(decisions_needed="Bevilling ønskes.", submitted_at=timezone.now())
    assert services.meeting_collect_requested_decisions(actor=steering_secretary, meeting=meeting) == []
    client.force_login(steering_secretary)
    assert client.post(_url("meeting-collect", meeting.pk)).status_code == 302
    assert not meeting.agenda_items.exists()


# --- the page -------------------------------------------------------------------------------------------


def test_it_shows_the_decisions_and_the_record_form(client, steering_secretary, meeting):
    item = services.agenda_item_add(
        actor=steering_secretary, meeting=meeting, title="Fasegodkendelse", project=ProjectFactory()
    )
    DecisionFactory(
        body=meeting.body, meeting=meeting, agenda_item=item, text="Projektet går videre til gennemførelse."
    )
    client.force_login(steering_secretary)
    page = client.get(_url("meeting-detail", meeting.pk)).content.decode()
    assert "Projektet går videre til gennemførelse." in page
    try:
        decision_url = _url("decision-record", meeting.pk)
    except Exception:  # noqa: BLE001 - the decision log's URL comes from the other half of the issue
        decision_url = None
    if decision_url:
        assert f'action="{decision_url}"' in page and 'name="agenda_item"' in page


def test_it_shows_a_meeting_in_a_constant_number_of_queries(client, steering_secretary, meeting):
    client.force_login(steering_secretary)
    url = _url("meeting-detail", meeting.pk)

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    services.agenda_item_add(
        actor=steering_secretary, meeting=meeting, title="Punkt 1", project=ProjectFactory()
    )
    few = count()
    for n in range(8):
        item = services.agenda_item_add(
            actor=steering_secretary, meeting=meeting, title=f"Punkt {n + 2}", project=ProjectFactory()
        )
        DecisionFactory(body=meeting.body, meeting=meeting, agenda_item=item, project=item.project)
        services.action_add(
            actor=steering_secretary,
            meeting=meeting,
            agenda_item=item,
            description="x",
            owner=steering_secretary,
            due_date=TODAY,
        )
    services.meeting_attendance_set(
        actor=steering_secretary, meeting=meeting, attendees=[steering_secretary, _member("styregruppe")]
    )
    assert count() == few
