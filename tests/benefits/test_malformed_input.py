"""No 500 on malformed numbers and dates: the Danish decimal comma is accepted, the rest gets a Danish
error and nothing is saved."""

from decimal import Decimal

import pytest

from benefits.models import Benefit, BenefitMeasurement, BusinessCaseLine
from portfolio.forms import format_danish_decimal, parse_danish_decimal
from tests.benefits.test_permissions import benefit_data

pytestmark = pytest.mark.django_db

BAD_NUMBERS = ["abc", "1e999", "-", "NaN", "Infinity", "1,2,3", "12..5", "9" * 100_000, "1" * 20]
BAD_DATES = ["2026-02-30", "abc", "31.13.2026", "", "9" * 100_000]


@pytest.mark.parametrize(
    "text, value",
    [
        ("12,5", "12.5"),
        ("1.250.000,50", "1250000.50"),
        ("1250000,50", "1250000.50"),
        ("12.5", "12.5"),
        ("1.250", "1250"),
        ("1 250 000", "1250000"),
        ("-3,25", "-3.25"),
        ("1.250 kr.", "1250"),
        ("", None),
    ],
)
def test_it_reads_danish_numbers(text, value):
    assert parse_danish_decimal(text) == (Decimal(value) if value else None)


def test_it_writes_danish_numbers():
    assert format_danish_decimal(Decimal("1250000.50")) == "1.250.000,50"
    assert format_danish_decimal(Decimal("1400")) == "1.400"


def test_it_accepts_a_decimal_comma_in_a_measurement(client, owner, benefit):
    client.force_login(owner)
    response = client.post(
        f"/benefits/{benefit.pk}/measurements/", {"measured_on": "2026-01-15", "value": "12,5"}
    )
    assert response.status_code == 302
    assert benefit.measurements.get().value == Decimal("12.5")


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_it_refuses_malformed_measurement_values(client, owner, benefit, value):
    client.force_login(owner)
    response = client.post(
        f"/benefits/{benefit.pk}/measurements/", {"measured_on": "2026-01-15", "value": value}
    )
    assert response.status_code == 400
    assert "fejl" in response.content.decode().lower()
    assert not BenefitMeasurement.objects.exists()


@pytest.mark.parametrize("day", BAD_DATES)
def test_it_refuses_malformed_measurement_dates(client, owner, benefit, day):
    client.force_login(owner)
    response = client.post(f"/benefits/{benefit.pk}/measurements/", {"measured_on": day, "value": "80"})
    assert response.status_code == 400
    assert not BenefitMeasurement.objects.exists()


def test_it_refuses_a_measurement_before_the_baseline_and_in_the_future(client, owner, benefit):
    client.force_login(owner)
    for day in ("2020-01-01", "2999-01-01"):
        assert (
            client.post(
                f"/benefits/{benefit.pk}/measurements/", {"measured_on": day, "value": "1"}
            ).status_code
            == 400
        )
    assert not BenefitMeasurement.objects.exists()


def test_it_refuses_an_overlong_comment(client, owner, benefit):
    client.force_login(owner)
    data = {"measured_on": "2026-01-15", "value": "1", "comment": "x" * 100_000}
    assert client.post(f"/benefits/{benefit.pk}/measurements/", data).status_code == 400


@pytest.mark.parametrize("value", BAD_NUMBERS + ["-5"])
def test_it_refuses_malformed_business_case_amounts(client, leader, project, value):
    client.force_login(leader)
    data = {"investment__hardware__0": value, "saving__licences__1": "1.000"}
    response = client.post(f"/benefits/projects/{project.pk}/business-case/edit/", data)
    assert response.status_code == 400
    assert "Business casen er ikke gemt" in response.content.decode()
    assert not BusinessCaseLine.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"baseline": "abc"},
        {"target": "1e999"},
        {"baseline_date": "2026-02-30"},
        {"due_date": "-"},
        {"target": "100"},
        {"due_date": "2024-01-01"},
        {"title": "x" * 100_000},
        {"measurement_interval_months": "0"},
        {"type": "nonsense"},
        {"owner": "abc"},
    ],
)
def test_it_refuses_malformed_benefits(client, leader, owner, project, changes):
    client.force_login(leader)
    data = benefit_data(owner)
    data.update(changes)
    response = client.post(f"/benefits/projects/{project.pk}/new/", data)
    assert response.status_code == 200
    assert "Gevinsten er ikke gemt" in response.content.decode()
    assert not Benefit.objects.exists()


def test_it_accepts_danish_amounts_in_a_benefit(client, leader, owner, project):
    client.force_login(leader)
    data = benefit_data(owner, baseline="1.250.000,50", target="1.000.000", unit="kr")
    assert client.post(f"/benefits/projects/{project.pk}/new/", data).status_code == 302
    benefit = Benefit.objects.get()
    assert benefit.baseline == Decimal("1250000.50") and benefit.target == 1_000_000


def test_it_never_fails_on_malformed_page_numbers(client, reader, benefit):
    client.force_login(reader)
    for page in ("abc", "-1", "99999", "1e999"):
        assert client.get(f"/benefits/?page={page}").status_code == 200
