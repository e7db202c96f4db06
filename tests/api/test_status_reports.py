"""/api/v1/status-reports/: every submitted version with its lights; a draft only for those who report it."""

import datetime

import pytest
from django.utils import timezone

from portfolio.models import StatusReport
from portfolio.services import project_set_people
from tests.factories import ProjectFactory, ReportingPeriodFactory, StatusReportFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/status-reports/"


@pytest.fixture
def reports(led_project):
    """The led project: a submitted v1, its submitted correction v2 and a draft for the next period;
    another project's draft."""
    first, second = ReportingPeriodFactory(), ReportingPeriodFactory()
    v1 = StatusReportFactory(project=led_project, period=first, overall="yellow", schedule="red")
    v2 = StatusReportFactory(project=led_project, period=first, version=2, supersedes=v1, overall="green")
    draft = StatusReportFactory(
        project=led_project,
        period=second,
        state=StatusReport.State.DRAFT,
        submitted_at=None,
        summary="Udkast",
    )
    other_draft = StatusReportFactory(state=StatusReport.State.DRAFT, submitted_at=None)
    return v1, v2, draft, other_draft


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_it_gives_every_submitted_version_with_its_lights(api_as, reader, reports, led_project):
    v1, v2, _draft, _other = reports
    body = api_as(reader).get(URL).json()
    assert {row["id"] for row in body["results"]} == {v1.pk, v2.pk}
    row = next(row for row in body["results"] if row["id"] == v1.pk)
    assert row["project"] == {"id": led_project.pk, "number": led_project.number, "name": "Talegenkendelse"}
    assert row["meeting_date"] == v1.period.meeting_date.isoformat()
    assert row["state"] == "submitted" and row["version"] == 1
    assert row["overall"] == "yellow" and row["schedule"] == "red" and row["economy"] == "none"
    assert "schedule_comment" in row and "percent_complete" in row
    correction = next(row for row in body["results"] if row["id"] == v2.pk)
    assert correction["supersedes"] == v1.pk


def test_it_shows_a_reader_no_draft_of_anyone(api_as, reader, reports):
    _v1, _v2, draft, other_draft = reports
    client = api_as(reader)
    assert not {draft.pk, other_draft.pk} & ids(client.get(URL))
    assert client.get(f"{URL}{draft.pk}/").status_code == 404
    assert ids(client.get(URL, {"state": "draft"})) == set()


def test_it_shows_the_leader_and_deputies_their_own_projects_drafts_only(api_as, project_leader, reports):
    v1, v2, draft, other_draft = reports
    assert ids(api_as(project_leader).get(URL)) == {v1.pk, v2.pk, draft.pk}
    deputy = UserFactory(username="stedfortraeder")
    project_set_people(actor=None, project=draft.project, leader=project_leader, deputies=[deputy])
    assert ids(api_as(deputy).get(URL)) == {v1.pk, v2.pk, draft.pk}
    assert api_as(deputy).get(f"{URL}{draft.pk}/").json()["summary"] == "Udkast"
    assert other_draft.pk not in ids(api_as(deputy).get(URL))


def test_it_shows_the_programme_group_every_draft(api_as, programme_member, reports):
    assert ids(api_as(programme_member).get(URL)) == {report.pk for report in reports}


def test_it_filters_by_project_and_meeting_dates(api_as, reader, reports, led_project):
    v1, v2, _draft, _other = reports
    other = StatusReportFactory(project=ProjectFactory(), period=ReportingPeriodFactory())
    client = api_as(reader)
    assert ids(client.get(URL, {"project": led_project.pk})) == {v1.pk, v2.pk}
    assert ids(client.get(URL, {"meeting_from": other.period.meeting_date.isoformat()})) == {other.pk}
    response = client.get(URL, {"meeting_to": "ikke en dato"})
    assert response.status_code == 400
    assert response.json()["meeting_to"][0] == "Indtast en gyldig dato."


def test_it_lists_only_reports_changed_since_a_time(api_as, reader, reports):
    v1, v2, _draft, _other = reports
    since = timezone.now() - datetime.timedelta(hours=1)
    StatusReport.history.update(history_date=since - datetime.timedelta(days=1))
    StatusReport.history.filter(id=v2.pk).update(history_date=timezone.now())
    assert ids(api_as(reader).get(URL, {"changed_since": since.isoformat()})) == {v2.pk}


def test_it_gives_the_reports_as_csv(api_as, reader, reports):
    response = api_as(reader).get(URL, {"format": "csv"})
    assert response.status_code == 200
    header = response.getvalue().decode("utf-8").lstrip("\ufeff").split("\r\n")[0].split(";")
    assert header[:4] == ["id", "project.id", "project.number", "project.name"]
    assert {"overall", "schedule", "economy", "resources", "deliverables", "benefits", "author.name"} <= set(
        header
    )
