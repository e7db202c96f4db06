"""The feeds read in a fixed number of queries, however many meetings and projects they hold: the private
feed four (the address, her active projects, the meetings with their history, the coming periods with
theirs), the public feed two (the body, its meetings with their history)."""

import datetime

import pytest
from django.utils import timezone

from governance.bodies.services import meeting_create
from portfolio.services import project_set_people
from tests.factories import ProjectFactory, body
from tests.governance.calendars.feeds import board_meeting, events, read, subscribe, working_day

pytestmark = pytest.mark.django_db

PRIVATE_FEED_QUERIES = 4
PUBLIC_FEED_QUERIES = 2


def _grow(leader, *, meetings: int, projects: int, offset: int) -> None:
    """`meetings` steering group and Project Board meetings from `offset` days ahead, and `projects` more
    projects that `leader` leads."""
    today = timezone.localdate()
    for n in range(meetings):
        meeting_create(actor=None, body=body("styregruppe"), date=today + datetime.timedelta(days=offset + n))
        board_meeting(working_day(offset + 14 * n))
    for _ in range(projects):
        project_set_people(actor=None, project=ProjectFactory(), leader=leader)


def test_it_reads_the_private_feed_in_the_same_queries_at_two_sizes(
    client, steering_member, django_assert_num_queries
):
    path = subscribe(steering_member)
    _grow(steering_member, meetings=1, projects=1, offset=10)
    with django_assert_num_queries(PRIVATE_FEED_QUERIES):
        small = events(read(client.get(path)))

    _grow(steering_member, meetings=6, projects=5, offset=40)
    with django_assert_num_queries(PRIVATE_FEED_QUERIES):
        large = events(read(client.get(path)))

    # 1 + 1 meetings and 1 x 1 deadlines, then 7 + 7 meetings and 6 x 7 deadlines.
    assert (len(small), len(large)) == (3, 56)


def test_it_reads_the_public_feed_in_the_same_queries_at_two_sizes(
    client, steering_chair, django_assert_num_queries
):
    client.force_login(steering_chair)
    client.post("/calendar/bodies/styregruppe/public/", {"public": "on"})
    client.logout()
    found = body("styregruppe")
    path = f"/calendar/bodies/styregruppe/{found.public_calendar_token}.ics"
    today = timezone.localdate()
    meeting_create(actor=None, body=found, date=today)
    with django_assert_num_queries(PUBLIC_FEED_QUERIES):
        small = events(read(client.get(path)))

    for n in range(1, 20):
        meeting_create(actor=None, body=found, date=today + datetime.timedelta(days=n))
    with django_assert_num_queries(PUBLIC_FEED_QUERIES):
        large = events(read(client.get(path)))

    assert (len(small), len(large)) == (1, 20)
