"""Benefit's rules (benefits.models) as SQL expressions, for sums and counts over many benefits that
should not build a Python object per benefit. Each mirrors the model's method it names; the follow-up's
tests check that the two agree.

The expressions read the annotations of with_latest() (or benefits.selectors.benefits_with_latest):
latest_value and last_measured_on."""

import datetime

from django.db.models import Case, DecimalField, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Abs, Coalesce
from django.db.models.lookups import LessThan

from benefits.models import Benefit, BenefitMeasurement, months_before


def with_latest(queryset):
    """`queryset` annotated with what the expressions below read: the latest measurement's value and
    date (benefits.selectors.benefits_with_latest without the previous value, which no sum reads)."""
    newest = BenefitMeasurement.objects.filter(benefit=OuterRef("pk")).order_by("-measured_on", "-id")
    return queryset.annotate(
        last_measured_on=Subquery(newest.values("measured_on")[:1]),
        latest_value=Subquery(newest.values("value")[:1]),
    )


_AMOUNT = DecimalField(max_digits=16, decimal_places=2)

# Benefit.counts_financially
COUNTS_FINANCIALLY = Q(is_financial=True, unit=Benefit.Unit.KR)

# Benefit.planned_amount: |target − baseline|, negative for a dis-benefit.
PLANNED_AMOUNT = Case(
    When(is_disbenefit=True, then=-Abs(F("target") - F("baseline"))),
    default=Abs(F("target") - F("baseline")),
    output_field=_AMOUNT,
)


def improvement(value, benefit="") -> Case:
    """Benefit.improvement(value): (value − baseline) towards the target, negative for a dis-benefit;
    NULL for a NULL value. The value moves "up" when the target lies above the baseline and the benefit
    is not a dis-benefit, or below it and it is one. `benefit`: the path to the benefit's fields
    ("benefit__" from a measurement)."""
    baseline, disbenefit = F(f"{benefit}baseline"), f"{benefit}is_disbenefit"
    up = Q(**{f"{benefit}target__gt": baseline, disbenefit: False}) | Q(
        **{f"{benefit}target__lt": baseline, disbenefit: True}
    )
    return Case(When(up, then=value - baseline), default=baseline - value, output_field=_AMOUNT)


# The improvement of the latest measurement (realised to date).
LATEST_IMPROVEMENT = improvement(F("latest_value"))


def overdue_q(today: datetime.date, intervals) -> Q:
    """Benefit.is_overdue(last_measured_on, today) for the benefits whose measurement interval is among
    `intervals` (the distinct intervals of the rows asked about): the date the anchor must not be
    older than depends on the interval, so it is computed here, once per interval, by the model's own
    months_before."""
    # No measurement yet, or the latest before the due date; one reference to the subquery, not two
    # (SQLite evaluates the subquery once for each).
    not_closed = LessThan(Coalesce("last_measured_on", Value(datetime.date.min)), F("due_date"))
    anchor = Coalesce("last_measured_on", "baseline_date")
    late = Q(pk__in=[])
    for interval in sorted(set(intervals)):
        cutoff = Value(months_before(today, interval))
        late |= Q(LessThan(anchor, cutoff), measurement_interval_months=interval)
    return Q(not_closed, archived=False) & late
