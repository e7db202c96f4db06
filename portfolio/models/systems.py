"""IT systems, their contracts and KLE numbers, and the projects that change them."""

import calendar
import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from portfolio.models.people import OrgUnit
from portfolio.models.projects import Project

KLE_NUMBER_PATTERN = r"^\d{2}\.\d{2}\.\d{2}$"
KLE_FORMAT_MESSAGE = "»%(value)s« er ikke et KLE-nummer i formatet 00.00.00 (fx 27.24.00)."
# The longest notice period the portal accepts (months); also bounds the contract watch's query.
MAX_NOTICE_MONTHS = 60


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by `months` calendar months (negative: back), clamped to the end of a shorter
    month: 31 March minus one month is 28 February (29 in a leap year)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def notice_deadline(contract_end, notice_months):
    """The last day notice can be given for a contract ending on `contract_end`; None if unknown."""
    if contract_end is None or notice_months is None:
        return None
    return add_months(contract_end, -notice_months)


def validate_kle_numbers(value):
    """A list of KLE numbers, each in the format 00.00.00 (Danish errors, one per bad number)."""
    if not isinstance(value, list):
        raise ValidationError("KLE-numre skal være en liste.", code="invalid")
    errors = [
        ValidationError(KLE_FORMAT_MESSAGE, code="invalid_kle", params={"value": str(item)[:20]})
        for item in value
        if not isinstance(item, str) or not re.fullmatch(KLE_NUMBER_PATTERN, item)
    ]
    if errors:
        raise ValidationError(errors)


class ProjectSystem(models.Model):
    """A project's relation to an IT system: it introduces, replaces or changes the system."""

    class Relation(models.TextChoices):
        INTRODUCES = "indfoerer", "Indfører"
        REPLACES = "erstatter", "Erstatter"
        CHANGES = "aendrer", "Ændrer"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="system_links", verbose_name="projekt"
    )
    system = models.ForeignKey(
        "ITSystem", on_delete=models.CASCADE, related_name="project_links", verbose_name="it-system"
    )
    relation = models.CharField(
        "projektets forhold til systemet", max_length=10, choices=Relation.choices, default=Relation.CHANGES
    )

    class Meta:
        ordering = ["system__name", "project__number"]
        verbose_name = "projektets it-system"
        verbose_name_plural = "projekternes it-systemer"
        constraints = [
            models.UniqueConstraint(fields=["project", "system"], name="projectsystem_unique_pair"),
        ]

    def __str__(self):
        return f"{self.project} {self.get_relation_display().lower()} {self.system}"


class ITSystem(models.Model):
    """An IT system of the municipality's system portfolio."""

    class Lifecycle(models.TextChoices):
        CLARIFYING = "afklaring", "Under afklaring"
        PHASING_IN = "indfases", "Indfases"
        OPERATING = "drift", "I drift"
        PHASING_OUT = "udfases", "Udfases"
        NOT_IN_USE = "ikke_i_brug", "Ikke i brug"

    class Criticality(models.TextChoices):
        LOW = "low", "Lav"
        MEDIUM = "medium", "Middel"
        HIGH = "high", "Høj"
        CRITICAL = "critical", "Kritisk"

    class UserCount(models.TextChoices):
        # KITOS' intervals for the expected number of users.
        UNDER_10 = "under_10", "Under 10"
        FROM_10 = "10_50", "10-50"
        FROM_50 = "50_100", "50-100"
        OVER_100 = "over_100", "Over 100"

    class Hosting(models.TextChoices):
        ON_PREMISE = "on_premise", "Lokalt (on-premise)"
        EXTERNAL = "external", "Eksternt (cloud/leverandør)"
        HYBRID = "hybrid", "Hybrid"

    name = models.CharField("navn", max_length=200)
    description = models.TextField("beskrivelse", blank=True)
    vendor = models.CharField("leverandør", max_length=200, blank=True)
    owner_unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="it_systems",
        verbose_name="ejende enhed",
    )
    system_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_systems",
        verbose_name="systemejer",
    )
    system_responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_systems",
        verbose_name="systemansvarlig",
        help_text="Den, der står for den daglige drift og forvaltning af systemet.",
    )
    lifecycle = models.CharField(
        "livscyklus", max_length=20, choices=Lifecycle.choices, default=Lifecycle.OPERATING
    )
    criticality = models.CharField(
        "forretningskritikalitet", max_length=10, choices=Criticality.choices, default=Criticality.MEDIUM
    )
    user_count = models.CharField("antal brugere", max_length=10, choices=UserCount.choices, blank=True)
    hosting = models.CharField("drift/hosting", max_length=12, choices=Hosting.choices, blank=True)
    on_common_infrastructure = models.BooleanField("på fælleskommunal infrastruktur", default=False)
    kle_numbers = models.JSONField("KLE-numre", default=list, blank=True, validators=[validate_kle_numbers])
    contract_end = models.DateField("kontraktudløb", null=True, blank=True)
    notice_months = models.PositiveSmallIntegerField(
        "opsigelsesvarsel (måneder)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_NOTICE_MONTHS)],
    )
    # Derived from contract_end and notice_months on every save, so lists can filter and sort by it.
    notice_deadline = models.DateField("frist for opsigelse", null=True, blank=True, editable=False)
    kitos_uuid = models.UUIDField("KITOS-UUID", null=True, blank=True, unique=True)
    projects = models.ManyToManyField(
        Project,
        through=ProjectSystem,
        blank=True,
        related_name="it_systems",
        verbose_name="projekter",
    )
    archived = models.BooleanField("arkiveret", default=False)

    history = HistoricalRecords(m2m_fields=[projects])

    class Meta:
        ordering = ["name"]
        verbose_name = "it-system"
        verbose_name_plural = "it-systemer"
        constraints = [
            models.CheckConstraint(
                condition=Q(notice_months__isnull=True) | Q(notice_months__lte=MAX_NOTICE_MONTHS),
                name="itsystem_notice_months_range",
            ),
        ]
        indexes = [
            models.Index(fields=["contract_end"]),
            models.Index(fields=["notice_deadline"]),
            # The system list's default order: a page is read from the index, not sorted from every row.
            models.Index(fields=["name", "id"], name="itsystem_name_id"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.notice_deadline = notice_deadline(self.contract_end, self.notice_months)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"contract_end", "notice_months"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "notice_deadline"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("systems:detail", args=[self.pk])
