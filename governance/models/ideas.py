"""IOD's ideas."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from focusareas.models import FocusArea
from governance.models.decisions import Decision
from portfolio.models import Project

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Idea(models.Model):
    """An idea in IOD's pipeline: proposed, scored, maybe funded and turned into a project."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Foreslået"
        SCORED = "scored", "Vurderet"
        FUNDED = "funded", "Finansieret"
        REJECTED = "rejected", "Afvist"
        PROJECT = "project", "Blevet til projekt"

    title = models.CharField("titel", max_length=200)
    description = models.TextField("beskrivelse", blank=True)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ideas",
        verbose_name="forslagsstiller",
    )
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="ideas", verbose_name="fokusområder"
    )
    strategic_value = models.PositiveSmallIntegerField(
        "strategisk værdi", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    economic_benefit = models.PositiveSmallIntegerField(
        "økonomisk gevinst", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    qualitative_benefit = models.PositiveSmallIntegerField(
        "kvalitativ gevinst", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    operational_need = models.PositiveSmallIntegerField(
        "driftsbehov/lovkrav", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    risk = models.PositiveSmallIntegerField("risiko", null=True, blank=True, validators=SCORE_VALIDATORS)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.PROPOSED)
    funded_amount = models.DecimalField(
        "bevilget (kr.)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    funding_decision = models.OneToOneField(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funded_idea",
        verbose_name="bevillingsbeslutning",
    )
    project = models.OneToOneField(
        Project, null=True, blank=True, on_delete=models.PROTECT, related_name="idea", verbose_name="projekt"
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)

    history = HistoricalRecords()

    SCORE_FIELDS = ("strategic_value", "economic_benefit", "qualitative_benefit", "operational_need", "risk")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "idé"
        verbose_name_plural = "idéer"
        constraints = [
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True})
                    | (Q(**{f"{field}__gte": 1}) & Q(**{f"{field}__lte": 5})),
                    name=f"idea_{field}_1_5",
                )
                for field in (
                    "strategic_value",
                    "economic_benefit",
                    "qualitative_benefit",
                    "operational_need",
                    "risk",
                )
            ],
            models.CheckConstraint(
                condition=Q(funded_amount__isnull=True) | Q(funded_amount__gte=0),
                name="idea_funding_not_negative",
            ),
        ]

    def __str__(self):
        return self.title
