"""A Project Board meeting cancelled on the meeting's own form cancels its reporting period, as the board
calendar's "Aflys" does: no reminders, no automatic board report, no "missing reports", and the project
leaders' status page points at the next meeting, and the drafts started for the cancelled meeting move to it.
Nothing is deleted; clearing the mark undoes the cancellation (moved drafts stay where they went)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation

from governance.board import reminders as board_reminders
from governance.board import reports as board_reports
from governance.bodies import services as body_services
from governance.dashboard.selectors import dashboard_data
from governance.models import BoardReport, Meeting
from portfolio.models import Project, ReportingPeriod, StatusReport
from portfolio.selectors import current_period
from tests.edit_tokens import token_on
from tests.factories import ProjectFactory, ReportingPeriodFactory, StatusReportFactory, body

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
days = datetime.timedelta


def _board_period(meeting_date):
    period = ReportingPeriodFactory(
        meeting_date=meeting_date,
        reporting_deadline=meeting_date - days(2),
        start_date=meeting_date - days(13),
    )
    Meeting.objects.create(body=body("project-board"), date=meeting_date, reporting_period=period)
    return period


@pytest.fixture
def periods():
    """The coming meeting (deadline tomorrow) and the one after it."""
    return _board_period(TODAY + days(3)), _board_period(TODAY + days(17))


def _cancel_on_the_meeting_form(client, user, period, cancelled=True):
    meeting = Meeting.objects.get(reporting_period=period)
    client.force_login(user)
    url = reverse("governance:meeting-edit", args=[meeting.pk])
    data = {"date": meeting.date.isoformat(), "location": "Rådhuset", "version": token_on(client, url)}
    if cancelled:
        data["cancelled"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302
    period.refresh_from_db()
    return meeting


def test_it_cancelling_the_board_meeting_on_its_form_cancels_its_period(client, board_secretary, periods):
    coming, _next = periods
    meeting = _cancel_on_the_meeting_form(client, board_secretary, coming)
    meeting.refresh_from_db()
    assert meeting.cancelled and coming.cancelled
    # History kept: both rows stay, and the meeting's history says who cancelled it.
    assert ReportingPeriod.objects.filter(pk=coming.pk).exists()
    assert meeting.history.first().history_user == board_secretary


def test_it_a_cancelled_meetings_period_gets_no_reminders(client, board_secretary, periods, project_leader):
    coming, _next = periods
    assert board_reminders.board_period_to_remind(TODAY) == coming
    _cancel_on_the_meeting_form(client, board_secretary, coming)
    assert board_reminders.board_period_to_remind(TODAY) is None
    assert board_reminders.board_reminders_send(today=TODAY) == 0
    assert mail.outbox == []


def test_it_a_cancelled_meetings_period_gets_no_automatic_board_report(client, board_secretary, periods):
    coming, _next = periods
    _cancel_on_the_meeting_form(client, board_secretary, coming)
    assert board_reports.board_reports_generate_due(today=coming.reporting_deadline) == []
    assert not BoardReport.objects.filter(period=coming).exists()


def test_it_a_cancelled_meetings_period_is_not_the_next_deadline_nor_missing(
    client, board_secretary, periods, project_leader
):
    coming, after = periods
    assert dashboard_data(today=TODAY).period == coming
    _cancel_on_the_meeting_form(client, board_secretary, coming)
    # The "missing reports" count and the project list's filter count for the next meeting that is held.
    assert current_period() == after
    assert dashboard_data(today=TODAY).period == after
    client.force_login(project_leader)
    project = Project.objects.get(leader=project_leader)
    page = client.get(reverse("portfolio:status-new", args=[project.pk])).content.decode()
    assert f"Project Board {_danish(after.meeting_date)}" in page
    assert _danish(coming.meeting_date) not in page


def test_it_clearing_the_mark_makes_the_period_active_again(client, board_secretary, periods):
    coming, _next = periods
    _cancel_on_the_meeting_form(client, board_secretary, coming)
    meeting = _cancel_on_the_meeting_form(client, board_secretary, coming, cancelled=False)
    meeting.refresh_from_db()
    assert not meeting.cancelled and not coming.cancelled
    assert current_period() == coming


def test_it_an_ordinary_bodys_meeting_cancels_without_a_period(client, board_secretary):
    meeting = body_services.meeting_create(actor=board_secretary, body=body("styregruppe"), date=TODAY)
    body_services.meeting_update(
        actor=board_secretary, meeting=meeting, date=TODAY, location="", cancelled=True
    )
    meeting.refresh_from_db()
    assert meeting.cancelled and meeting.reporting_period is None


def _draft(project, period):
    return StatusReportFactory(
        project=project, period=period, state=StatusReport.State.DRAFT, submitted_at=None
    )


def test_it_moves_a_cancelled_meetings_drafts_to_the_next_meeting(
    client, board_secretary, periods, project_leader
):
    coming, after = periods
    project = Project.objects.get(leader=project_leader)
    draft = _draft(project, coming)

    _cancel_on_the_meeting_form(client, board_secretary, coming)

    draft.refresh_from_db()
    assert draft.period == after
    latest = draft.history.first()
    assert latest.history_change_reason == f"Flyttet fra det aflyste møde {_danish(coming.meeting_date)}"
    assert latest.history_user == board_secretary
    # The leader finds her started report on the meeting that is held.
    client.force_login(project_leader)
    page = client.get(reverse("portfolio:status-new", args=[project.pk]), follow=True).content.decode()
    assert f"Project Board {_danish(after.meeting_date)}" in page


def test_it_moves_the_drafts_when_the_programme_group_cancels_from_the_board_list(
    client, programme_member, periods
):
    coming, after = periods
    draft = _draft(ProjectFactory(), coming)
    client.force_login(programme_member)

    response = client.post(reverse("governance:board-period-cancel", args=[coming.pk]))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.period == after


def test_it_leaves_a_draft_where_it_is_when_its_project_already_reports_to_the_next_meeting(
    client, board_secretary, periods
):
    coming, after = periods
    project = ProjectFactory()
    stays = _draft(project, coming)
    StatusReportFactory(project=project, period=after)
    other = _draft(ProjectFactory(), coming)

    _cancel_on_the_meeting_form(client, board_secretary, coming)

    stays.refresh_from_db()
    other.refresh_from_db()
    assert (stays.period, other.period) == (coming, after)


def test_it_does_not_move_submitted_reports_nor_moves_drafts_back_when_the_meeting_is_resumed(
    client, board_secretary, periods
):
    coming, after = periods
    submitted = StatusReportFactory(period=coming)
    draft = _draft(ProjectFactory(), coming)

    _cancel_on_the_meeting_form(client, board_secretary, coming)
    _cancel_on_the_meeting_form(client, board_secretary, coming, cancelled=False)

    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert (submitted.period, draft.period) == (coming, after)


def _danish(day):
    with translation.override("da"):
        return formats.date_format(day, "j. F Y")
