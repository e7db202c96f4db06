"""Benefit.latest_measured_value, which the totals' realised to date read, is exactly the value of the
benefit's latest measurement (by date, then id) after every kind of write, as benefits_with_latest reads
it."""

import datetime
import importlib
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command

from benefits.models import Benefit, BenefitMeasurement, mark_latest_in_year
from benefits.selectors import benefits_with_latest
from benefits.services import measurement_record
from tests.factories import BenefitMeasurementFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def by_definition() -> dict:
    return dict(benefits_with_latest().values_list("pk", "latest_value"))


def stored() -> dict:
    return dict(Benefit.objects.values_list("pk", "latest_measured_value"))


def assert_stored_matches():
    assert stored() == by_definition()


def record(owner, benefit, day, value):
    return measurement_record(actor=owner, benefit=benefit, measured_on=day, value=Decimal(value))


def test_it_keeps_the_latest_value_through_every_kind_of_write(owner, benefit, other_benefit, other_owner):
    assert_stored_matches()  # none measured: NULL
    first = record(owner, benefit, D(2025, 3, 1), "90")
    assert_stored_matches()
    later = record(owner, benefit, D(2025, 9, 1), "80")
    record(owner, benefit, D(2025, 6, 1), "85")  # dated before the latest: not the latest
    assert_stored_matches()
    correction = record(owner, benefit, D(2025, 9, 1), "79")  # the same date: the newer one counts
    assert_stored_matches()
    assert stored()[benefit.pk] == Decimal(79)
    record(other_owner, other_benefit, D(2025, 12, 31), "60")
    assert_stored_matches()
    # An edit (the admin's inline) moves a measurement's date past the others, and back.
    first.measured_on = D(2026, 12, 31)
    first.save()
    assert stored()[benefit.pk] == Decimal(90)
    assert_stored_matches()
    first.measured_on = D(2025, 1, 1)
    first.save()
    assert_stored_matches()
    # Withdrawn: the one before it is the latest again; all withdrawn: NULL again.
    correction.delete()
    assert stored()[benefit.pk] == Decimal(80)
    assert_stored_matches()
    for measurement in BenefitMeasurement.objects.filter(benefit=other_benefit):
        measurement.delete()
    assert stored()[other_benefit.pk] is None
    assert_stored_matches()
    BenefitMeasurementFactory(benefit=other_benefit, measured_on=D(2025, 12, 31), value=Decimal(55))
    assert_stored_matches()
    assert later.pk  # still there
    # Bulk writes bypass save(): mark_latest_in_year() is their one call.
    BenefitMeasurement.objects.bulk_create(
        BenefitMeasurement(benefit=benefit, measured_on=D(2027, m, 15), value=Decimal(m), recorded_by=owner)
        for m in range(1, 13)
    )
    assert stored() != by_definition()
    mark_latest_in_year([benefit.pk, other_benefit.pk])
    assert_stored_matches()


def test_it_keeps_the_latest_value_when_a_benefit_read_earlier_is_saved(owner, benefit):
    read_before = Benefit.objects.get(pk=benefit.pk)
    record(owner, benefit, D(2025, 3, 1), "90")
    read_before.title = "Færre timer"
    read_before.save()
    assert stored()[benefit.pk] == Decimal(90)
    assert Benefit.objects.get(pk=benefit.pk).title == "Færre timer"
    partly = Benefit.objects.only("pk", "archived").get(pk=benefit.pk)
    partly.archived = True
    partly.save()
    assert Benefit.objects.values_list("archived", "latest_measured_value").get(pk=benefit.pk) == (
        True,
        Decimal(90),
    )


def test_it_stores_the_latest_value_in_the_generated_portfolio(settings):
    settings.DEBUG = True
    call_command(
        "generate_portfolio", projects=5, periods=2, seed=3, measurements_per_benefit=7, stdout=io.StringIO()
    )
    assert BenefitMeasurement.objects.exists()
    assert_stored_matches()


def test_it_fills_the_latest_value_in_its_data_migration(owner, benefit, other_benefit):
    record(owner, benefit, D(2025, 3, 1), "90")
    record(owner, benefit, D(2025, 9, 1), "80")
    Benefit.objects.update(latest_measured_value=None)
    migration = importlib.import_module("benefits.migrations.0007_benefit_latest_measured_value")
    migration.fill_latest_measured_value(apps, None)
    assert stored() == by_definition() == {benefit.pk: Decimal(80), other_benefit.pk: None}
