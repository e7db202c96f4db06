"""Benefit.is_overdue(None, today) in SQL, so Datakvalitet counts the benefits whose first measurement is
due in the database rather than benefit by benefit in Python: the baseline date lies before
months_before(today, the benefit's interval). Months are counted as year * 12 + month, which reads the
same on SQLite and PostgreSQL."""

import datetime

from django.db.models import F, Q
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, Mod


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
