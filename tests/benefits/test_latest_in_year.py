"""BenefitMeasurement.latest_in_year, the flag the realised benefit per year is summed from, is exactly "its
benefit's latest measurement dated in its calendar year" (by date, then id) after every kind of write; and
the totals read from it equal those of the window function they replaced."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from benefits import selectors
from benefits import totals as totals_module
from benefits.models import MEASURED_YEAR, Benefit, BenefitMeasurement, mark_latest_in_year
from benefits.services import measurement_record
from tests.benefits.conftest import make_benefit
from tests.factories import BenefitMeasurementFactory, ProjectFactory, current_focus_area

pytestmark = pytest.mark.django_db

D = datetime.date


def latest_by_window(benefit_ids=None) -> set:
    """The definition, as the totals computed it before the flag: a window function over all measurements."""
    rows = BenefitMeasurement.objects.all()
    if benefit_ids is not None:
        rows = rows.filter(benefit__in=benefit_ids)
    ranked = rows.annotate(
        newest=Window(
            RowNumber(),
            partition_by=[F("benefit_id"), MEASURED_YEAR],
            order_by=[F("measured_on").desc(), F("pk").desc()],
        )
    ).order_by()
    return {pk for pk, newest in ranked.values_list("pk", "newest") if newest == 1}


def flagged() -> set:
    return set(BenefitMeasurement.objects.filter(latest_in_year=True).values_list("pk", flat=True))


def assert_flags_match():
    assert flagged() == latest_by_window()


def record(owner, benefit, day, value):
    return measurement_record(actor=owner, benefit=benefit, measured_on=day, value=Decimal(value))


def test_it_keeps_the_flag_through_every_kind_of_write(owner, benefit, other_benefit, other_owner):
    # Recorded through the service: later in the year, earlier in the year, a correction of the same
    # date (the newer one counts), another year, another benefit.
    first = record(owner, benefit, D(2025, 3, 1), "90")
    assert_flags_match()
    later = record(owner, benefit, D(2025, 9, 1), "80")
    assert_flags_match()
    record(owner, benefit, D(2025, 6, 1), "85")
    assert_flags_match()
    correction = record(owner, benefit, D(2025, 9, 1), "79")
    assert_flags_match()
    assert correction.pk in flagged() and later.pk not in flagged()
    record(owner, benefit, D(2026, 1, 31), "70")
    record(other_owner, other_benefit, D(2025, 12, 31), "60")
    assert_flags_match()
    # An edit (the admin's inline) moves a measurement's date, into another year and back.
    first.measured_on = D(2026, 12, 31)
    first.save()
    assert_flags_match()
    first.measured_on = D(2025, 12, 31)
    first.save()
    assert_flags_match()
    assert first.pk in flagged()
    # Withdrawn (the admin's inline deletes it): the one before it is the year's latest again.
    first.delete()
    assert_flags_match()
    assert correction.pk in flagged()
    # Factories and plain create() go through save() too.
    BenefitMeasurementFactory(benefit=other_benefit, measured_on=D(2025, 12, 31), value=Decimal(55))
    assert_flags_match()
    # Bulk writes bypass save(): mark_latest_in_year() is their one call.
    BenefitMeasurement.objects.bulk_create(
        BenefitMeasurement(benefit=benefit, measured_on=D(2025, m, 15), value=Decimal(m), recorded_by=owner)
        for m in range(1, 13)
    )
    BenefitMeasurement.objects.filter(benefit=other_benefit).update(measured_on=D(2024, 5, 5))
    assert flagged() != latest_by_window()
    mark_latest_in_year([benefit.pk, other_benefit.pk])
    assert_flags_match()


def test_it_flags_the_generated_portfolio(settings):
    settings.DEBUG = True
    call_command(
        "generate_portfolio", projects=5, periods=2, seed=3, measurements_per_benefit=7, stdout=io.StringIO()
    )
    assert BenefitMeasurement.objects.exists()
    assert_flags_match()


def test_it_totals_as_the_window_function_did(owner, other_owner):
    """Several measurements a year, corrections of a date, a withdrawn measurement and a dis-benefit: the
    list's totals, the realised amounts per benefit and year, and the sums per year are those of the
    window function over all measurements."""
    area = current_focus_area(1)
    project = ProjectFactory(kind="tvaergaaende", focus_areas=[area, current_focus_area(2)])
    saving = make_benefit(
        project, owner, title="Besparelse", unit="kr", is_financial=True, baseline=Decimal(1000), target=600
    )
    cost = make_benefit(
        project,
        other_owner,
        title="Ulempe",
        unit="kr",
        is_financial=True,
        is_disbenefit=True,
        baseline=0,
        target=100,
    )
    hours = make_benefit(project, owner, title="Timer", is_financial=True)  # not kr.: left out
    withdrawn = None
    for benefit, recorder, day, value in [
        (saving, owner, D(2025, 2, 1), "950"),
        (saving, owner, D(2025, 7, 1), "900"),
        (saving, owner, D(2025, 7, 1), "880"),  # a correction of the same date
        (saving, owner, D(2025, 11, 30), "850"),
        (saving, owner, D(2026, 3, 1), "800"),
        (cost, other_owner, D(2025, 4, 1), "20.50"),
        (cost, other_owner, D(2026, 1, 1), "35"),
        (cost, other_owner, D(2026, 8, 1), "40.25"),
        (hours, owner, D(2025, 5, 1), "70"),
    ]:
        measurement = record(recorder, benefit, day, value)
        withdrawn = measurement if value == "850" else withdrawn
    withdrawn.delete()
    assert_flags_match()

    queryset = selectors.benefit_list(owner)
    ids = queryset.filter(is_financial=True, unit=Benefit.Unit.KR).values("pk")
    window_rows = (
        BenefitMeasurement.objects.filter(pk__in=latest_by_window(ids))
        .annotate(year=MEASURED_YEAR)
        .values_list("benefit_id", "year", "value")
    )
    by_window: dict = {}
    for benefit_id, year, value in window_rows:
        by_window.setdefault(benefit_id, {})[int(year)] = value
    realised = totals_module.realised_by_year(queryset.values("pk"))
    assert realised == by_window
    assert realised[saving.pk] == {2025: Decimal(880), 2026: Decimal(800)}
    assert realised[cost.pk] == {2025: Decimal("20.50"), 2026: Decimal("40.25")}

    per_year = totals_module.realised_per_year(ids)
    improvements = {saving.pk: saving.improvement, cost.pk: cost.improvement}
    expected: dict = {}
    for benefit_id, years in by_window.items():
        for year, value in years.items():
            expected[year] = expected.get(year, 0) + improvements[benefit_id](value)
    assert (
        per_year == expected == {2025: Decimal(120) - Decimal("20.50"), 2026: Decimal(200) - Decimal("40.25")}
    )
    assert totals_module.realised_per_year(ids, keep={cost.pk}) == {
        2025: Decimal("-20.50"),
        2026: Decimal("-40.25"),
    }

    areas = [area, current_focus_area(2), current_focus_area(3)]
    rows = selectors.benefit_rows(queryset, today=D(2026, 12, 1))
    totals = totals_module.list_totals(queryset, areas)
    assert totals == totals_module.financial_totals(rows, by_window, areas)
    assert [(year, realised) for year, _, realised in totals.by_year] == [
        (2025, Decimal(120) - Decimal("20.50")),
        (2026, Decimal(200) - Decimal("40.25")),
    ]
    kept = totals_module.financial_totals([row for row in rows if row.pk == saving.pk], by_window, areas)
    assert totals_module.list_totals(queryset, areas, keep={saving.pk}) == kept
