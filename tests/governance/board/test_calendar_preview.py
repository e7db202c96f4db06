"""Changing the Project Board's series: the calendar form first shows what happens to the meetings
already in the portal (moved, kept and why, cancelled, added, uneven spacing) and saves only on
confirmation; then the coming meetings follow the new series without a gap, keep their dates when
they have reports or minutes, and are not called "Flyttet fra" (issue 19)."""

import pytest
from django.urls import reverse

from governance.board import calendar_change, services
from governance.models import BoardCalendar, Meeting
from portfolio.models import ReportingPeriod
from tests.edit_tokens import scope_token, token_of
from tests.factories import StatusReportFactory
from tests.governance.board.thursday_series import (
    FIRST,
    TODAY,
    TUESDAY,
    change_series,
    client_for,
    date,
    dates,
    post,
)

pytestmark = pytest.mark.django_db

STALE = "Nogen har gemt ændringer, siden du åbnede siden"


def with_report_and_minutes(thursdays):
    """23 January has a submitted report, 6 February minutes: both keep their dates."""
    StatusReportFactory(period=thursdays[date(2031, 1, 23)])
    meeting = Meeting.objects.get(reporting_period=thursdays[date(2031, 2, 6)])
    meeting.minutes = "Mødet er holdt i forvejen som workshop."
    meeting.save()


def test_it_previews_exactly_the_moves_and_the_kept_meetings_and_changes_nothing(programme_member, thursdays):
    with_report_and_minutes(thursdays)
    before = dates()

    change = calendar_change.board_calendar_preview(
        first_meeting_date=TUESDAY, interval_days=14, deadline_working_days=2, horizon_weeks=12, today=TODAY
    )

    assert [(m.old_date, m.new_date, m.new_deadline) for m in change.moves] == [
        (date(2031, 1, 9), date(2031, 1, 7), date(2031, 1, 3)),
        (date(2031, 2, 20), date(2031, 2, 18), date(2031, 2, 14)),
        (date(2031, 3, 6), date(2031, 3, 4), date(2031, 2, 28)),
        (date(2031, 3, 20), date(2031, 3, 18), date(2031, 3, 14)),
    ]
    assert [(k.meeting_date, k.series_date, k.reason) for k in change.kept] == [
        (date(2031, 1, 23), date(2031, 1, 21), "har indsendte statusrapporter"),
        (date(2031, 2, 6), date(2031, 2, 4), "har referat"),
    ]
    assert change.cancelled == []
    assert [(s.before, s.after, s.days) for s in change.spacings] == [
        (date(2031, 1, 7), date(2031, 1, 23), 16),
        (date(2031, 2, 6), date(2031, 2, 18), 12),
    ]
    assert dates() == before

    page = post(programme_member)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ændringen er ikke gemt endnu" in html
    assert "Den nye serie flytter 4 møder. 2 møder beholder deres dato." in html
    assert "torsdag 9. januar 2031" in html and "tirsdag 7. januar 2031" in html
    assert "Mødet har indsendte statusrapporter" in html and "Mødet har referat" in html
    assert "Fra mødet torsdag 6. februar 2031 til mødet tirsdag 18. februar 2031 er der kun 12 dage" in html
    assert 'name="confirm" value="1"' in html
    assert dates() == before
    assert BoardCalendar.objects.get().first_meeting_date == FIRST


def test_it_applies_the_change_only_on_confirm_with_history_and_no_moved_label(programme_member, thursdays):
    with_report_and_minutes(thursdays)

    client = client_for(programme_member)
    response = post(programme_member, client=client, confirm="1")

    assert response.redirect_chain == [(reverse("governance:board-list"), 302)]
    assert dates() == [
        date(2031, 1, 7),
        date(2031, 1, 23),
        date(2031, 2, 6),
        date(2031, 2, 18),
        date(2031, 3, 4),
        date(2031, 3, 18),
    ]
    assert BoardCalendar.objects.get().first_meeting_date == TUESDAY
    moved = ReportingPeriod.objects.get(pk=thursdays[FIRST].pk)
    assert (moved.meeting_date, moved.reporting_deadline) == (date(2031, 1, 7), date(2031, 1, 3))
    meeting = Meeting.objects.get(reporting_period=moved)
    assert meeting.date == date(2031, 1, 7)
    record = meeting.history.order_by("-history_id").first()
    assert (record.history_user, record.history_change_reason) == (programme_member, "Flyttet med serien")

    html = response.content.decode()
    assert "Kalenderen er gemt. 4 møder er flyttet til den nye serie." in html
    # Nobody moved a single meeting: no "Flyttet fra …", neither on the moved nor on the kept ones.
    assert "Flyttet" not in client.get(reverse("governance:board-list")).content.decode()


def test_it_still_calls_a_meeting_a_person_moved_moved(programme_member, thursdays):
    period = thursdays[date(2031, 1, 23)]
    services.board_period_move(
        actor=programme_member, period=period, new_meeting_date=date(2031, 1, 24), version=token_of(period)
    )

    html = client_for(programme_member).get(reverse("governance:board-list")).content.decode()

    assert "Flyttet" in html and "fra torsdag 23. januar" in html


def test_it_leaves_no_gap_after_the_old_meetings(programme_member, thursdays):
    """The old way kept 20 March (a Thursday) and created 1 April (a Tuesday): 12 days apart."""
    change_series(programme_member, first_meeting_date=TUESDAY, horizon_weeks=16)

    held = dates()
    assert held[0] == TUESDAY and held[-1] == date(2031, 4, 15)
    assert {(after - before).days for before, after in zip(held, held[1:], strict=False)} == {14}


def test_it_cancels_the_meetings_a_longer_interval_has_no_room_for(programme_member, thursdays):
    preview = calendar_change.board_calendar_preview(
        first_meeting_date=FIRST, interval_days=28, deadline_working_days=2, horizon_weeks=12, today=TODAY
    )
    assert [p.meeting_date for p in preview.cancelled] == [
        date(2031, 1, 23),
        date(2031, 2, 20),
        date(2031, 3, 20),
    ]
    assert preview.moves == [] and preview.added == []

    response = post(programme_member, first_meeting_date=FIRST.isoformat(), interval_days="28", confirm="1")

    assert response.status_code == 302
    held = ReportingPeriod.objects.filter(cancelled=False).order_by("meeting_date")
    assert [p.meeting_date for p in held] == [date(2031, 1, 9), date(2031, 2, 6), date(2031, 3, 6)]
    assert ReportingPeriod.objects.count() == 6  # nothing deleted
    assert Meeting.objects.filter(cancelled=True).count() == 3


def test_it_lists_the_meetings_a_shorter_interval_adds(programme_member, thursdays):
    preview = calendar_change.board_calendar_preview(
        first_meeting_date=FIRST, interval_days=7, deadline_working_days=2, horizon_weeks=4, today=TODAY
    )

    assert preview.moves == [] and preview.cancelled == []
    assert [plan.meeting_date for plan in preview.added] == [date(2031, 1, 16), date(2031, 1, 30)]
    assert not preview.touches_existing  # nothing already there changes: saved without asking


def test_it_refuses_a_confirm_after_someone_changed_the_meetings(programme_member, thursdays):
    token = scope_token(services.board_calendar_scope())
    preview = post(programme_member, version=token)
    assert "Ændringen er ikke gemt endnu" in preview.content.decode()
    # Meanwhile a project submits its report for 23 January.
    StatusReportFactory(period=thursdays[date(2031, 1, 23)])
    before = dates()

    refused = post(programme_member, version=token, confirm="1")

    html = refused.content.decode()
    assert refused.status_code == 200
    assert STALE in html and "Kalenderen er ikke gemt" in html
    assert dates() == before
    assert BoardCalendar.objects.get().first_meeting_date == FIRST


@pytest.mark.parametrize("persona", ["reader", "board_secretary", "project_leader"])
def test_it_lets_only_the_programme_group_preview_or_confirm(request, persona, programme_member, thursdays):
    before = dates()
    outsider = request.getfixturevalue(persona)

    assert post(outsider).status_code == 403
    assert post(outsider, confirm="1").status_code == 403

    assert dates() == before
    assert BoardCalendar.objects.get().first_meeting_date == FIRST
    assert post(programme_member).status_code == 200


def test_it_explains_bad_input_in_danish_without_a_preview(programme_member, thursdays):
    response = post(programme_member, interval_days="fjorten", confirm="1")

    html = response.content.decode()
    assert "Angiv et helt tal." in html and "Kalenderen er ikke gemt" in html
    assert "Ændringen er ikke gemt endnu" not in html
    assert BoardCalendar.objects.get().interval_days == 14
