"""/api/v1/risks/: the project pages' risks with score and zone as the heat map draws them."""

import datetime

import pytest
from django.utils import timezone

from portfolio.models import Risk
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/risks/"


@pytest.fixture
def risks(led_project):
    owner = UserFactory()
    vendor = Risk.objects.create(
        project=led_project,
        title="Leverandør forsinket",
        probability=3,
        consequence=4,
        owner=owner,
        action="Bod",
    )
    data = Risk.objects.create(project=led_project, title="Ingen data", probability=2, consequence=3)
    closed = Risk.objects.create(
        project=led_project, title="Lukket", probability=1, consequence=1, status="closed"
    )
    Risk.objects.create(
        project=ProjectFactory(archived=True), title="Arkiveret", probability=5, consequence=5
    )
    return vendor, data, closed


def titles(response):
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_it_lists_every_visible_projects_risks_with_score_and_zone(api_as, reader, risks, led_project):
    vendor, _data, _closed = risks
    body = api_as(reader).get(URL).json()
    assert [row["title"] for row in body["results"]] == ["Leverandør forsinket", "Ingen data", "Lukket"]
    row = body["results"][0]
    assert row["project"]["id"] == led_project.pk
    assert row["probability"] == 3 and row["probability_label"] == "Middel"
    assert row["consequence"] == 4 and row["consequence_label"] == "Høj"
    assert row["score"] == 12 and row["zone"] == "high" and row["zone_label"] == "Høj risiko"
    assert row["status"] == "open" and row["status_label"] == "Åben"
    assert row["owner"]["id"] == vendor.owner_id and row["action"] == "Bod"


def test_it_reads_one_risk_but_not_an_archived_projects(api_as, reader, risks):
    client = api_as(reader)
    assert client.get(f"{URL}{risks[0].pk}/").json()["score"] == 12
    assert client.get(f"{URL}{Risk.objects.get(title='Arkiveret').pk}/").status_code == 404


def test_it_filters_risks_by_status_zone_and_owner(api_as, reader, risks):
    vendor, _data, _closed = risks
    client = api_as(reader)
    assert titles(client.get(URL, {"status": "closed"})) == ["Lukket"]
    assert titles(client.get(URL, {"zone": "medium"})) == ["Ingen data"]
    assert titles(client.get(URL, {"zone": "low"})) == ["Lukket"]
    assert titles(client.get(URL, {"owner": vendor.owner_id})) == ["Leverandør forsinket"]
    response = client.get(URL, {"zone": "rød"})
    assert response.status_code == 400 and response.json()["zone"][0].startswith(
        "Marker en gyldig valgmulighed."
    )


def test_it_lists_risks_changed_since_a_time(api_as, reader, risks):
    since = timezone.now() - datetime.timedelta(hours=1)
    Risk.history.update(history_date=since - datetime.timedelta(days=1))
    risks[1].status = Risk.Status.CLOSED
    risks[1].save()
    assert titles(api_as(reader).get(URL, {"changed_since": since.isoformat()})) == ["Ingen data"]


def test_it_gives_risks_as_csv(api_as, reader, risks):
    text = api_as(reader).get(URL, {"format": "csv", "status": "open"}).getvalue().decode("utf-8")
    header, *rows = [line for line in text.lstrip("\ufeff").split("\r\n") if line]
    assert {"score", "zone", "zone_label", "owner.name", "project.number"} <= set(header.split(";"))
    assert len(rows) == 2
