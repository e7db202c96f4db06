"""Helpers the governance tests share (plain functions and data; fixtures live in the conftests): members
of a body, a held meeting, an agenda item carrying a project's request, a valid board calendar post."""

import datetime

from django.utils import timezone

from governance.bodies.services import membership_start
from governance.models import AgendaItem, Meeting, Membership
from portfolio.models import User
from tests.factories import ProjectFactory, StatusReportFactory, UserFactory, body


def member(slug, username=None, role=Membership.Role.MEMBER):
    person = UserFactory(username=username) if username else UserFactory()
    membership_start(
        actor=None, body=body(slug), user=person, role=role, start_date=datetime.date(2024, 1, 1)
    )
    return User.objects.get(pk=person.pk)


def meeting(slug, day=None):
    return Meeting.objects.create(body=body(slug), date=day or timezone.localdate())


def requested_item(meeting_, project=None, text="Vi beder om 200 konsulenttimer."):
    """An agenda item that carries a project's request from its status report."""
    project = project or ProjectFactory()
    report = StatusReportFactory(project=project, decisions_needed=text)
    return AgendaItem.objects.create(
        meeting=meeting_,
        order=1,
        title=f"Ønsket beslutning: {project.name}",
        project=project,
        requested_in=report,
    )


# A valid post of the Project Board calendar form (/board/calendar/).
VALID_CALENDAR = {
    "first_meeting_date": "2031-01-09",
    "interval_days": "14",
    "deadline_working_days": "2",
    "horizon_weeks": "8",
}
