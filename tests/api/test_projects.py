"""/api/v1/projects/: the fields, the project list's filters, paging, changed_since and CSV."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from focusareas.models import FocusArea
from portfolio.models import ExternalInitiative, Project
from tests.factories import ProjectFactory, ReportingPeriodFactory, StatusReportFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/projects/"


@pytest.fixture
def portfolio(led_project):
    """Three projects: the led one (red, with a national initiative), a fælleskommunal one in
    gennemførelse (green), and an archived one nobody lists."""
    old, new = ReportingPeriodFactory(), ReportingPeriodFactory()
    led_project.national_initiative = ExternalInitiative.objects.create(
        name="Fælles Sprogteknologi", owner="kl"
    )
    led_project.save()
    StatusReportFactory(project=led_project, period=old, overall="green")
    StatusReportFactory(project=led_project, period=new, overall="red", economy="yellow")
    common = ProjectFactory(name="Ydelsesrefusion", kind=Project.Kind.FAELLESKOMMUNAL, phase="gennemfoerelse")
    StatusReportFactory(project=common, period=new, overall="green")
    ProjectFactory(name="Arkiveret", archived=True)
    return led_project, common


def names(response):
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def test_it_lists_every_visible_project_with_its_fields(api_as, reader, portfolio):
    led, _common = portfolio
    body = api_as(reader).get(URL).json()
    assert body["count"] == 2
    row = next(row for row in body["results"] if row["id"] == led.pk)
    assert row["number"] == led.number
    assert row["kind"] == "lokal" and row["kind_label"] == "Lokal"
    assert row["phase"] == "analyse" and row["phase_label"] == "Analyse"
    assert row["leader"]["id"] == led.leader_id and row["leader"]["name"] == str(led.leader)
    assert row["anchoring"] == {"id": led.anchoring_id, "name": led.anchoring.name}
    assert row["national_initiative"]["name"] == "Fælles Sprogteknologi"
    assert [area["id"] for area in row["focus_areas"]] == list(led.focus_areas.values_list("pk", flat=True))
    assert row["latest_status"]["overall"] == "red"
    assert row["latest_status"]["economy"] == "yellow"
    assert (
        row["latest_status"]["meeting_date"]
        == led.status_reports.latest("period__meeting_date").period.meeting_date.isoformat()
    )


def test_it_reads_one_project_and_not_an_archived_one(api_as, reader, portfolio):
    led, _common = portfolio
    client = api_as(reader)
    assert client.get(f"{URL}{led.pk}/").json()["name"] == "Talegenkendelse"
    archived = Project.objects.get(name="Arkiveret")
    assert client.get(f"{URL}{archived.pk}/").status_code == 404


def test_it_filters_and_sorts_as_the_project_list_does(api_as, reader, portfolio):
    led, common = portfolio
    client = api_as(reader)
    assert names(client.get(URL, {"kind": "faelleskommunal"})) == ["Ydelsesrefusion"]
    assert names(client.get(URL, {"phase": "analyse"})) == ["Talegenkendelse"]
    assert names(client.get(URL, {"light": "red"})) == ["Talegenkendelse"]
    assert names(client.get(URL, {"q": "refusion"})) == ["Ydelsesrefusion"]
    assert names(client.get(URL, {"leader": led.leader_id})) == ["Talegenkendelse"]
    area = FocusArea.objects.filter(period__is_current=True).exclude(projects=common).first()
    led.focus_areas.add(area)
    assert names(client.get(URL, {"focus_area": area.pk})) == ["Talegenkendelse"]
    assert names(client.get(URL, {"ordering": "-name"})) == ["Ydelsesrefusion", "Talegenkendelse"]
    assert names(client.get(URL, {"ordering": "light"})) == ["Talegenkendelse", "Ydelsesrefusion"]


def test_it_answers_a_bad_filter_with_a_danish_400(api_as, reader, portfolio):
    response = api_as(reader).get(URL, {"phase": "ukendt"})
    assert response.status_code == 400
    assert response.json()["phase"][0].startswith("Marker en gyldig valgmulighed.")


def test_it_pages_with_count_and_next(api_as, reader, portfolio):
    client = api_as(reader)
    first = client.get(URL, {"page_size": 1}).json()
    assert first["count"] == 2 and len(first["results"]) == 1
    assert first["next"].endswith("page=2&page_size=1") and first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["next"] is None and second["results"][0]["id"] != first["results"][0]["id"]
    response = client.get(URL, {"page": 9})
    assert response.status_code == 404
    assert response.json()["detail"] == "Siden findes ikke."


def test_it_lists_only_what_changed_since_a_time(api_as, reader, portfolio):
    led, common = portfolio
    week_ago = timezone.now() - datetime.timedelta(days=7)
    Project.history.update(history_date=week_ago - datetime.timedelta(days=1))
    common.name = "Ydelsesrefusion 2"
    common.save()
    client = api_as(reader)
    assert names(client.get(URL, {"changed_since": week_ago.isoformat()})) == ["Ydelsesrefusion 2"]
    assert names(
        client.get(URL, {"changed_since": (week_ago - datetime.timedelta(days=2)).date().isoformat()})
    ) == [
        "Talegenkendelse",
        "Ydelsesrefusion 2",
    ]
    assert names(client.get(URL, {"changed_since": "2099-01-01T00:00:00+01:00"})) == []


def test_it_takes_changed_since_with_an_offset_postgresql_would_refuse(api_as, reader, portfolio):
    # +16:04 is valid ISO 8601 but beyond PostgreSQL's ±15:59: the time is compared in UTC.
    response = api_as(reader).get(URL, {"changed_since": "2099-04-07T10:08:24+16:04"})
    assert names(response) == []


@pytest.mark.parametrize("value", ["i går", "2026-13-01", "", "2026-02-30T10:00"])
def test_it_answers_a_bad_changed_since_with_a_danish_400(api_as, reader, portfolio, value):
    response = api_as(reader).get(URL, {"changed_since": value})
    assert response.status_code == 400
    assert response.json()["changed_since"][0].startswith("changed_since skal være et tidspunkt i ISO 8601")


def test_it_gives_a_flat_csv_table_for_excel(api_as, reader, portfolio):
    led, _common = portfolio
    response = api_as(reader).get(URL, {"format": "csv", "ordering": "name"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    assert text.count("\r\n") == 3
    columns, *rows = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    assert {"id", "number", "leader.name", "anchoring.name", "focus_areas", "latest_status.overall"} <= set(
        columns
    )
    row = dict(zip(columns, rows[0], strict=True))
    assert row["name"] == "Talegenkendelse"
    assert row["leader.name"] == str(led.leader)
    assert row["latest_status.overall"] == "red"
    assert row["focus_areas"] == " | ".join(led.focus_areas.values_list("title", flat=True))
