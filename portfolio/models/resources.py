"""Hours per unit and quarter: a project's resource needs and the units' capacity."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from portfolio.models.people import OrgUnit
from portfolio.models.projects import Project

QUARTER_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


class ResourceNeed(models.Model):
    """The hours one org unit is expected to give a project in one quarter: one cell of the project's
    resource plan, kept by its leader. The capacity page sums these per unit and quarter (the demand).
    A cell set back to nothing keeps its row with 0 hours, so the history shows what was planned."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="resource_needs")
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="resource_needs", verbose_name="enhed"
    )
    year = models.PositiveSmallIntegerField("år")
    quarter = models.PositiveSmallIntegerField("kvartal", validators=QUARTER_VALIDATORS)
    hours = models.PositiveIntegerField("timer", default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "year", "quarter", "org_unit"]
        verbose_name = "ressourcebehov"
        verbose_name_plural = "ressourcebehov"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "org_unit", "year", "quarter"], name="resourceneed_unique_cell"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="resourceneed_quarter_range"
            ),
        ]
        # The capacity page sums the hours per unit and quarter over a window of quarters: with the project
        # and the hours in the index, the sum is read from the index alone, in the order it groups by.
        indexes = [
            models.Index(
                fields=["year", "quarter", "org_unit", "project", "hours"], name="resourceneed_window_sum"
            )
        ]

    def __str__(self):
        return f"{self.project.number}: {self.org_unit}, {self.year} K{self.quarter}: {self.hours} timer"


class UnitCapacity(models.Model):
    """The hours an org unit can give digitalisation work in one quarter, kept by the programme group:
    what the capacity page sets the projects' demand against."""

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="capacities", verbose_name="enhed"
    )
    year = models.PositiveSmallIntegerField("år")
    quarter = models.PositiveSmallIntegerField("kvartal", validators=QUARTER_VALIDATORS)
    hours = models.PositiveIntegerField("timer", default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["org_unit", "year", "quarter"]
        verbose_name = "kapacitet"
        verbose_name_plural = "kapaciteter"
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "year", "quarter"], name="unitcapacity_unique_cell"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="unitcapacity_quarter_range"
            ),
        ]

    def __str__(self):
        return f"{self.org_unit}, {self.year} K{self.quarter}: {self.hours} timer"
