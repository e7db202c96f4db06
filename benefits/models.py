"""Benefit realisation: business cases, benefits with owners at management level, measurements."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from portfolio.models import Project

BUSINESS_CASE_YEARS = range(0, 6)


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
        COUNT = "count", "antal"
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
    baseline = models.DecimalField("udgangspunkt", max_digits=14, decimal_places=2)
    baseline_date = models.DateField("dato for udgangspunkt")
    target = models.DecimalField("mål", max_digits=14, decimal_places=2)
    due_date = models.DateField("målet nås senest")
    measurement_plan = models.TextField("sådan måles gevinsten", blank=True)
    measurement_interval_months = models.PositiveSmallIntegerField("måles hver (måneder)", default=3)
    archived = models.BooleanField("arkiveret", default=False)

    history = HistoricalRecords()

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

    def achievement_pct(self, value) -> Decimal | None:
        """(value − baseline) / (target − baseline), in percent."""
        if value is None or self.target == self.baseline:
            return None
        return (Decimal(value) - self.baseline) / (self.target - self.baseline) * 100


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

    history = HistoricalRecords()

    class Meta:
        ordering = ["benefit", "-measured_on", "-id"]
        get_latest_by = "measured_on"
        verbose_name = "gevinstmåling"
        verbose_name_plural = "gevinstmålinger"

    def __str__(self):
        return f"{self.benefit}: {self.value} ({self.measured_on:%d.%m.%Y})"

    @property
    def achievement_pct(self):
        return self.benefit.achievement_pct(self.value)
