"""/api/v1/milestones/: the project pages' milestones (archived ones and archived projects' left out)."""

import datetime

import pytest
from django.utils import timezone

from portfolio.models import Milestone
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/milestones/"


@pytest.fixture
def milestones(led_project):
    owner = UserFactory()
    tender = Milestone.objects.create(
        project=led_project,
        title="Udbud",
        due_date=datetime.date(2026, 5, 1),
        baseline_date=datetime.date(2026, 4, 1),
        completed_on=datetime.date(2026, 5, 3),
        owner=owner,
    )
    launch = Milestone.objects.create(
        project=led_project, title="Idriftsættelse", due_date=datetime.date(2026, 9, 1)
    )
    Milestone.objects.create(
        project=led_project, title="Droppet", due_date=datetime.date(2026, 6, 1), archived=True
    )
    Milestone.objects.create(
        project=ProjectFactory(archived=True), title="Arkiveret projekt", due_date=datetime.date(2026, 6, 1)
    )
    return tender, launch


def titles(response):
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_it_lists_the_milestones_the_project_page_shows(api_as, reader, milestones, led_project):
    tender, _launch = milestones
    body = api_as(reader).get(URL).json()
    assert [row["title"] for row in body["results"]] == ["Udbud", "Idriftsættelse"]
    row = body["results"][0]
    assert row["project"] == {"id": led_project.pk, "number": led_project.number, "name": led_project.name}
    assert row["due_date"] == "2026-05-01" and row["baseline_date"] == "2026-04-01"
    assert row["completed_on"] == "2026-05-03" and row["slip_days"] == 32
    assert row["owner"] == {"id": tender.owner_id, "name": str(tender.owner)}
    assert body["results"][1]["owner"] is None and body["results"][1]["slip_days"] is None


def test_it_reads_one_milestone_but_not_an_archived_one(api_as, reader, milestones):
    client = api_as(reader)
    assert client.get(f"{URL}{milestones[0].pk}/").json()["title"] == "Udbud"
    for hidden in Milestone.objects.filter(title__in=["Droppet", "Arkiveret projekt"]):
        assert client.get(f"{URL}{hidden.pk}/").status_code == 404


def test_it_filters_milestones(api_as, reader, milestones, led_project):
    tender, _launch = milestones
    client = api_as(reader)
    assert titles(client.get(URL, {"completed": "true"})) == ["Udbud"]
    assert titles(client.get(URL, {"completed": "false"})) == ["Idriftsættelse"]
    assert titles(client.get(URL, {"due_from": "2026-06-01"})) == ["Idriftsættelse"]
    assert titles(client.get(URL, {"due_to": "2026-06-01"})) == ["Udbud"]
    assert titles(client.get(URL, {"owner": tender.owner_id})) == ["Udbud"]
    assert titles(client.get(URL, {"project": ProjectFactory().pk})) == []
    assert titles(client.get(URL, {"project": led_project.pk})) == ["Udbud", "Idriftsættelse"]
    response = client.get(URL, {"due_to": "snart"})
    assert response.status_code == 400 and response.json()["due_to"] == ["Indtast en gyldig dato."]


def test_it_pages_milestones(api_as, reader, milestones):
    body = api_as(reader).get(URL, {"page_size": 1}).json()
    assert body["count"] == 2 and body["next"].endswith("page=2&page_size=1")


def test_it_lists_milestones_changed_since_a_time(api_as, reader, milestones):
    tender, _launch = milestones
    since = timezone.now() - datetime.timedelta(hours=1)
    Milestone.history.update(history_date=since - datetime.timedelta(days=1))
    tender.title = "Udbud afsluttet"
    tender.save()
    assert titles(api_as(reader).get(URL, {"changed_since": since.isoformat()})) == ["Udbud afsluttet"]


def test_it_gives_milestones_as_csv(api_as, reader, milestones):
    response = api_as(reader).get(URL, {"format": "csv"})
    lines = response.getvalue().decode("utf-8").lstrip("\ufeff").split("\r\n")
    assert lines[0].split(";")[:5] == ["id", "project.id", "project.number", "project.name", "title"]
    assert "owner.name" in lines[0].split(";")
    assert len([line for line in lines[1:] if line]) == 2
