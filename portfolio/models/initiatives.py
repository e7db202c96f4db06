"""National initiatives (KL, KOMBIT, Digitaliseringsstyrelsen) that local projects implement."""

from django.db import models
from simple_history.models import HistoricalRecords


class ExternalInitiative(models.Model):
    """A national initiative (KL, KOMBIT, Digitaliseringsstyrelsen, …) that local projects implement."""

    class Owner(models.TextChoices):
        KL = "kl", "KL"
        KOMBIT = "kombit", "KOMBIT"
        DIGST = "digst", "Digitaliseringsstyrelsen"
        FAELLESOFFENTLIG = "faellesoffentlig", "Fællesoffentligt samarbejde"
        OTHER = "other", "Andet"

    name = models.CharField("navn", max_length=200, unique=True)
    owner = models.CharField("ejer", max_length=20, choices=Owner.choices)
    description = models.TextField("beskrivelse", blank=True)
    url = models.URLField("link", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "nationalt initiativ"
        verbose_name_plural = "nationale initiativer"

    def __str__(self):
        return f"{self.name} ({self.get_owner_display()})"
