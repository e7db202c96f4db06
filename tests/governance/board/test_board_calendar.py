"""The Project Board calendar: Danish working days, the series of periods created ahead, single
meetings moved or cancelled without breaking the series, and who may do what on /board/."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance.board import calendar as series
from governance.board import services
from governance.models import BoardCalendar, Meeting
from portfolio.models import ReportingPeriod
from tests.edit_tokens import scope_token, token_of
from tests.factories import (
    ProjectFactory,
    ReportingPeriodFactory,
    StatusReportFactory,
    body,
)
from tests.governance.helpers import VALID_CALENDAR

pytestmark = pytest.mark.django_db

D = datetime.timedelta
date = datetime.date

# A series well in the future, so moving its meetings is never refused as "in the past".
FIRST = date(2031, 1, 9)  # a Thursday
BEFORE_FIRST = date(2031, 1, 6)


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def set_calendar(actor=None, *, first=FIRST, interval=14, deadline=2, horizon=12, today=BEFORE_FIRST):
    services.board_calendar_save(
        actor=actor,
        first_meeting_date=first,
        interval_days=interval,
        deadline_working_days=deadline,
        horizon_weeks=horizon,
    )
    return services.board_calendar_extend(today=today)


def meeting_dates():
    return list(ReportingPeriod.objects.order_by("meeting_date").values_list("meeting_date", flat=True))


# --------------------------------------------------------------------------- working days


def test_it_computes_easter_and_the_danish_holidays():
    assert series.easter_sunday(2024) == date(2024, 3, 31)
    assert series.easter_sunday(2025) == date(2025, 4, 20)
    assert series.easter_sunday(2026) == date(2026, 4, 5)
    assert series.easter_sunday(2038) == date(2038, 4, 25)
    holidays = series.danish_holidays(2026)
    assert holidays[date(2026, 4, 2)] == "skærtorsdag"
    assert holidays[date(2026, 4, 3)] == "langfredag"
    assert holidays[date(2026, 4, 6)] == "2. påskedag"
    assert holidays[date(2026, 5, 14)] == "Kristi himmelfartsdag"
    assert holidays[date(2026, 5, 25)] == "2. pinsedag"
    assert holidays[date(2026, 6, 5)] == "grundlovsdag"
    for month, day_of_month in [(1, 1), (12, 24), (12, 25), (12, 26), (12, 31)]:
        day = date(2026, month, day_of_month)
        assert not series.is_working_day(day)
    # Store bededag was abolished from 2024; the Friday after Kristi himmelfart is a working day.
    assert series.holiday_name(date(2023, 5, 5)) == "store bededag"
    assert series.is_working_day(date(2024, 4, 26))
    assert series.is_working_day(date(2026, 5, 15))
    assert series.is_working_day(date(2026, 12, 28))


@pytest.mark.parametrize(
    ("meeting", "working_days", "deadline"),
    [
        (date(2026, 3, 12), 2, date(2026, 3, 10)),  # an ordinary Thursday: Tuesday
        (date(2026, 3, 16), 2, date(2026, 3, 12)),  # a Monday: back over the weekend
        (date(2026, 4, 9), 2, date(2026, 4, 7)),  # the Thursday after Easter
        (date(2026, 4, 9), 3, date(2026, 4, 1)),  # over 2. påskedag, Easter, langfredag, skærtorsdag
        (date(2026, 5, 18), 2, date(2026, 5, 13)),  # over the weekend and Kristi himmelfartsdag
        (date(2026, 5, 26), 1, date(2026, 5, 22)),  # over 2. pinsedag and the weekend
        (date(2026, 6, 8), 1, date(2026, 6, 4)),  # over the weekend and grundlovsdag
        (date(2027, 1, 4), 2, date(2026, 12, 29)),  # over nytårsdag and nytårsaftensdag
        (date(2026, 3, 12), 0, date(2026, 3, 12)),  # 0: the meeting day itself
    ],
)
def test_it_counts_the_deadline_in_working_days_skipping_weekends_and_holidays(
    meeting, working_days, deadline
):
    assert series.reporting_deadline(meeting, working_days) == deadline
    assert series.working_days_between(deadline, meeting) == working_days


# --------------------------------------------------------------------------- the series


def test_it_creates_the_series_ahead_with_its_deadlines_and_meetings(programme_member):
    created = set_calendar(programme_member, first=date(2026, 1, 8), today=date(2026, 1, 5), horizon=12)

    assert [p.meeting_date for p in created] == [
        date(2026, 1, 8),
        date(2026, 1, 22),
        date(2026, 2, 5),
        date(2026, 2, 19),
        date(2026, 3, 5),
        date(2026, 3, 19),
    ]
    first, second = created[0], created[1]
    assert (first.start_date, first.reporting_deadline) == (date(2025, 12, 26), date(2026, 1, 6))
    assert (second.start_date, second.reporting_deadline) == (date(2026, 1, 9), date(2026, 1, 20))
    board = body("project-board")
    assert Meeting.objects.filter(body=board, reporting_period__in=created).count() == 6
    assert list(Meeting.objects.filter(body=board).order_by("date").values_list("date", flat=True)) == [
        p.meeting_date for p in created
    ]
    calendar = BoardCalendar.objects.get()
    assert calendar.history.first().history_user == programme_member


def test_it_holds_a_meeting_that_falls_on_a_holiday_on_the_next_working_day():
    set_calendar(first=date(2026, 3, 5), today=date(2026, 3, 1), horizon=8)

    # 19 March, then skærtorsdag 2 April: langfredag, the weekend and 2. påskedag follow, so Tuesday.
    assert meeting_dates() == [date(2026, 3, 5), date(2026, 3, 19), date(2026, 4, 7), date(2026, 4, 16)]
    easter = ReportingPeriod.objects.get(meeting_date=date(2026, 4, 7))
    assert easter.start_date == date(2026, 3, 20)
    assert easter.reporting_deadline == date(2026, 3, 31)
    assert ReportingPeriod.objects.get(meeting_date=date(2026, 4, 16)).start_date == date(2026, 4, 8)


def test_it_extends_idempotently_and_only_from_today():
    first_run = set_calendar(first=date(2026, 1, 8), today=date(2026, 2, 1), horizon=8)
    count = ReportingPeriod.objects.count()
    meetings = Meeting.objects.count()

    assert services.board_calendar_extend(today=date(2026, 2, 1)) == []
    assert services.board_calendar_extend(today=date(2026, 2, 1)) == []
    assert ReportingPeriod.objects.count() == count == len(first_run)
    assert Meeting.objects.count() == meetings == count
    # No meetings are created in the past, even though the series began in January.
    assert min(meeting_dates()) == date(2026, 2, 5)
    # A week later the horizon has moved on by one meeting at most.
    later = services.board_calendar_extend(today=date(2026, 2, 8))
    assert len(later) <= 1
    assert ReportingPeriod.objects.count() == count + len(later)


def test_it_does_nothing_without_a_calendar(db):
    assert services.board_calendar_extend(today=date(2026, 1, 1)) == []
    assert ReportingPeriod.objects.count() == 0


def test_it_continues_an_existing_series_without_duplicates():
    # Periods created before the calendar existed (by hand or by the demo), on the same Thursdays.
    ReportingPeriodFactory(
        meeting_date=FIRST, start_date=FIRST - D(days=13), reporting_deadline=FIRST - D(days=2)
    )
    ReportingPeriodFactory(
        meeting_date=FIRST + D(days=15), start_date=FIRST + D(days=1), reporting_deadline=FIRST + D(days=13)
    )

    set_calendar(first=FIRST, horizon=7)

    dates = meeting_dates()
    assert dates[:2] == [FIRST, FIRST + D(days=15)]  # the Friday one holds its slot
    assert dates[2:] == [FIRST + D(days=28), FIRST + D(days=42)]
    assert ReportingPeriod.objects.get(meeting_date=FIRST + D(days=28)).start_date == FIRST + D(days=16)


def test_it_keeps_moved_and_cancelled_meetings_when_extending(programme_member):
    set_calendar(programme_member, horizon=10)
    dates = meeting_dates()
    second = ReportingPeriod.objects.get(meeting_date=dates[1])
    third = ReportingPeriod.objects.get(meeting_date=dates[2])

    moved = services.board_period_move(
        actor=programme_member, period=second, new_meeting_date=dates[1] + D(days=1)
    )
    services.board_period_cancel(actor=programme_member, period=third)
    # Further ahead, and run twice: the series grows at the end only.
    set_calendar(programme_member, horizon=16)
    services.board_calendar_extend(today=BEFORE_FIRST)

    after = meeting_dates()
    assert dates[1] not in after  # the old date is not re-created
    assert moved.meeting_date in after
    assert after[:5] == [dates[0], dates[1] + D(days=1), dates[2], dates[3], dates[4]]
    assert len(dates) == 5  # 10 weeks from 6 January 2031: 9 January to 6 March
    assert len(after) == len(set(after)) == 8  # 16 weeks: to 17 April
    third.refresh_from_db()
    assert third.cancelled
    assert Meeting.objects.get(reporting_period=third).cancelled
    assert not ReportingPeriod.objects.exclude(pk=third.pk).filter(cancelled=True).exists()


def test_it_moves_a_meeting_with_its_deadline_and_its_meeting_row(programme_member):
    set_calendar(programme_member, horizon=6)
    period = ReportingPeriod.objects.get(meeting_date=FIRST + D(days=14))  # Thursday 23 January 2031

    services.board_period_move(actor=programme_member, period=period, new_meeting_date=date(2031, 1, 27))

    period.refresh_from_db()
    assert period.meeting_date == date(2031, 1, 27)  # Monday
    assert period.reporting_deadline == date(2031, 1, 23)  # two working days before: Thursday
    meeting = Meeting.objects.get(reporting_period=period)
    assert meeting.date == date(2031, 1, 27)
    assert meeting.history.first().history_user == programme_member


@pytest.mark.parametrize(
    ("new_date", "message"),
    [
        (FIRST + D(days=28), "Der er allerede et Project Board-møde den 6. februar 2031."),
        (FIRST, "Der er allerede et Project Board-møde den 9. januar 2031."),
        (FIRST - D(days=1), "Mødet kan kun flyttes til en dato efter det forrige møde (9. januar 2031)"),
        (
            FIRST + D(days=29),
            "Mødet kan kun flyttes til en dato efter det forrige møde (9. januar 2031) "
            "og før det næste møde (6. februar 2031).",
        ),
        (date(2031, 1, 25), "Lørdag 25. januar 2031 er en weekenddag. Vælg en arbejdsdag."),
        (FIRST + D(days=14), "Mødet ligger allerede den 23. januar 2031."),
        (date(2020, 1, 7), "Et møde kan ikke flyttes til en dato, der er passeret."),
    ],
)
def test_it_refuses_to_move_a_meeting_onto_another_or_its_neighbours(programme_member, new_date, message):
    set_calendar(programme_member, horizon=6)
    period = ReportingPeriod.objects.get(meeting_date=FIRST + D(days=14))

    with pytest.raises(ValidationError) as error:
        services.board_period_move(actor=programme_member, period=period, new_meeting_date=new_date)

    assert message in error.value.messages[0]
    period.refresh_from_db()
    assert period.meeting_date == FIRST + D(days=14)


def test_it_refuses_a_move_that_would_leave_the_series_a_gap(programme_member):
    set_calendar(programme_member, horizon=3)  # only 9 and 23 January 2031
    last = ReportingPeriod.objects.get(meeting_date=FIRST + D(days=14))

    with pytest.raises(ValidationError) as error:
        services.board_period_move(actor=programme_member, period=last, new_meeting_date=date(2031, 1, 31))

    assert "fra 17. januar 2031 til 30. januar 2031" in error.value.messages[0]


def test_it_refuses_a_public_holiday_by_name(programme_member):
    set_calendar(programme_member, first=date(2031, 4, 3), today=date(2031, 4, 1), horizon=4)
    period = ReportingPeriod.objects.get(meeting_date=date(2031, 4, 17))

    with pytest.raises(ValidationError) as error:
        services.board_period_move(actor=programme_member, period=period, new_meeting_date=date(2031, 4, 14))

    assert error.value.messages == ["Mandag 14. april 2031 er 2. påskedag. Vælg en arbejdsdag."]


def test_it_cancels_and_resumes_a_meeting_without_deleting_anything(programme_member):
    set_calendar(programme_member, horizon=4)
    period = ReportingPeriod.objects.order_by("meeting_date").first()

    services.board_period_cancel(actor=programme_member, period=period)
    period.refresh_from_db()
    assert period.cancelled and Meeting.objects.get(reporting_period=period).cancelled

    services.board_period_uncancel(actor=programme_member, period=period)
    period.refresh_from_db()
    assert not period.cancelled and not Meeting.objects.get(reporting_period=period).cancelled
    assert ReportingPeriod.objects.count() == Meeting.objects.count() == 2


# --------------------------------------------------------------------------- pages and permissions


def test_it_lets_the_programme_group_set_the_calendar_and_creates_the_periods_at_once(programme_member):
    client = client_for(programme_member)
    page = client.get(reverse("governance:board-calendar"))
    assert page.status_code == 200
    assert "Indstil Project Board-kalenderen" in page.content.decode()

    first = timezone.localdate() + D(days=7)
    while not series.is_working_day(first):
        first += D(days=1)
    data = {**VALID_CALENDAR, "first_meeting_date": first.isoformat()}
    data["version"] = scope_token(services.board_calendar_scope())

    response = client.post(reverse("governance:board-calendar"), data, follow=True)

    assert response.redirect_chain[-1][0] == reverse("governance:board-list")
    assert "Kalenderen er gemt. 4 nye møder er oprettet" in response.content.decode()
    calendar = BoardCalendar.objects.get()
    assert (calendar.first_meeting_date, calendar.updated_by) == (first, programme_member)
    assert meeting_dates()[0] == first
    assert len(meeting_dates()) == 4  # 8 weeks ahead, every 14 days
    # Saving again updates the one calendar: it moves meetings, so only after the preview is confirmed.
    data["version"] = scope_token(services.board_calendar_scope())
    preview = client.post(reverse("governance:board-calendar"), {**data, "interval_days": "21"})
    assert "Møder, der flyttes" in preview.content.decode()
    assert BoardCalendar.objects.get().interval_days == 14
    client.post(reverse("governance:board-calendar"), {**data, "interval_days": "21", "confirm": "1"})
    assert BoardCalendar.objects.get().interval_days == 21


@pytest.mark.parametrize("persona", ["project_leader", "reader"])
def test_it_refuses_the_calendar_and_the_meeting_actions_to_others(request, persona, programme_member):
    set_calendar(programme_member, horizon=4)
    period = ReportingPeriod.objects.order_by("meeting_date").first()
    client = client_for(request.getfixturevalue(persona))

    assert client.get(reverse("governance:board-calendar")).status_code == 403
    change = {**VALID_CALENDAR, "interval_days": "7"}
    assert client.post(reverse("governance:board-calendar"), change).status_code == 403
    move = client.post(
        reverse("governance:board-period-move", args=[period.pk]), {"new_meeting_date": "2031-01-10"}
    )
    assert move.status_code == 403
    assert client.post(reverse("governance:board-period-cancel", args=[period.pk])).status_code == 403
    services.board_period_cancel(actor=programme_member, period=period)
    assert client.post(reverse("governance:board-period-uncancel", args=[period.pk])).status_code == 403

    period.refresh_from_db()
    assert (period.meeting_date, period.cancelled) == (FIRST, True)
    assert BoardCalendar.objects.get().interval_days == 14
    # They still read the list, without the planning buttons.
    page = client.get(reverse("governance:board-list"))
    assert page.status_code == 200
    assert "Indstil kalender" not in page.content.decode()
    assert "Aflys<" not in page.content.decode()


def test_it_sends_anonymous_visitors_to_the_login_page(programme_member):
    set_calendar(programme_member, horizon=4)
    period = ReportingPeriod.objects.order_by("meeting_date").first()
    client = Client()
    for url, method in [
        (reverse("governance:board-list"), "get"),
        (reverse("governance:board-calendar"), "get"),
        (reverse("governance:board-calendar"), "post"),
        (reverse("governance:board-period-move", args=[period.pk]), "post"),
        (reverse("governance:board-period-cancel", args=[period.pk]), "post"),
        (reverse("governance:board-period-uncancel", args=[period.pk]), "post"),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    period.refresh_from_db()
    assert not period.cancelled


def test_it_lets_the_programme_group_move_cancel_and_resume_from_the_list(programme_member):
    set_calendar(programme_member, horizon=4)
    period = ReportingPeriod.objects.order_by("meeting_date").last()  # 23 January 2031
    client = client_for(programme_member)

    page = client.get(reverse("governance:board-list")).content.decode()
    assert "Indstil kalender" in page and "Flyt" in page and "Aflys" in page

    moved = client.post(
        reverse("governance:board-period-move", args=[period.pk]),
        {"new_meeting_date": "2031-01-21", "version": token_of(period)},
        follow=True,
    )
    assert "Mødet er flyttet fra 23. januar 2031 til 21. januar 2031" in moved.content.decode()
    assert "Flyttet" in moved.content.decode()
    client.post(reverse("governance:board-period-cancel", args=[period.pk]))
    period.refresh_from_db()
    assert (period.meeting_date, period.cancelled) == (date(2031, 1, 21), True)
    assert "Genoptag" in client.get(reverse("governance:board-list")).content.decode()
    client.post(reverse("governance:board-period-uncancel", args=[period.pk]))
    period.refresh_from_db()
    assert not period.cancelled


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**VALID_CALENDAR, "interval_days": "0"}, "Der skal være mindst 7 dage mellem møderne."),
        ({**VALID_CALENDAR, "interval_days": "99999999999999"}, "Der kan højst være 366 dage mellem"),
        ({**VALID_CALENDAR, "interval_days": "fjorten"}, "Angiv et helt tal."),
        ({**VALID_CALENDAR, "first_meeting_date": "2031-02-30"}, "Angiv en gyldig dato"),
        ({**VALID_CALENDAR, "first_meeting_date": ""}, "Angiv en dato."),
        ({**VALID_CALENDAR, "first_meeting_date": "2031-01-11"}, "Lørdag 11. januar 2031 er en weekenddag."),
        ({**VALID_CALENDAR, "first_meeting_date": "2026-04-03"}, "er langfredag"),
        ({**VALID_CALENDAR, "first_meeting_date": "9999-12-31"}, "Angiv en dato mellem år 2000 og 2100."),
        ({**VALID_CALENDAR, "deadline_working_days": "10"}, "Fristen er længere end perioden mellem møderne"),
        ({**VALID_CALENDAR, "deadline_working_days": "-1"}, "Fristen kan ikke ligge efter mødet"),
        ({**VALID_CALENDAR, "horizon_weeks": "0"}, "Planlæg mindst 1 uge frem."),
        ({**VALID_CALENDAR, "horizon_weeks": "500"}, "Der kan højst planlægges 104 uger"),
    ],
)
def test_it_explains_bad_calendar_input_in_danish(programme_member, data, message):
    response = client_for(programme_member).post(reverse("governance:board-calendar"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Kalenderen er ikke gemt" in response.content.decode()
    assert not BoardCalendar.objects.exists()
    assert not ReportingPeriod.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("i morgen", "Angiv en gyldig dato"),
        ("", "Angiv en dato."),
        ("2031-13-01", "Angiv en gyldig dato"),
        ("2031-01-09", "Der er allerede et Project Board-møde den 9. januar 2031."),
        ("2031-01-25", "er en weekenddag"),
    ],
)
def test_it_explains_a_bad_move_in_danish(programme_member, value, message):
    set_calendar(programme_member, horizon=4)
    period = ReportingPeriod.objects.order_by("meeting_date").last()

    response = client_for(programme_member).post(
        reverse("governance:board-period-move", args=[period.pk]),
        {"new_meeting_date": value, "version": token_of(period)},
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "er ikke flyttet" in response.content.decode()
    period.refresh_from_db()
    assert period.meeting_date == FIRST + D(days=14)


def test_it_answers_404_for_an_unknown_period_and_405_for_a_get(programme_member):
    client = client_for(programme_member)
    assert client.post(reverse("governance:board-period-cancel", args=[999999])).status_code == 404
    assert client.get(reverse("governance:board-period-cancel", args=[999999])).status_code == 405


def test_it_shows_each_meeting_with_deadline_marks_counts_and_link(programme_member, reader):
    set_calendar(programme_member, first=date(2031, 3, 27), today=date(2031, 3, 20), horizon=4)
    # 10 April 2031 is skærtorsdag; langfredag, the weekend and 2. påskedag follow: Tuesday 15 April.
    easter = ReportingPeriod.objects.get(meeting_date=date(2031, 4, 15))
    first = ReportingPeriod.objects.get(meeting_date=date(2031, 3, 27))
    services.board_period_cancel(actor=programme_member, period=easter)
    active = ProjectFactory.create_batch(3)
    closed = ProjectFactory(phase="afsluttet")
    StatusReportFactory(project=active[0], period=first)
    StatusReportFactory(project=active[0], period=first, version=2)  # a correction counts once
    StatusReportFactory(project=active[1], period=first, state="draft", submitted_at=None)  # a draft: not
    StatusReportFactory(project=closed, period=first)  # not active any more

    page = client_for(reader).get(reverse("governance:board-list")).content.decode()

    assert "torsdag 27. marts 2031" in page
    assert "1 af 3" in page
    assert "Aflyst" in page
    assert "Flyttet" in page and "fra torsdag 10. april (skærtorsdag)" in page
    assert f'href="/board/{first.pk}/"' in page


@pytest.mark.parametrize("count", [3, 30])
def test_it_reads_the_list_in_the_same_number_of_queries(programme_member, count, django_assert_num_queries):
    set_calendar(programme_member, horizon=2)
    start = FIRST + D(days=100)
    for n in range(count):
        period = ReportingPeriodFactory(meeting_date=start + D(days=14 * n))
        StatusReportFactory(period=period)
    for n in range(count):
        ReportingPeriodFactory(meeting_date=date(2020, 1, 2) + D(days=14 * n))
    client = client_for(programme_member)
    client.get(reverse("governance:board-list"))  # warm the session

    # session, user, calendar, upcoming, recent, the meetings' moves (history), the reports and active
    # projects counted (from the cache under the dashboard's token: the token), the user's and the group's
    # permissions, the user's roles (the menu)
    with django_assert_num_queries(10):
        response = client.get(reverse("governance:board-list"))
    assert response.status_code == 200
    assert response.content.decode().count('id="period-') == 1 + count + min(count, 6)
