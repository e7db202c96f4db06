"""A Project Board meeting cancelled on the meeting's own form cancels its reporting period, as the board
calendar's "Aflys" does: no reminders, no automatic board report, no "missing reports", and the project
leaders' status page points at the next meeting. Nothing is deleted; clearing the mark undoes it."""

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
from portfolio.models import Project, ReportingPeriod
from portfolio.selectors import current_period
from tests.edit_tokens import token_on
from tests.factories import ReportingPeriodFactory, body

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


def _danish(day):
    with translation.override("da"):
        return formats.date_format(day, "j. F Y")
