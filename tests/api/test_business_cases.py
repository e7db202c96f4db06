"""/api/v1/business-cases/: each project's business case with its years 0-5, the lines and the totals as
its page computes them (benefits.business_case)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from benefits.models import BusinessCase, BusinessCaseLine
from benefits.services import business_case_save
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/business-cases/"
INVESTMENT, RUNNING, SAVING = (
    BusinessCaseLine.Category.INVESTMENT,
    BusinessCaseLine.Category.RUNNING_COST,
    BusinessCaseLine.Category.SAVING,
)
Row = BusinessCaseLine.Row


@pytest.fixture
def cases(led_project):
    """The led project's case: 100,000 of consultancy in year 0, 10,000 licences a year 1-5 and 40,000 of
    salary savings a year 1-5 (pays back in year 4); an empty one on another project; none on an archived
    project's."""
    amounts = {(INVESTMENT, Row.CONSULTANCY, 0): Decimal("100000")}
    for year in range(1, 6):
        amounts[(RUNNING, Row.LICENCES, year)] = Decimal("10000")
        amounts[(SAVING, Row.SALARY_SAVINGS, year)] = Decimal("40000")
    led = business_case_save(actor=None, project=led_project, amounts=amounts, notes="Fra projektforslaget.")
    empty = business_case_save(actor=None, project=ProjectFactory(name="Ydelsesrefusion"), amounts={})
    business_case_save(actor=None, project=ProjectFactory(archived=True), amounts={})
    return led, empty


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_it_gives_the_lines_and_totals_per_year_as_the_page_does(api_as, reader, cases, led_project):
    led, _empty = cases
    row = api_as(reader).get(f"{URL}{led.pk}/").json()
    assert row["project"] == {"id": led_project.pk, "number": led_project.number, "name": "Talegenkendelse"}
    assert row["notes"] == "Fra projektforslaget."
    assert [(line["category"], line["row"]) for line in row["lines"]] == [
        ("investment", "consultancy"),
        ("running_cost", "licences"),
        ("saving", "salary_savings"),
    ]
    consultancy = row["lines"][0]
    assert consultancy["name"] == "Engangsinvestering: Konsulentydelser"
    assert consultancy["year_0"] == "100000.00" and consultancy["year_1"] == "0.00"
    assert consultancy["total"] == "100000.00"
    totals = row["totals"]
    assert totals["investment"]["total"] == "100000.00"
    assert totals["running_cost"]["year_3"] == "10000.00" and totals["running_cost"]["total"] == "50000.00"
    assert totals["savings"]["total"] == "200000.00"
    assert [totals["net"][f"year_{year}"] for year in range(6)] == ["-100000.00"] + ["30000.00"] * 5
    assert totals["net"]["total"] == "50000.00"
    assert totals["cumulative"]["year_3"] == "-10000.00" and totals["cumulative"]["year_4"] == "20000.00"
    assert row["payback_year"] == 4


def test_it_lists_the_cases_of_the_portfolios_projects(api_as, reader, cases):
    led, empty = cases
    body = api_as(reader).get(URL).json()
    assert body["count"] == 2 and {row["id"] for row in body["results"]} == {led.pk, empty.pk}
    blank = next(row for row in body["results"] if row["id"] == empty.pk)
    assert blank["lines"] == [] and blank["payback_year"] is None
    assert blank["totals"]["net"]["total"] == "0.00"
    hidden = BusinessCase.objects.get(project__archived=True)
    assert api_as(reader).get(f"{URL}{hidden.pk}/").status_code == 404


def test_it_filters_by_project(api_as, reader, cases, led_project):
    assert ids(api_as(reader).get(URL, {"project": led_project.pk})) == [cases[0].pk]
    assert api_as(reader).get(URL, {"project": "x"}).status_code == 400


def test_it_counts_a_changed_amount_as_a_change_of_its_case(api_as, reader, cases, led_project):
    led, _empty = cases
    since = timezone.now() - datetime.timedelta(hours=1)
    BusinessCase.history.update(history_date=since - datetime.timedelta(days=1))
    BusinessCaseLine.history.update(history_date=since - datetime.timedelta(days=1))
    client = api_as(reader)
    assert ids(client.get(URL, {"changed_since": since.isoformat()})) == []
    line = BusinessCaseLine.objects.get(business_case=led, category=INVESTMENT)
    line.amount = Decimal("120000")
    line.save()
    assert ids(client.get(URL, {"changed_since": since.isoformat()})) == [led.pk]


def test_it_gives_the_totals_as_csv_columns(api_as, reader, cases, led_project):
    response = api_as(reader).get(URL, {"format": "csv", "project": led_project.pk})
    text = response.getvalue().decode("utf-8").lstrip("\ufeff")
    columns, *rows = csv.reader(io.StringIO(text), delimiter=";")
    row = dict(zip(columns, rows[0], strict=True))
    assert row["project.name"] == "Talegenkendelse"
    assert row["totals.net.year_0"] == "-100000.00" and row["totals.savings.total"] == "200000.00"
    assert row["lines"].startswith("Engangsinvestering: Konsulentydelser | ")
    assert row["payback_year"] == "4"
