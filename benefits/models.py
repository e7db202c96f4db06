"""Benefit realisation: business cases, benefits with owners at management level, measurements.

The rules of the numbers live here, next to the fields they read:

- Achievement % of a measured value = (value − baseline) / (target − baseline) × 100. Target and
  baseline never coincide (a database constraint), so there is never a division by zero.
- A benefit's *direction* is the sign of target − baseline: a cost that should fall has direction −1,
  a count that should rise +1. An *improvement* is (value − baseline) × direction, so it is positive
  when the value moved towards the target, whichever way that is.
- "Realised financial benefit" of a year: for financial benefits in kr., the improvement of the latest
  measurement dated in that year; dis-benefits count negative. A year without a measurement realises
  nothing for that benefit.
- "Planned financial benefit": |target − baseline| in kr. (negative for a dis-benefit), spread over the
  years in proportion to the project's business case savings per year (year 0 = the project's start
  year), or without a business case with savings evenly over the days from baseline date to due date
  (benefits.spread.planned_by_year).
- A measurement is overdue when the last one (or, before the first, the baseline date) is more than the
  plan's interval of months old, until a measurement on or after the due date closes the follow-up.
"""

import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import CharField, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Substr
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from portfolio.dates import danish_date
from portfolio.models import Project

BUSINESS_CASE_YEARS = range(0, 6)

MANAGER_REQUIRED_MESSAGE = "Gevinstejeren skal være leder: ansvaret for gevinsterne ligger på ledelsesniveau."
REALISED_RULE_TEXT = (
    "Realiseret økonomisk gevinst i et år er den seneste måling i året for økonomiske gevinster i kr.: "
    "forbedringen fra udgangspunktet i retning af målet (ulemper tæller negativt). Planlagt gevinst er "
    "forskellen mellem udgangspunkt og mål, fordelt over årene efter projektets business case: som "
    "besparelserne pr. år, hvor år 0 er projektets startår. Uden en business case med besparelser "
    "fordeles den jævnt over dagene fra udgangspunktets dato til måldatoen."
)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier, clamped to the month's last day (31 March − 1 month = 28/29 Feb)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def months_after(day: datetime.date, months: int) -> datetime.date:
    return months_before(day, -months)


class BusinessCase(models.Model):
    project = models.OneToOneField(Project, on_delete=models.PROTECT, related_name="business_case")
    notes = models.TextField("bemærkninger", blank=True)
    updated_at = models.DateTimeField("ændret", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "business case"
        verbose_name_plural = "business cases"

    def __str__(self):
        return f"Business case for {self.project}"


class BusinessCaseLine(models.Model):
    """One amount of the business case: a row (cost or saving) in one year 0-5."""

    class Row(models.TextChoices):
        CONSULTANCY = "consultancy", "Konsulentydelser"
        TRAINING = "training", "Uddannelse"
        OTHER_BUSINESS_COSTS = "other_business_costs", "Andre forretningsomkostninger"
        HARDWARE = "hardware", "Hardware"
        SOFTWARE = "software", "Software"
        OTHER_IT_COSTS = "other_it_costs", "Andre it-omkostninger"
        SALARY_SAVINGS = "salary_savings", "Lønbesparelser"
        OTHER_BUSINESS_SAVINGS = "other_business_savings", "Andre forretningsmæssige besparelser"
        LICENCES = "licences", "Licenser"
        SYSTEM_MAINTENANCE = "system_maintenance", "Systemvedligehold"
        OTHER_IT_SAVINGS = "other_it_savings", "Andre it-driftsbesparelser"

    class Category(models.TextChoices):
        INVESTMENT = "investment", "Engangsinvestering"
        RUNNING_COST = "running_cost", "Løbende omkostning"
        SAVING = "saving", "Besparelse"

    business_case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField("kategori", max_length=20, choices=Category.choices)
    row = models.CharField("post", max_length=30, choices=Row.choices)
    year = models.PositiveSmallIntegerField("år")
    amount = models.DecimalField("beløb (kr.)", max_digits=14, decimal_places=2, default=Decimal("0"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["business_case", "category", "row", "year"]
        verbose_name = "business case-linje"
        verbose_name_plural = "business case-linjer"
        constraints = [
            models.UniqueConstraint(
                fields=["business_case", "category", "row", "year"], name="businesscaseline_unique_cell"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=0) & Q(year__lte=5), name="businesscaseline_year_0_5"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="businesscaseline_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_row_display()} år {self.year}: {self.amount} kr."


class Benefit(models.Model):
    class Type(models.TextChoices):
        EFFICIENCY = "efficiency", "Effektivisering"
        QUALITY = "quality", "Kvalitet"
        SERVICE = "service", "Service"

    class Unit(models.TextChoices):
        KR = "kr", "kr."
        HOURS = "hours", "timer"
        COUNT = "count", "antal eller anden enhed"
        PERCENT = "percent", "%"

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="benefits")
    title = models.CharField("gevinst", max_length=200)
    description = models.TextField("beskrivelse", blank=True)
    type = models.CharField("type", max_length=20, choices=Type.choices)
    is_financial = models.BooleanField("økonomisk gevinst", default=False)
    is_disbenefit = models.BooleanField("ulempe (negativ gevinst)", default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_benefits",
        verbose_name="gevinstejer",
    )
    unit = models.CharField("enhed", max_length=10, choices=Unit.choices)
    # What is counted, as the users measure it (sekunder, km, sager); only with Unit.COUNT.
    unit_label = models.CharField(
        "enhedens navn",
        max_length=40,
        blank=True,
        help_text=(
            "Hvad der tælles, når enheden er antal eller anden enhed: fx sekunder, km eller sager. "
            "Tomt betyder antal."
        ),
    )
    baseline = models.DecimalField("udgangspunkt", max_digits=14, decimal_places=2)
    baseline_date = models.DateField("dato for udgangspunkt")
    target = models.DecimalField("mål", max_digits=14, decimal_places=2)
    due_date = models.DateField("målet nås senest")
    measurement_plan = models.TextField("sådan måles gevinsten", blank=True)
    measurement_interval_months = models.PositiveSmallIntegerField("måles hver (måneder)", default=3)
    archived = models.BooleanField("arkiveret", default=False)
    # The value of its latest measurement (by date, then id), which the totals' realised to date read
    # from the row instead of a lookup per benefit. Derived, like BenefitMeasurement.latest_in_year, and
    # kept with it by mark_latest_in_year() alone: save() never writes it to an existing row.
    latest_measured_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["latest_measured_value"])

    class Meta:
        ordering = ["project", "title"]
        verbose_name = "gevinst"
        verbose_name_plural = "gevinster"
        permissions = [("record_measurement", "Kan registrere målinger af gevinsten")]
        constraints = [
            # Achievement is measured against the distance from baseline to target.
            models.CheckConstraint(
                condition=~Q(target=F("baseline")), name="benefit_target_differs_from_baseline"
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=F("baseline_date")), name="benefit_due_after_baseline"
            ),
            models.CheckConstraint(
                condition=Q(measurement_interval_months__gte=1), name="benefit_interval_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            # An instance read before a measurement was recorded holds an older latest value.
            skip = self.get_deferred_fields() | {"latest_measured_value"}
            fields = [f.attname for f in self._meta.concrete_fields if not f.primary_key]
            kwargs["update_fields"] = [name for name in fields if name not in skip]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("benefits:detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.owner_id is not None and not self.owner.is_manager:
            raise ValidationError({"owner": MANAGER_REQUIRED_MESSAGE})

    @property
    def unit_text(self) -> str:
        """The unit as it is written after a number: kr., timer, %, or for a count what is counted
        (unit_label, e.g. "sekunder"), plain "antal" when nothing is named."""
        if self.unit == self.Unit.COUNT:
            return self.unit_label or "antal"
        return self.get_unit_display()

    def achievement_pct(self, value) -> Decimal | None:
        """(value − baseline) / (target − baseline), in percent."""
        if value is None or self.target == self.baseline:
            return None
        return (Decimal(value) - self.baseline) / (self.target - self.baseline) * 100

    @property
    def direction(self) -> int:
        """+1 when the target lies above the baseline, −1 when below."""
        return 1 if self.target > self.baseline else -1

    @property
    def counts_financially(self) -> bool:
        """Only financial benefits measured in kroner enter the kr. totals."""
        return self.is_financial and self.unit == self.Unit.KR

    def improvement(self, value) -> Decimal | None:
        """(value − baseline) in the direction of the target; negative for a dis-benefit."""
        if value is None:
            return None
        gain = (Decimal(value) - self.baseline) * self.direction
        return -gain if self.is_disbenefit else gain

    @property
    def planned_amount(self) -> Decimal:
        """The planned improvement: |target − baseline|, negative for a dis-benefit."""
        amount = abs(self.target - self.baseline)
        return -amount if self.is_disbenefit else amount

    @property
    def business_case_year_zero(self) -> int:
        """The calendar year of the business case's year 0: the project's start year (the baseline
        date's year for a project without a start date)."""
        return (self.project.start_date or self.baseline_date).year

    def measurement_anchor(self, last_measured_on) -> datetime.date:
        return last_measured_on or self.baseline_date

    def next_measurement_due(self, last_measured_on) -> datetime.date | None:
        """When the next measurement is due by the plan; None once the follow-up is closed."""
        if last_measured_on is not None and last_measured_on >= self.due_date:
            return None
        return months_after(self.measurement_anchor(last_measured_on), self.measurement_interval_months)

    def is_overdue(self, last_measured_on, today: datetime.date) -> bool:
        """The last measurement (or the baseline date) is more than the interval of months old."""
        if self.archived or (last_measured_on is not None and last_measured_on >= self.due_date):
            return False
        anchor = self.measurement_anchor(last_measured_on)
        return anchor < months_before(today, self.measurement_interval_months)

    def expected_pct(self, on: datetime.date) -> Decimal:
        """Where a straight line from baseline (0 %) to target (100 % on the due date) stands on `on`."""
        span = (self.due_date - self.baseline_date).days
        if span <= 0 or on >= self.due_date:
            return Decimal(100)
        elapsed = max((on - self.baseline_date).days, 0)
        return Decimal(elapsed) / Decimal(span) * 100

    def is_behind(self, value, measured_on) -> bool:
        """The latest measurement lies below the straight line from baseline to target on its date."""
        pct = self.achievement_pct(value)
        if pct is None or measured_on is None:
            return False
        return pct < self.expected_pct(measured_on)


class BenefitUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Benefit, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class BenefitGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Benefit, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False


class BenefitMeasurement(models.Model):
    benefit = models.ForeignKey(Benefit, on_delete=models.PROTECT, related_name="measurements")
    measured_on = models.DateField("måledato")
    value = models.DecimalField("værdi", max_digits=14, decimal_places=2)
    comment = models.TextField("kommentar", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="benefit_measurements",
        verbose_name="registreret af",
    )
    created_at = models.DateTimeField("registreret", auto_now_add=True)
    # Its benefit's latest measurement dated in its calendar year (by date, then id): the rows the realised
    # benefit per year sums (benefits.totals), read from the partial index below instead of ranking every
    # measurement. Derived from the benefit's other rows, so not in the history; save() and delete() keep
    # it, and a bulk write calls mark_latest_in_year() itself.
    latest_in_year = models.BooleanField(default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["latest_in_year"])

    class Meta:
        ordering = ["benefit", "-measured_on", "-id"]
        get_latest_by = "measured_on"
        # A benefit's latest measurements (benefits_with_latest) are read from this index's first entries
        # rather than by sorting all of the benefit's measurements, with their value (no read of the row:
        # the totals read it for every financial benefit); the totals per year from the second.
        indexes = [
            models.Index(fields=["benefit", "-measured_on", "-id", "value"], name="measurement_latest_value"),
            models.Index(
                fields=["benefit", "measured_on", "value"],
                condition=Q(latest_in_year=True),
                name="measurement_latest_in_year",
            ),
        ]
        verbose_name = "gevinstmåling"
        verbose_name_plural = "gevinstmålinger"

    def __str__(self):
        return f"{self.benefit}: {self.value} ({danish_date(self.measured_on)})"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            mark_latest_in_year([self.benefit_id])

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            mark_latest_in_year([self.benefit_id])
        return result

    @property
    def achievement_pct(self):
        return self.benefit.achievement_pct(self.value)


# A measurement's calendar year as text: its ISO date's first four characters (ExtractYear is a Python
# function on SQLite).
MEASURED_YEAR = Substr(Cast("measured_on", CharField()), 1, 4)


def mark_latest_in_year(benefit_ids=None) -> int:
    """Set BenefitMeasurement.latest_in_year on every measurement of the benefits `benefit_ids` (ids or a
    queryset of ids; None: all): true when no measurement of the same benefit and year is later (by
    date, then id); and the benefits' latest_measured_value. Two statements; the number of measurements
    it wrote."""
    rows, benefits = BenefitMeasurement.objects.all(), Benefit.objects.all()
    if benefit_ids is not None:
        rows, benefits = rows.filter(benefit__in=benefit_ids), benefits.filter(pk__in=benefit_ids)
    newest = BenefitMeasurement.objects.filter(benefit=OuterRef("pk")).order_by("-measured_on", "-id")
    benefits.order_by().update(latest_measured_value=Subquery(newest.values("value")[:1]))
    later = (
        BenefitMeasurement.objects.filter(
            benefit=OuterRef("benefit"), measured_on__gte=OuterRef("measured_on")
        )
        .exclude(measured_on=OuterRef("measured_on"), pk__lte=OuterRef("pk"))
        .alias(year=MEASURED_YEAR)
        .filter(year=Substr(Cast(OuterRef("measured_on"), CharField()), 1, 4))
    )
    return rows.order_by().update(latest_in_year=~Exists(later))


class BenefitReminder(models.Model):
    """One e-mail reminder of an overdue measurement: at most one per benefit and due date."""

    benefit = models.ForeignKey(Benefit, on_delete=models.PROTECT, related_name="reminders")
    due_on = models.DateField("målingen forfaldt")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="benefit_reminders",
        verbose_name="modtager",
    )
    sent_at = models.DateTimeField("sendt", auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "påmindelse om gevinstmåling"
        verbose_name_plural = "påmindelser om gevinstmåling"
        constraints = [
            models.UniqueConstraint(fields=["benefit", "due_on"], name="benefitreminder_once_per_due_date")
        ]

    def __str__(self):
        return f"Påmindelse til {self.recipient} om {self.benefit} ({danish_date(self.due_on)})"
