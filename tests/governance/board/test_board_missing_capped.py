"""A Project Board meeting's page lists at most MISSING_SHOWN of the projects missing a report and of the
reminders sent, with how many there are in all and a link to all of them: the days before a deadline,
hundreds of projects may lack a report, each row with its own reminder button."""

import datetime

import pytest
from django.utils import timezone

from governance.board import meeting_views
from governance.models import StatusReminder
from tests.factories import ProjectFactory, ReportingPeriodFactory, StatusReportFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def period(monkeypatch, board_secretary):
    monkeypatch.setattr(meeting_views, "MISSING_SHOWN", 2)
    today = timezone.localdate()
    period = ReportingPeriodFactory(meeting_date=today + 7 * DAY, reporting_deadline=today + 5 * DAY)
    for n in range(1, 5):
        project = ProjectFactory(number=f"PR-00{n}", leader=UserFactory(), phase="analyse")
        if n == 4:
            StatusReportFactory(project=project, period=period)
        else:
            for _ in range(n):  # sent by hand: one automatic reminder per project and period
                StatusReminder.objects.create(
                    period=period, project=project, recipient=project.leader, sent_by=board_secretary
                )
    return period


def missing_rows(text: str) -> list[str]:
    section = text.split('id="mangler"', 1)[1].split('id="paamindelser"', 1)[0]
    return [number for number in ("PR-001", "PR-002", "PR-003", "PR-004") if f">{number}</a>" in section]


@pytest.mark.parametrize("persona", ["board_secretary", "reader"])
def test_it_lists_the_first_of_the_missing_projects_with_how_many_in_all(client, request, persona, period):
    client.force_login(request.getfixturevalue(persona))

    text = client.get(f"/board/{period.pk}/").content.decode()

    assert missing_rows(text) == ["PR-001", "PR-002"]
    assert "Mangler statusrapport (3)" in text
    assert "3 aktive projekter har ikke indsendt statusrapport til mødet." in text
    assert 'Viser de første 2 af 3. <a href="?alle=1#mangler">Vis alle 3</a>' in text
    assert ("Send til alle (3)" in text) == (persona == "board_secretary")


def test_it_lists_the_newest_reminders_with_how_many_in_all(client, board_secretary, period):
    client.force_login(board_secretary)

    text = client.get(f"/board/{period.pk}/").content.decode()

    log = text.split('id="paamindelser"', 1)[1].split("</table>", 1)[0]
    assert log.count("<td>PR-003</td>") == 2  # the newest: PR-003's three were sent last
    assert "<td>PR-001</td>" not in log
    assert "<td>PR-002</td>" not in log
    assert 'Viser de nyeste 2 af 6. <a href="?alle=1#paamindelser">Vis alle 6</a>' in text


def test_it_lists_all_on_asking(client, board_secretary, period):
    client.force_login(board_secretary)

    text = client.get(f"/board/{period.pk}/?alle=1").content.decode()

    assert missing_rows(text) == ["PR-001", "PR-002", "PR-003"]
    assert text.split('id="paamindelser"', 1)[1].count("<td>PR-003</td>") == 3
    assert "Viser de" not in text


def test_it_says_nothing_of_a_limit_the_lists_stay_under(client, board_secretary, period, monkeypatch):
    monkeypatch.setattr(meeting_views, "MISSING_SHOWN", 50)
    client.force_login(board_secretary)

    text = client.get(f"/board/{period.pk}/?alle=nej").content.decode()

    assert missing_rows(text) == ["PR-001", "PR-002", "PR-003"]
    assert "Viser de" not in text
