"""Every Project Board period starts the day after the meeting held before it, also after that meeting
moved: a changed series (moved, cancelled or added meetings) and one meeting moved by hand both carry
the next period's start along, so no day belongs to two periods and none to neither (issue 19)."""

import datetime

import pytest

from governance.board import calendar_change, services
from portfolio.models import ReportingPeriod
from tests.edit_tokens import token_of
from tests.factories import StatusReportFactory
from tests.governance.board.thursday_series import FIRST, TODAY, TUESDAY, change_series, date, post

pytestmark = pytest.mark.django_db

D = datetime.timedelta


def held():
    return list(ReportingPeriod.objects.filter(cancelled=False).order_by("meeting_date"))


def assert_periods_follow_the_meetings():
    periods = held()
    for before, after in zip(periods, periods[1:], strict=False):
        assert after.start_date == before.meeting_date + D(days=1), after
        assert after.start_date <= after.reporting_deadline <= after.meeting_date


def test_it_starts_a_kept_meeting_s_period_after_the_moved_one_before_it(programme_member, thursdays):
    StatusReportFactory(period=thursdays[date(2031, 1, 23)])  # keeps 23 January's date

    html = post(programme_member).content.decode()
    assert "Perioder, der får en ny startdag" in html
    assert (
        "Perioden til mødet torsdag 23. januar 2031 begynder onsdag 8. januar 2031 "
        "(nu fredag 10. januar 2031)" in html
    )
    assert thursdays[date(2031, 1, 23)].start_date == date(2031, 1, 10)

    change_series(programme_member, first_meeting_date=TUESDAY)

    kept = ReportingPeriod.objects.get(meeting_date=date(2031, 1, 23))
    assert (kept.start_date, kept.reporting_deadline) == (date(2031, 1, 8), date(2031, 1, 21))
    assert_periods_follow_the_meetings()


def test_it_lets_the_period_after_a_cancelled_meeting_start_after_the_one_held_before(
    programme_member, thursdays
):
    change_series(programme_member, interval_days=28)

    assert [(p.meeting_date, p.start_date) for p in held()] == [
        (date(2031, 1, 9), date(2030, 12, 27)),
        (date(2031, 2, 6), date(2031, 1, 10)),
        (date(2031, 3, 6), date(2031, 2, 7)),
    ]
    assert_periods_follow_the_meetings()


def test_it_lets_a_period_start_after_a_meeting_the_series_adds(programme_member, thursdays):
    preview = calendar_change.board_calendar_preview(
        first_meeting_date=FIRST, interval_days=7, deadline_working_days=2, horizon_weeks=4, today=TODAY
    )
    assert [(r.meeting_date, r.old_start, r.new_start) for r in preview.restarts] == [
        (date(2031, 1, 23), date(2031, 1, 10), date(2031, 1, 17)),
        (date(2031, 2, 6), date(2031, 1, 24), date(2031, 1, 31)),
    ]
    assert not preview.touches_existing  # no meeting moves: saved without asking

    change_series(programme_member, interval_days=7, horizon_weeks=4)

    assert ReportingPeriod.objects.get(meeting_date=date(2031, 1, 23)).start_date == date(2031, 1, 17)
    assert_periods_follow_the_meetings()


@pytest.mark.parametrize("new_day", [date(2031, 1, 24), date(2031, 1, 22)])
def test_it_carries_the_next_period_s_start_with_a_meeting_moved_by_hand(
    programme_member, thursdays, new_day
):
    period = thursdays[date(2031, 1, 23)]

    services.board_period_move(
        actor=programme_member, period=period, new_meeting_date=new_day, version=token_of(period)
    )

    following = ReportingPeriod.objects.get(meeting_date=date(2031, 2, 6))
    assert (following.start_date, following.reporting_deadline) == (new_day + D(days=1), date(2031, 2, 4))
    assert_periods_follow_the_meetings()
