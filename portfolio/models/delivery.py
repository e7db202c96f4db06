"""A project's milestones and risks, and its closing report."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from portfolio.dates import danish_date
from portfolio.models.projects import Project


class Milestone(models.Model):
    """A dated point of a project's plan. `due_date` is the forecast, `baseline_date` the date frozen when
    the gate into gennemførelse was passed (empty for milestones added later), `completed_on` the date it
    was actually reached."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField("milepæl", max_length=200)
    description = models.TextField("beskrivelse", blank=True)
    due_date = models.DateField("forventet dato")
    baseline_date = models.DateField("oprindelig dato", null=True, blank=True, editable=False)
    completed_on = models.DateField("nået", null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="milestones",
        verbose_name="ansvarlig",
    )
    archived = models.BooleanField("arkiveret", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = "milepæl"
        verbose_name_plural = "milepæle"
        # The milestones due in a window ("Siden sidste møde": overdue since the last meeting) by a range
        # scan, not a read of every project's milestones.
        indexes = [models.Index(fields=["due_date"], name="milestone_due_date")]

    def __str__(self):
        return f"{self.title} ({danish_date(self.due_date)})"

    @property
    def slip_days(self) -> int | None:
        """Days the milestone lies (or was reached) after its baseline date; None without a baseline."""
        if self.baseline_date is None:
            return None
        return ((self.completed_on or self.due_date) - self.baseline_date).days


class RiskLevel(models.IntegerChoices):
    """Probability and consequence in words, so a score is never a bare number."""

    VERY_LOW = 1, "Meget lav"
    LOW = 2, "Lav"
    MEDIUM = 3, "Middel"
    HIGH = 4, "Høj"
    VERY_HIGH = 5, "Meget høj"


class RiskZone(models.TextChoices):
    """The 5×5 matrix's zones by score (probability × consequence), named so they read without colour."""

    LOW = "low", "Lav risiko"
    MEDIUM = "medium", "Middel risiko"
    HIGH = "high", "Høj risiko"


def risk_zone(probability: int, consequence: int) -> RiskZone:
    score = probability * consequence
    if score >= 12:
        return RiskZone.HIGH
    if score >= 5:
        return RiskZone.MEDIUM
    return RiskZone.LOW


class Risk(models.Model):
    Level = RiskLevel

    class Status(models.TextChoices):
        OPEN = "open", "Åben"
        CLOSED = "closed", "Lukket"

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="risks")
    title = models.CharField("risiko", max_length=200)
    description = models.TextField("beskrivelse", blank=True)
    probability = models.PositiveSmallIntegerField(
        "sandsynlighed", choices=RiskLevel.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    consequence = models.PositiveSmallIntegerField(
        "konsekvens", choices=RiskLevel.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    action = models.TextField("handling", blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risks",
        verbose_name="ejer",
    )
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.OPEN)

    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "-probability", "-consequence", "id"]
        verbose_name = "risiko"
        verbose_name_plural = "risici"
        constraints = [
            models.CheckConstraint(
                condition=Q(probability__gte=1) & Q(probability__lte=5), name="risk_probability_range"
            ),
            models.CheckConstraint(
                condition=Q(consequence__gte=1) & Q(consequence__lte=5), name="risk_consequence_range"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def score(self) -> int:
        return self.probability * self.consequence

    @property
    def zone(self) -> RiskZone:
        return risk_zone(self.probability, self.consequence)


class ClosingReport(models.Model):
    """The leader's closing report (afslutningsrapport). Accepted by the programme group, it closes the
    project: the project becomes read-only and its benefits pass to their owners in the line
    organisation, who go on measuring them."""

    class State(models.TextChoices):
        DRAFT = "draft", "Kladde"
        SUBMITTED = "submitted", "Indsendt til programgruppen"
        RETURNED = "returned", "Sendt tilbage"
        ACCEPTED = "accepted", "Godkendt"

    project = models.OneToOneField(
        Project, on_delete=models.PROTECT, related_name="closing_report", verbose_name="projekt"
    )
    state = models.CharField("tilstand", max_length=10, choices=State.choices, default=State.DRAFT)
    goals_met = models.TextField("mål og leverancer: hvad blev nået", blank=True)
    goals_not_met = models.TextField("hvad blev ikke nået, og hvorfor", blank=True)
    final_cost = models.DecimalField(
        "endeligt forbrug (kr.)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    economy_comment = models.TextField("økonomi mod budget og business case", blank=True)
    line_takeover = models.TextField("hvad linjeorganisationen overtager", blank=True)
    lessons_learned = models.TextField("erfaringer (lessons learned)", blank=True)
    return_reason = models.TextField("begrundelse for at sende tilbage", blank=True)
    submitted_at = models.DateTimeField("indsendt", null=True, blank=True)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("ændret", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "afslutningsrapport"
        verbose_name_plural = "afslutningsrapporter"
        constraints = [
            models.CheckConstraint(
                condition=Q(final_cost__isnull=True) | Q(final_cost__gte=0),
                name="closingreport_final_cost_not_negative",
            ),
        ]

    def __str__(self):
        return f"Afslutningsrapport for {self.project}"
