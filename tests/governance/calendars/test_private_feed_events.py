"""The private feed's events, read back with icalendar: the meetings of her bodies (and only hers), the
Project Board meetings and reporting deadlines of a project leader or deputy, in Danish time, and a moved
or cancelled meeting replacing the copy a calendar program already holds."""

import datetime

import pytest
from django.utils import timezone

from governance.board.services import board_period_cancel, board_period_move
from governance.bodies.services import meeting_create, meeting_update, membership_end
from governance.models import Membership
from portfolio.services import project_set_people
from tests.factories import ProjectFactory, UserFactory, body
from tests.governance.calendars.feeds import board_meeting, events, read, subscribe, summaries, working_day

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _only(calendar, prefix):
    found = [event for event in calendar.walk("VEVENT") if str(event["SUMMARY"]).startswith(prefix)]
    assert len(found) == 1, summaries(calendar)
    return found[0]


def test_it_gives_a_member_the_meetings_of_her_body_as_danish_days(client, steering_member):
    day = timezone.localdate() + 10 * DAY
    meeting = meeting_create(actor=None, body=body("styregruppe"), date=day, location="Byrådssalen, Grenaa")
    meeting_create(actor=None, body=body("programgruppe"), date=day, location="Mødelokale 2")

    calendar = read(client.get(subscribe(steering_member)))

    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Copenhagen"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    assert summaries(calendar) == ["Møde i Tværgående digitaliseringsstyregruppe"]
    event = events(calendar)[f"meeting-{meeting.pk}@127.0.0.1"]
    assert event.decoded("DTSTART") == day
    assert event.decoded("DTEND") == day + DAY
    assert str(event["LOCATION"]) == "Byrådssalen, Grenaa"
    assert str(event["URL"]) == f"http://127.0.0.1:8000/governance/meetings/{meeting.pk}/"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    assert "LAST-MODIFIED" in event


def test_it_shows_a_person_no_meetings_of_bodies_she_is_not_in(client, reader, programme_member):
    meeting_create(actor=None, body=body("styregruppe"), date=timezone.localdate() + 3 * DAY)
    board_meeting(working_day(14))

    assert summaries(read(client.get(subscribe(reader)))) == []
    assert summaries(read(client.get(subscribe(programme_member)))) == []


def test_it_drops_the_meetings_of_a_body_she_has_left(client, steering_member):
    meeting_create(actor=None, body=body("styregruppe"), date=timezone.localdate() + 3 * DAY)
    path = subscribe(steering_member)
    assert summaries(read(client.get(path))) == ["Møde i Tværgående digitaliseringsstyregruppe"]

    membership = Membership.objects.get(user=steering_member, body__slug="styregruppe")
    membership_end(actor=None, membership=membership, end_date=timezone.localdate())

    assert summaries(read(client.get(path))) == []


def test_it_covers_three_months_back_to_fifteen_months_ahead(client, steering_member):
    today = timezone.localdate()
    for days in (-100, -80, 440, 470):
        meeting_create(actor=None, body=body("styregruppe"), date=today + days * DAY)

    calendar = read(client.get(subscribe(steering_member)))

    assert sorted(event.decoded("DTSTART") for event in calendar.walk("VEVENT")) == [
        today - 80 * DAY,
        today + 440 * DAY,
    ]


def test_it_gives_a_leader_and_her_deputy_the_board_meetings_and_their_deadlines(client, led_project):
    deputy = UserFactory(username="stedfortraeder")
    project_set_people(actor=None, project=led_project, leader=led_project.leader, deputies=[deputy])
    past = board_meeting(timezone.localdate() - 20 * DAY)
    coming = board_meeting(working_day(20), location="Mødelokale 1")
    deadline = f"Frist for statusrapport: {led_project.number} Talegenkendelse"

    for person in (led_project.leader, deputy):
        calendar = read(client.get(subscribe(person)))
        found = events(calendar)
        assert summaries(calendar) == sorted(["Project Board-møde", "Project Board-møde", deadline])
        board = found[f"meeting-{coming.pk}@127.0.0.1"]
        assert board.decoded("DTSTART") == coming.date
        assert str(board["LOCATION"]) == "Mødelokale 1"
        assert str(board["URL"]) == f"http://127.0.0.1:8000/board/{coming.reporting_period_id}/"
        assert f"meeting-{past.pk}@127.0.0.1" in found
        # Only the coming meeting asks for a report.
        due = found[f"deadline-{coming.reporting_period_id}-{led_project.pk}@127.0.0.1"]
        assert due.decoded("DTSTART") == coming.reporting_period.reporting_deadline
        assert str(due["URL"]) == f"http://127.0.0.1:8000/projects/{led_project.pk}/status/new/"
        assert "Project Board-mødet" in str(due["DESCRIPTION"])


def test_it_gives_no_deadlines_for_a_closed_project(client, led_project):
    board_meeting(working_day(20))
    led_project.phase = "afsluttet"
    led_project.save(update_fields=["phase"])
    other = ProjectFactory(name="Andet projekt")
    project_set_people(actor=None, project=other, leader=UserFactory())

    assert summaries(read(client.get(subscribe(led_project.leader)))) == []


def test_it_moves_a_moved_board_meeting_and_its_deadline_under_the_same_uids(
    client, led_project, programme_member
):
    meeting = board_meeting(working_day(20))
    path = subscribe(led_project.leader)
    before = events(read(client.get(path)))

    new_day = working_day(30)
    board_period_move(actor=programme_member, period=meeting.reporting_period, new_meeting_date=new_day)
    after = events(read(client.get(path)))

    assert after.keys() == before.keys()
    uid = f"meeting-{meeting.pk}@127.0.0.1"
    assert after[uid].decoded("DTSTART") == new_day
    assert after[uid]["SEQUENCE"] > before[uid]["SEQUENCE"]
    assert after[uid].decoded("LAST-MODIFIED") >= before[uid].decoded("LAST-MODIFIED")
    deadline_uid = f"deadline-{meeting.reporting_period_id}-{led_project.pk}@127.0.0.1"
    assert after[deadline_uid].decoded("DTSTART") > before[deadline_uid].decoded("DTSTART")
    assert after[deadline_uid]["SEQUENCE"] > before[deadline_uid]["SEQUENCE"]


def test_it_marks_a_cancelled_board_meeting_and_its_deadline_cancelled(client, led_project, programme_member):
    meeting = board_meeting(working_day(20))
    path = subscribe(led_project.leader)
    before = events(read(client.get(path)))

    board_period_cancel(actor=programme_member, period=meeting.reporting_period)
    after = events(read(client.get(path)))

    for uid in (
        f"meeting-{meeting.pk}@127.0.0.1",
        f"deadline-{meeting.reporting_period_id}-{led_project.pk}@127.0.0.1",
    ):
        assert str(after[uid]["STATUS"]) == "CANCELLED"
        assert str(after[uid]["SUMMARY"]).startswith("Aflyst: ")
        assert after[uid]["SEQUENCE"] > before[uid]["SEQUENCE"]


def test_it_marks_a_cancelled_body_meeting_cancelled(client, steering_member, steering_secretary):
    day = timezone.localdate() + 5 * DAY
    meeting = meeting_create(actor=None, body=body("styregruppe"), date=day)
    meeting_update(actor=steering_secretary, meeting=meeting, date=day, location="", cancelled=True)

    event = _only(read(client.get(subscribe(steering_member))), "Aflyst: Møde i")

    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("DTSTART") == day
