"""/api/v1/systems/: the system portfolio with the system list's filters and the projects using each."""

import datetime

import pytest
from django.utils import timezone

from portfolio.models import ITSystem, ProjectSystem
from tests.factories import ITSystemFactory, ProjectFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/systems/"


@pytest.fixture
def systems(led_project):
    esdh = ITSystemFactory(
        name="SBSYS",
        vendor="Fujitsu",
        lifecycle="drift",
        criticality="critical",
        on_common_infrastructure=True,
        kle_numbers=["00.01"],
        contract_end=timezone.localdate() + datetime.timedelta(days=60),
    )
    speech = ITSystemFactory(name="Dictus", vendor="Dictus A/S", lifecycle="indfases", criticality="low")
    ProjectSystem.objects.create(project=led_project, system=speech, relation="indfoerer")
    ProjectSystem.objects.create(project=ProjectFactory(archived=True), system=speech, relation="aendrer")
    ITSystemFactory(name="Gammelt", archived=True)
    return esdh, speech


def names(response):
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def test_it_lists_the_systems_with_the_projects_that_use_them(api_as, reader, systems, led_project):
    esdh, speech = systems
    body = api_as(reader).get(URL).json()
    assert [row["name"] for row in body["results"]] == ["Dictus", "SBSYS"]
    dictus, sbsys = body["results"]
    assert dictus["projects"] == [
        {
            "id": led_project.pk,
            "number": led_project.number,
            "name": led_project.name,
            "relation": "indfoerer",
            "relation_label": "Indfører",
        }
    ]
    assert dictus["lifecycle"] == "indfases" and dictus["lifecycle_label"] == "Indfases"
    assert sbsys["projects"] == [] and sbsys["criticality_label"] == "Kritisk"
    assert sbsys["owner_unit"] == {"id": esdh.owner_unit_id, "name": esdh.owner_unit.name}
    assert sbsys["kle_numbers"] == ["00.01"] and sbsys["on_common_infrastructure"] is True
    assert sbsys["notice_deadline"] == (esdh.notice_deadline.isoformat() if esdh.notice_deadline else None)


def test_it_reads_one_system_but_not_an_archived_one(api_as, reader, systems):
    client = api_as(reader)
    assert len(client.get(f"{URL}{systems[1].pk}/").json()["projects"]) == 1
    assert client.get(f"{URL}{ITSystem.objects.get(name='Gammelt').pk}/").status_code == 404


def test_it_filters_and_sorts_as_the_system_list_does(api_as, reader, systems):
    esdh, _speech = systems
    client = api_as(reader)
    assert names(client.get(URL, {"q": "fujitsu"})) == ["SBSYS"]
    assert names(client.get(URL, {"q": "00.01"})) == ["SBSYS"]
    assert names(client.get(URL, {"lifecycle": "indfases"})) == ["Dictus"]
    assert names(client.get(URL, {"criticality": "critical"})) == ["SBSYS"]
    assert names(client.get(URL, {"common": "nej"})) == ["Dictus"]
    assert names(client.get(URL, {"owner_unit": esdh.owner_unit_id})) == ["SBSYS"]
    assert names(client.get(URL, {"watch": "true", "months": 3})) == ["SBSYS"]
    assert names(client.get(URL, {"ordering": "-criticality"})) == ["SBSYS", "Dictus"]
    response = client.get(URL, {"months": 99})
    assert response.status_code == 400 and "months" in response.json()


def test_it_lists_systems_changed_since_a_time(api_as, reader, systems):
    since = timezone.now() - datetime.timedelta(hours=1)
    ITSystem.history.update(history_date=since - datetime.timedelta(days=1))
    systems[0].vendor = "Netcompany"
    systems[0].save()
    assert names(api_as(reader).get(URL, {"changed_since": since.isoformat()})) == ["SBSYS"]


def test_it_gives_systems_as_csv_with_their_projects_joined(api_as, reader, systems, led_project):
    text = api_as(reader).get(URL, {"format": "csv"}).getvalue().decode("utf-8")
    header, dictus, _sbsys = [line.split(";") for line in text.lstrip("\ufeff").split("\r\n") if line]
    row = dict(zip(header, dictus, strict=True))
    assert row["projects"] == led_project.name and row["owner_unit.name"]
