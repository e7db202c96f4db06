"""A changed series that cancels a meeting moves the draft status reports started for it to the meeting
that now covers its date (the next one held), each with a history record, and the preview says so first;
a draft whose project already has a report for that meeting stays where it is, and the preview says why
(issue 19)."""

import pytest
from django.urls import reverse

from governance.board import calendar_change
from portfolio.models import StatusReport
from tests.factories import ProjectFactory, StatusReportFactory
from tests.governance.board.thursday_series import FIRST, TODAY, change_series, client_for, date, dates, post

pytestmark = pytest.mark.django_db

# A 28-day series from the same first Thursday cancels 23 January, 20 February and 20 March.
EVERY_FOUR_WEEKS = {"first_meeting_date": FIRST.isoformat(), "interval_days": "28"}


def draft(period, project=None):
    return StatusReportFactory(
        period=period, project=project or ProjectFactory(), state=StatusReport.State.DRAFT, submitted_at=None
    )


def test_it_previews_where_the_drafts_go_and_moves_nothing(programme_member, thursdays):
    first = draft(thursdays[date(2031, 1, 23)])
    draft(thursdays[date(2031, 1, 23)])
    draft(thursdays[date(2031, 2, 20)])

    change = calendar_change.board_calendar_preview(
        first_meeting_date=FIRST, interval_days=28, deadline_working_days=2, horizon_weeks=12, today=TODAY
    )

    assert [(move.from_date, move.to_date, len(move.report_keys)) for move in change.drafts] == [
        (date(2031, 1, 23), date(2031, 2, 6), 2),
        (date(2031, 2, 20), date(2031, 3, 6), 1),
    ]
    html = post(programme_member, **EVERY_FOUR_WEEKS).content.decode()
    assert "Mødet torsdag 23. januar 2031: 2 kladder flyttes til mødet torsdag 6. februar 2031." in html
    assert "Mødet torsdag 20. februar 2031: 1 kladde flyttes til mødet torsdag 6. marts 2031." in html
    first.refresh_from_db()
    assert first.period == thursdays[date(2031, 1, 23)]


def test_it_moves_the_drafts_on_confirm_with_history(programme_member, thursdays):
    report = draft(thursdays[date(2031, 1, 23)])
    client = client_for(programme_member)

    response = post(programme_member, client=client, confirm="1", **EVERY_FOUR_WEEKS)

    assert response.redirect_chain == [(reverse("governance:board-list"), 302)]
    assert "1 kladde er flyttet fra de aflyste møder." in response.content.decode()
    report.refresh_from_db()
    assert report.period == thursdays[date(2031, 2, 6)] and report.state == StatusReport.State.DRAFT
    record = report.history.order_by("-history_id").first()
    assert (record.history_user, record.history_change_reason) == (
        programme_member,
        "Flyttet fra det aflyste møde 23. januar 2031",
    )


def test_it_moves_a_draft_to_a_meeting_the_new_series_creates(programme_member, thursdays):
    later = draft(thursdays[date(2031, 3, 20)])

    change = change_series(programme_member, interval_days=28, horizon_weeks=16)

    later.refresh_from_db()
    assert later.period.meeting_date == date(2031, 4, 3) and later.period in change.created


def test_it_says_a_draft_stays_when_no_meeting_is_planned_after_it(programme_member, thursdays):
    stays = draft(thursdays[date(2031, 3, 20)])

    html = post(programme_member, **EVERY_FOUR_WEEKS).content.decode()
    assert (
        "Mødet torsdag 20. marts 2031: 1 kladde bliver på det aflyste møde, fordi der ikke er planlagt "
        "noget møde efter det endnu." in html
    )
    post(programme_member, confirm="1", **EVERY_FOUR_WEEKS)
    stays.refresh_from_db()
    assert stays.period == thursdays[date(2031, 3, 20)]


def test_it_leaves_a_draft_whose_project_already_reports_to_that_meeting_and_says_why(
    programme_member, thursdays
):
    project = ProjectFactory()
    stays = draft(thursdays[date(2031, 1, 23)], project)
    draft(thursdays[date(2031, 2, 6)], project)
    moves = draft(thursdays[date(2031, 1, 23)])

    html = post(programme_member, **EVERY_FOUR_WEEKS).content.decode()
    assert (
        "1 kladde flyttes til mødet torsdag 6. februar 2031. 1 kladde bliver på det aflyste møde, fordi "
        "projektet allerede har en rapport til mødet torsdag 6. februar 2031." in html
    )

    post(programme_member, confirm="1", **EVERY_FOUR_WEEKS)

    stays.refresh_from_db()
    moves.refresh_from_db()
    assert stays.period == thursdays[date(2031, 1, 23)]
    assert moves.period == thursdays[date(2031, 2, 6)]
    assert StatusReport.objects.count() == 3  # nothing deleted


def test_it_moves_no_submitted_report_and_keeps_a_meeting_that_has_one(programme_member, thursdays):
    submitted = StatusReportFactory(period=thursdays[date(2031, 1, 23)])
    before = dates()

    post(programme_member, confirm="1", **EVERY_FOUR_WEEKS)

    submitted.refresh_from_db()
    assert submitted.period == thursdays[date(2031, 1, 23)]
    assert not submitted.period.cancelled and dates()[: len(before)] == before
