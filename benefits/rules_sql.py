"""Benefit's rules (benefits.models) as SQL expressions, for sums and counts over many benefits that
should not build a Python object per benefit. Each mirrors the model's method it names; tests check
that the two agree (tests/benefits for the sums, tests/governance/dataquality/test_rules_in_sql.py for
the first measurement due).

The expressions read the annotations of with_latest() (or benefits.selectors.benefits_with_latest):
latest_value and last_measured_on."""

import datetime

from django.db.models import Case, DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Abs, Coalesce, ExtractDay, ExtractMonth, ExtractYear, Mod
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
    # (value − baseline) times the direction, which names `value` once: an annotation such as
    # latest_value is a subquery that Django writes out, and the database runs, at each mention. Exact:
    # multiplying by ±1 only flips the sign, on SQLite's floating point too.
    direction = Case(When(up, then=Value(1)), default=Value(-1))
    return ExpressionWrapper((value - baseline) * direction, output_field=_AMOUNT)


# The improvement of the latest measurement (realised to date).
LATEST_IMPROVEMENT = improvement(F("latest_value"))
# The same from the value stored on the benefit's row (Benefit.latest_measured_value): no annotation.
STORED_LATEST_IMPROVEMENT = improvement(F("latest_measured_value"))


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


# Benefit.is_overdue(None, today): the first measurement is due. Without the intervals in use (overdue_q's
# extra query), as date arithmetic: the baseline date lies before months_before(today, the benefit's
# interval). Months are counted as year * 12 + month, which reads the same on SQLite and PostgreSQL.


def _on_its_months_last_day(benefits):
    """`benefits` and the condition that the baseline date is its month's last day, for days up to the
    30th (all the comparison below asks about)."""
    year = F("dq_baseline_year")
    benefits = benefits.alias(dq_mod_4=Mod(year, 4), dq_mod_100=Mod(year, 100), dq_mod_400=Mod(year, 400))
    common_year = ~Q(dq_mod_4=0) | (Q(dq_mod_100=0) & ~Q(dq_mod_400=0))
    return benefits, (
        Q(dq_baseline_month__in=(4, 6, 9, 11), dq_baseline_day=30)
        | Q(dq_baseline_month=2, dq_baseline_day=29)
        | (Q(dq_baseline_month=2, dq_baseline_day=28) & common_year)
    )


def first_measurement_overdue(benefits, today: datetime.date):
    """`benefits` (a queryset) and the condition that the first measurement of each is due by `today`, as
    Benefit.is_overdue(None, today) decides it for a benefit not archived."""
    this_month = today.year * 12 + today.month - 1
    benefits = benefits.alias(
        dq_baseline_year=ExtractYear("baseline_date"),
        dq_baseline_month=ExtractMonth("baseline_date"),
        dq_baseline_day=ExtractDay("baseline_date"),
    ).alias(
        dq_due_month=F("dq_baseline_year") * 12
        + F("dq_baseline_month")
        - 1
        + F("measurement_interval_months")
    )
    # Due in an earlier month; or in this month, on a day before today's. months_before() clamps to the
    # month's last day (31 March less a month is 28 February), which matters only after the 28th: then a
    # baseline on its month's last day is not before the day it is compared with.
    same_month = Q(dq_due_month=this_month, dq_baseline_day__lt=today.day)
    if today.day > 28:
        benefits, last_day = _on_its_months_last_day(benefits)
        same_month &= ~last_day
    return benefits, Q(dq_due_month__lt=this_month) | same_month
