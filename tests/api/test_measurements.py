"""/api/v1/measurements/: every measurement of the benefits whose pages a reader may read."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from benefits.models import BenefitMeasurement
from tests.factories import BenefitFactory, BenefitMeasurementFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/measurements/"


@pytest.fixture
def measurements(led_project, benefit_owner):
    """Two measurements of the led project's benefit (100 → 50 hours), one of an archived benefit on it
    (its page still shows it), one of a benefit on an archived project (no page shows it)."""
    benefit = BenefitFactory(project=led_project, owner=benefit_owner, title="Færre timer på post")
    first = BenefitMeasurementFactory(
        benefit=benefit, measured_on=datetime.date(2026, 3, 1), value=Decimal("90"), recorded_by=benefit_owner
    )
    second = BenefitMeasurementFactory(
        benefit=benefit, measured_on=datetime.date(2026, 6, 1), value=Decimal("75"), comment="Efter udrulning"
    )
    archived = BenefitMeasurementFactory(
        benefit=BenefitFactory(project=led_project, archived=True), measured_on=datetime.date(2026, 1, 1)
    )
    BenefitMeasurementFactory(benefit=BenefitFactory(project=ProjectFactory(archived=True)))
    return first, second, archived


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_it_lists_every_readable_measurement_newest_first(api_as, reader, measurements, led_project):
    first, second, archived = measurements
    body = api_as(reader).get(URL).json()
    assert [row["id"] for row in body["results"]] == [second.pk, first.pk, archived.pk]
    row = body["results"][1]
    assert row["benefit"] == {"id": first.benefit_id, "title": "Færre timer på post"}
    assert row["project"] == {"id": led_project.pk, "number": led_project.number, "name": "Talegenkendelse"}
    assert row["measured_on"] == "2026-03-01" and row["value"] == "90.00" and row["unit_text"] == "timer"
    assert row["achievement_pct"] == "20.0"
    assert row["recorded_by"] == {"id": first.recorded_by_id, "name": str(first.recorded_by)}
    assert body["results"][0]["comment"] == "Efter udrulning"


def test_it_reads_one_measurement_and_none_of_an_archived_project(api_as, reader, measurements):
    client = api_as(reader)
    assert client.get(f"{URL}{measurements[1].pk}/").json()["achievement_pct"] == "50.0"
    hidden = BenefitMeasurement.objects.get(benefit__project__archived=True)
    assert client.get(f"{URL}{hidden.pk}/").status_code == 404


def test_it_shows_the_owner_and_an_outsider_the_same_rows(api_as, reader, benefit_owner, measurements):
    outsider = UserFactory(username="udenforstaaende")
    assert (
        ids(api_as(benefit_owner).get(URL)) == ids(api_as(outsider).get(URL)) == ids(api_as(reader).get(URL))
    )


def test_it_filters_by_benefit_project_and_dates(api_as, reader, measurements, led_project):
    first, second, archived = measurements
    client = api_as(reader)
    assert ids(client.get(URL, {"benefit": first.benefit_id})) == [second.pk, first.pk]
    assert ids(client.get(URL, {"project": led_project.pk})) == [second.pk, first.pk, archived.pk]
    assert ids(client.get(URL, {"measured_from": "2026-02-01", "measured_to": "2026-05-31"})) == [first.pk]
    response = client.get(URL, {"measured_from": "1. marts"})
    assert response.status_code == 400
    assert response.json()["measured_from"][0] == "Indtast en gyldig dato."


def test_it_lists_only_measurements_recorded_since_a_time(api_as, reader, measurements):
    since = timezone.now() - datetime.timedelta(hours=1)
    BenefitMeasurement.history.update(history_date=since - datetime.timedelta(days=1))
    BenefitMeasurement.history.filter(id=measurements[0].pk).update(history_date=timezone.now())
    assert ids(api_as(reader).get(URL, {"changed_since": since.isoformat()})) == [measurements[0].pk]


def test_it_gives_the_measurements_as_csv(api_as, reader, measurements):
    response = api_as(reader).get(URL, {"format": "csv"})
    assert response.status_code == 200
    header = response.getvalue().decode("utf-8").lstrip("\ufeff").split("\r\n")[0].split(";")
    assert header[:5] == ["id", "benefit.id", "benefit.title", "project.id", "project.number"]
    assert {"measured_on", "value", "achievement_pct", "comment", "recorded_by.name"} <= set(header)
