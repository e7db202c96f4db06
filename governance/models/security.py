"""The IT-security group's yearly tasks."""

from django.db import models
from simple_history.models import HistoricalRecords

from governance.models.decisions import Decision


class SecurityReview(models.Model):
    """One of the IT-security group's two yearly tasks."""

    class Kind(models.TextChoices):
        POLICY_REVIEW = "policy_review", "Årlig vurdering af informationssikkerhedspolitikken"
        RISK_ASSESSMENT_NEED = "risk_assessment_need", "Årlig vurdering af behov for fornyet risikovurdering"

    year = models.PositiveSmallIntegerField("år")
    kind = models.CharField("opgave", max_length=30, choices=Kind.choices)
    due_date = models.DateField("frist")
    completed_on = models.DateField("udført", null=True, blank=True)
    outcome = models.TextField("resultat", blank=True)
    # The group is reminded once when the task is due soon and not done.
    reminder_sent_at = models.DateTimeField("påmindelse sendt", null=True, blank=True)
    decision = models.OneToOneField(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="security_review",
        verbose_name="beslutning",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "kind"]
        verbose_name = "sikkerhedsgennemgang"
        verbose_name_plural = "sikkerhedsgennemgange"
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="securityreview_unique_year_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}"
