"""/api/v1/focus-areas/: every period's focus areas with the projects in each."""

import datetime

import pytest
from django.utils import timezone

from focusareas.models import FocusArea
from portfolio.models import Project
from tests.factories import ProjectFactory, current_focus_area

pytestmark = pytest.mark.django_db

URL = "/api/v1/focus-areas/"


def test_it_lists_every_periods_focus_areas_the_current_first(api_as, reader, led_project):
    body = api_as(reader).get(URL, {"page_size": 1000}).json()
    assert body["count"] == FocusArea.objects.count()
    first = body["results"][0]
    assert first["period"]["is_current"] is True and first["number"] == 1
    assert first["title"] == current_focus_area(1).title
    assert {"description", "kl_quote", "local_ambition"} <= set(first)
    assert led_project.pk in [project["id"] for project in first["projects"]]


def test_it_shows_no_archived_project_in_a_focus_area(api_as, reader, led_project):
    archived = ProjectFactory(name="Arkiveret", archived=True)
    area = current_focus_area(1)
    projects = api_as(reader).get(f"{URL}{area.pk}/").json()["projects"]
    assert archived.pk not in [project["id"] for project in projects]
    assert [project["id"] for project in projects] == list(
        area.projects.filter(archived=False).order_by("number").values_list("pk", flat=True)
    )


def test_it_filters_by_period(api_as, reader):
    area = current_focus_area(2)
    client = api_as(reader)
    current = client.get(URL, {"current": "true", "page_size": 1000}).json()["results"]
    assert {row["period"]["id"] for row in current} == {area.period_id}
    by_period = client.get(URL, {"period": area.period_id, "page_size": 1000}).json()
    assert by_period["count"] == FocusArea.objects.filter(period=area.period).count()


def test_it_lists_the_focus_areas_whose_projects_changed_since_a_time(api_as, reader, led_project):
    since = timezone.now() - datetime.timedelta(hours=1)
    Project.history.update(history_date=since - datetime.timedelta(days=1))
    client = api_as(reader)
    assert client.get(URL, {"changed_since": since.isoformat()}).json()["count"] == 0
    old, new = current_focus_area(1), current_focus_area(3)
    led_project.focus_areas.set([new])  # out of 1, into 3: both changed
    ids = {row["id"] for row in client.get(URL, {"changed_since": since.isoformat()}).json()["results"]}
    assert ids == {old.pk, new.pk}


def test_it_gives_focus_areas_as_csv(api_as, reader, led_project):
    text = api_as(reader).get(URL, {"format": "csv", "current": "true"}).getvalue().decode("utf-8")
    header, *rows = [line for line in text.lstrip("\ufeff").split("\r\n") if line]
    assert header.split(";")[:4] == ["id", "period.id", "period.name", "period.start_year"]
    assert len(rows) == FocusArea.objects.filter(period__is_current=True).count()
