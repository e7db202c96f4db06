"""generate_portfolio can build the benchmark's benefit load: N benefits per project, M measurements each."""

import io

import pytest
from django.core.management import call_command

from benefits.models import Benefit, BenefitMeasurement

pytestmark = pytest.mark.django_db


def test_it_generates_the_requested_benefits_and_measurements(settings):
    settings.DEBUG = True
    call_command(
        "generate_portfolio",
        "--projects",
        "5",
        "--periods",
        "2",
        "--benefits-per-project",
        "4",
        "--measurements-per-benefit",
        "12",
        stdout=io.StringIO(),
    )
    assert Benefit.objects.count() == 20
    assert BenefitMeasurement.objects.count() == 240
    assert all(benefit.owner.is_manager for benefit in Benefit.objects.select_related("owner"))


def test_it_keeps_todays_defaults(settings):
    settings.DEBUG = True
    call_command("generate_portfolio", "--projects", "5", "--periods", "2", stdout=io.StringIO())
    benefits = Benefit.objects.count()
    assert 5 <= benefits <= 10 and BenefitMeasurement.objects.count() == 3 * benefits
