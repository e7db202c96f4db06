"""Governance's lists cost a fixed number of queries, whatever the size of the portfolio (3 and 25 projects,
each with its decisions (tests/perf's portfolio), and here a meeting with an agenda item and an attendee,
a member of the programme group for its lifetime, and an approved plan naming it)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from governance.bodies.services import membership_start
from governance.models import AgendaItem, AnnualPlan, AnnualPlanItem, Meeting
from governance.plans.selectors import plan_snapshot
from tests.api.test_query_counts import queries
from tests.factories import body, current_focus_area
from tests.perf.test_query_counts import LARGE, SMALL, add_projects

pytestmark = pytest.mark.django_db

# The token's lookup and its last-used update, the page's count, its rows (with body, meeting, project,
# agenda item and recorder joined, and whether an escalation is answered as a subquery).
DECISION_QUERIES = 4
# The token's two, the count, the rows (the items are in the frozen snapshot).
PLAN_QUERIES = 4
# The token's two, the count, the rows, their members today.
BODY_QUERIES = 5
# The token's two, the count, the rows, their agenda items, their attendees.
MEETING_QUERIES = 6


def add_governance(projects):
    """For each project: a meeting of the steering group about it, attended by its leader; its leader in the
    programme group for its lifetime; an approved plan naming it."""
    steering, programme = body("styregruppe"), body("programgruppe")
    for project in projects:
        index = project.pk
        meeting = Meeting.objects.create(body=steering, date=datetime.date(2026, 1, 1), minutes="Referat.")
        AgendaItem.objects.create(meeting=meeting, order=1, title="Status", project=project)
        meeting.attendees.add(project.leader)
        membership_start(
            actor=None,
            body=programme,
            user=project.leader,
            role="member",
            start_date=datetime.date(2025, 1, 1),
            project=project,
        )
        plan = AnnualPlan.objects.create(year=2000 + index, title=f"Plan {index}")
        item = AnnualPlanItem.objects.create(plan=plan, rank=1, project=project, amount=Decimal("1000"))
        item.focus_areas.set([current_focus_area(1)])
        AnnualPlan.objects.filter(pk=plan.pk).update(
            status=AnnualPlan.Status.APPROVED,
            approved_at=timezone.now(),
            approved_snapshot=plan_snapshot(plan),
        )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/v1/decisions/", DECISION_QUERIES),
        ("/api/v1/decisions/?format=csv", DECISION_QUERIES - 1),
        ("/api/v1/plans/", PLAN_QUERIES),
        ("/api/v1/bodies/", BODY_QUERIES),
        ("/api/v1/meetings/", MEETING_QUERIES),
        ("/api/v1/meetings/?format=csv", MEETING_QUERIES - 1),
    ],
)
def test_it_reads_a_list_in_the_same_queries_for_3_and_25_projects(api_as, reader, settings, url, expected):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client = api_as(reader)
    add_governance(add_projects(SMALL))
    small = queries(client, url)
    add_governance(add_projects(LARGE - SMALL))
    assert queries(client, url) == small == expected
