"""A Project Board meeting's page (/board/<pk>/) as the meeting's hub: the projects missing a status report
with their leaders, deputies and reminders; the decisions the reports ask for and the escalations to the
board; the gate and change requests; who is offered "Send påmindelse"."""

import datetime

import pytest
from django.utils import timezone

from governance.models import Meeting, ProjectRequest, StatusReminder
from portfolio.models import StatusReport
from tests.factories import (
    DecisionFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    StatusReportFactory,
    UserFactory,
    body,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def period():
    today = timezone.localdate()
    return ReportingPeriodFactory(meeting_date=today + 7 * DAY, reporting_deadline=today + 5 * DAY)


@pytest.fixture
def meeting(period):
    board = body("project-board")
    return Meeting.objects.create(body=board, date=period.meeting_date, reporting_period=period)


def person(username, first, last):
    return UserFactory(username=username, first_name=first, last_name=last)


@pytest.fixture
def missing_project(period):
    project = ProjectFactory(
        number="PB-001", name="Talegenkendelse", leader=person("anna", "Anna", "Holm"), phase="gennemfoerelse"
    )
    project.deputies.set([person("bo", "Bo", "Dam")])
    StatusReportFactory(project=project, period=period, state=StatusReport.State.DRAFT, submitted_at=None)
    return project


def page(client, user, period):
    client.force_login(user)
    return client.get(f"/board/{period.pk}/")


def test_it_lists_the_projects_missing_a_report_with_leader_deputies_and_deadline(
    client, reader, period, missing_project
):
    reported = ProjectFactory(number="PB-002", name="Indsendt projekt")
    StatusReportFactory(project=reported, period=period)
    ProjectFactory(number="PB-003", name="Lukket projekt", phase="afsluttet")
    ProjectFactory(number="PB-004", name="Arkiveret projekt", archived=True)

    response = page(client, reader, period)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Mangler statusrapport" in text
    assert "PB-001" in text and "Anna Holm" in text and "Stedfortræder: Bo Dam" in text
    assert "Ikke sendt" in text
    assert "Et aktivt projekt har ikke indsendt statusrapport" in text
    assert [row.project.number for row in response.context["missing"]] == ["PB-001"]
    assert "Indsendt projekt" not in text and "Lukket projekt" not in text and "Arkiveret projekt" not in text


def test_it_shows_when_and_by_whom_a_reminder_was_sent(
    client, reader, period, missing_project, board_secretary
):
    StatusReminder.objects.create(period=period, project=missing_project, recipient=missing_project.leader)
    manual = StatusReminder.objects.create(
        period=period, project=missing_project, recipient=missing_project.leader, sent_by=board_secretary
    )
    manual.also_to.set(missing_project.deputies.all())

    text = page(client, reader, period).content.decode()

    assert "Sendte påmindelser" in text
    assert "Automatisk før fristen" in text
    assert "Anna Holm, Bo Dam" in text
    assert "(2 i alt)" in text
    assert "Næste påmindelse kan sendes" not in text  # a reader is offered nothing


def test_it_tells_the_secretary_when_the_next_reminder_may_go(
    client, board_secretary, period, missing_project
):
    StatusReminder.objects.create(period=period, project=missing_project, recipient=missing_project.leader)

    text = page(client, board_secretary, period).content.decode()

    assert "Næste påmindelse kan sendes" in text
    assert "Send påmindelse<" not in text


@pytest.mark.parametrize("persona", ["board_secretary", "programme_member"])
def test_it_offers_send_reminder_to_the_secretary_and_the_programme_group(
    client, request, persona, period, missing_project
):
    text = page(client, request.getfixturevalue(persona), period).content.decode()

    assert "Send påmindelse" in text
    assert "Send til alle (1)" in text
    assert 'name="submit_token"' in text


@pytest.mark.parametrize("persona", ["reader", "project_leader"])
def test_it_offers_no_reminder_to_others(client, request, persona, period, missing_project):
    text = page(client, request.getfixturevalue(persona), period).content.decode()

    assert "Send påmindelse" not in text and "Send til alle" not in text


def test_it_offers_no_reminder_for_a_held_or_cancelled_meeting(client, board_secretary, missing_project):
    today = timezone.localdate()
    held = ReportingPeriodFactory(meeting_date=today - 3 * DAY)
    cancelled = ReportingPeriodFactory(meeting_date=today + 21 * DAY, cancelled=True)

    for period in (held, cancelled):
        text = page(client, board_secretary, period).content.decode()
        assert "Send påmindelse" not in text


def test_it_lists_the_decisions_requested_and_the_open_escalations_to_the_board(client, reader, period):
    asking = ProjectFactory(number="PB-010", name="Beslutningsprojekt")
    old = StatusReportFactory(project=asking, period=period, decisions_needed="Gammel version")
    StatusReportFactory(
        project=asking, period=period, version=2, supersedes=old, decisions_needed="Godkend ny leverandør"
    )
    StatusReportFactory(project=ProjectFactory(number="PB-011"), period=period, decisions_needed="  ")
    group = body("projektgruppe-monopolbrud")
    group.escalates_to = body("project-board")  # a group that answers to the board, for this test
    group.save()
    escalation = DecisionFactory(body=group, kind="escalation", text="Vi mangler ressourcer til test")
    DecisionFactory(body=body("projektgruppe-bra-smart"), kind="escalation", text="Til programgruppen")

    text = page(client, reader, period).content.decode()

    assert "Godkend ny leverandør" in text and "Gammel version" not in text
    assert "PB-011" not in text.split("Beslutninger ønsket")[2]
    assert "(version 2)" in text
    assert "Vi mangler ressourcer til test" in text and f"/decisions/{escalation.pk}/" in text
    assert "Til programgruppen" not in text


def test_it_lists_the_requests_on_the_meetings_agenda_and_those_awaiting_a_decision(
    client, reader, period, meeting, programme_member
):
    on_agenda = ProjectFactory(number="PB-020", name="På dagsordenen")
    item = meeting.agenda_items.create(order=1, title="Ændring", project=on_agenda)
    change = ProjectRequest.objects.create(
        kind="change",
        project=on_agenda,
        body=body("programgruppe"),
        agenda_item=item,
        reason="Mere tid",
        requested_by=programme_member,
    )
    waiting = ProjectRequest.objects.create(
        kind="gate",
        project=ProjectFactory(number="PB-021", name="Venter på et møde"),
        body=body("programgruppe"),
        from_phase="analyse",
        to_phase="gennemfoerelse",
        requested_by=programme_member,
    )
    ProjectRequest.objects.create(
        kind="change",
        project=ProjectFactory(number="PB-022", name="Trukket tilbage"),
        body=body("programgruppe"),
        state="withdrawn",
        requested_by=programme_member,
    )

    text = page(client, reader, period).content.decode()

    assert f"/requests/{change.pk}/" in text and "På dette møde" in text
    assert f"/requests/{waiting.pk}/" in text and "Afventer et møde" in text
    assert "Trukket tilbage" not in text.split('id="anmodninger"')[1]


@pytest.mark.parametrize("path", ["/board/99999999999999999999999/", "/board/0/", "/board/abc/"])
def test_it_answers_404_for_an_unknown_meeting(client, reader, path):
    client.force_login(reader)

    assert client.get(path).status_code == 404
