"""/api/v1/benefits/: the benefit list's benefits with their follow-up, its filters, paging, changed_since
and CSV."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from benefits.models import Benefit, BenefitMeasurement, months_after
from focusareas.models import FocusArea
from tests.factories import BenefitFactory, BenefitMeasurementFactory, ProjectFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/benefits/"


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def benefits(led_project, benefit_owner):
    """On the led project: fewer hours (100 → 50 by next year), measured at 95 and lately at 90 (20 %, behind
    its straight line), and an archived one; on another project a financial saving in kr. never measured
    (overdue); on an archived project one nobody lists."""
    hours = BenefitFactory(
        project=led_project,
        owner=benefit_owner,
        title="Færre timer på post",
        baseline_date=days_ago(400),
        due_date=days_ago(-365),
        measurement_plan="Tidsregistrering hvert kvartal.",
    )
    BenefitMeasurementFactory(benefit=hours, measured_on=days_ago(100), value=Decimal("95"))
    BenefitMeasurementFactory(benefit=hours, measured_on=days_ago(10), value=Decimal("90"), comment="Q3")
    BenefitFactory(project=led_project, owner=benefit_owner, title="Arkiveret gevinst", archived=True)
    saving = BenefitFactory(
        project=ProjectFactory(name="Ydelsesrefusion"),
        title="Lavere licens",
        type=Benefit.Type.QUALITY,
        is_financial=True,
        unit=Benefit.Unit.KR,
        baseline=Decimal("200000"),
        target=Decimal("150000"),
        baseline_date=days_ago(200),
        due_date=days_ago(-200),
    )
    BenefitFactory(project=ProjectFactory(name="Gammelt", archived=True), title="Gammel gevinst")
    return hours, saving


def titles(response):
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_it_lists_the_benefit_lists_benefits_with_their_follow_up(api_as, reader, benefits, led_project):
    hours, saving = benefits
    body = api_as(reader).get(URL).json()
    assert body["count"] == 2
    row = next(row for row in body["results"] if row["id"] == hours.pk)
    assert row["project"] == {"id": led_project.pk, "number": led_project.number, "name": "Talegenkendelse"}
    assert row["owner"] == {"id": hours.owner_id, "name": str(hours.owner)}
    assert row["type"] == "efficiency" and row["type_label"] == "Effektivisering"
    assert row["unit"] == "hours" and row["unit_text"] == "timer"
    assert row["baseline"] == "100.00" and row["target"] == "50.00"
    assert row["due_date"] == hours.due_date.isoformat()
    assert row["measurement_plan"] == "Tidsregistrering hvert kvartal."
    assert row["latest_value"] == "90.00" and row["last_measured_on"] == days_ago(10).isoformat()
    assert row["achievement_pct"] == "20.0" and row["trend"] == "better"
    assert row["next_measurement_due"] == months_after(days_ago(10), 3).isoformat()
    assert row["overdue"] is False and row["behind"] is True
    other = next(row for row in body["results"] if row["id"] == saving.pk)
    assert other["is_financial"] is True and other["unit_text"] == "kr."
    assert other["latest_value"] is None and other["achievement_pct"] is None and other["trend"] is None
    assert other["overdue"] is True and other["behind"] is False


def test_it_reads_an_archived_benefit_as_its_page_does_but_none_of_an_archived_project(
    api_as, reader, benefits
):
    client = api_as(reader)
    archived = Benefit.objects.get(title="Arkiveret gevinst")
    assert client.get(f"{URL}{archived.pk}/").json()["archived"] is True
    gone = Benefit.objects.get(title="Gammel gevinst")
    assert client.get(f"{URL}{gone.pk}/").status_code == 404
    assert client.get(f"{URL}{benefits[0].pk}/").json()["achievement_pct"] == "20.0"


def test_it_filters_as_the_benefit_list_does(api_as, reader, benefits, led_project):
    hours, saving = benefits
    client = api_as(reader)
    assert titles(client.get(URL, {"project": led_project.pk})) == ["Færre timer på post"]
    assert titles(client.get(URL, {"owner": hours.owner_id})) == ["Færre timer på post"]
    assert titles(client.get(URL, {"type": "quality"})) == ["Lavere licens"]
    assert titles(client.get(URL, {"financial": "yes"})) == ["Lavere licens"]
    assert titles(client.get(URL, {"overdue": "true"})) == ["Lavere licens"]
    assert titles(client.get(URL, {"behind": "true"})) == ["Færre timer på post"]
    assert titles(client.get(URL, {"behind": "true", "overdue": "true"})) == []
    area = FocusArea.objects.filter(period__is_current=True).exclude(projects=saving.project).first()
    led_project.focus_areas.add(area)
    assert titles(client.get(URL, {"focus_area": area.pk})) == ["Færre timer på post"]


def test_it_answers_a_bad_filter_with_a_danish_400(api_as, reader, benefits):
    response = api_as(reader).get(URL, {"type": "ukendt"})
    assert response.status_code == 400
    assert response.json()["type"][0].startswith("Marker en gyldig valgmulighed.")


def test_it_pages_with_count_and_next(api_as, reader, benefits):
    first = api_as(reader).get(URL, {"page_size": 1}).json()
    assert first["count"] == 2 and len(first["results"]) == 1
    assert first["next"].endswith("page=2&page_size=1")


def test_it_counts_a_new_measurement_as_a_change_of_its_benefit(api_as, reader, benefits):
    hours, saving = benefits
    since = timezone.now() - datetime.timedelta(hours=1)
    Benefit.history.update(history_date=since - datetime.timedelta(days=1))
    BenefitMeasurement.history.update(history_date=since - datetime.timedelta(days=1))
    client = api_as(reader)
    assert titles(client.get(URL, {"changed_since": since.isoformat()})) == []
    BenefitMeasurementFactory(benefit=saving, measured_on=days_ago(1), value=Decimal("180000"))
    assert titles(client.get(URL, {"changed_since": since.isoformat()})) == ["Lavere licens"]
    hours.title = "Færre timer"
    hours.save()
    assert titles(client.get(URL, {"changed_since": since.isoformat()})) == ["Færre timer", "Lavere licens"]
    assert client.get(URL, {"changed_since": "i går"}).status_code == 400


def test_it_gives_the_benefits_as_a_flat_csv_table(api_as, reader, benefits):
    response = api_as(reader).get(URL, {"format": "csv", "project": benefits[0].project_id})
    assert response.status_code == 200
    text = response.getvalue().decode("utf-8").lstrip("\ufeff")
    columns, *rows = csv.reader(io.StringIO(text), delimiter=";")
    row = dict(zip(columns, rows[0], strict=True))
    assert row["title"] == "Færre timer på post"
    assert row["project.number"] == benefits[0].project.number
    assert row["owner.name"] == str(benefits[0].owner)
    assert row["achievement_pct"] == "20.0" and row["behind"] == "ja"
