"""Calendar feeds: a person's private feed and a body's public one."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class CalendarFeed(models.Model):
    """A person's private calendar address (governance/calendars/). The token in the address is never
    stored: it is derived from `nonce` with the site's secret key, and only its SHA-256 is kept to find the
    row. A new address revokes the old one; a revoked row stays."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="calendar_feeds",
        verbose_name="person",
    )
    nonce = models.CharField("salt", max_length=64, unique=True)
    token_hash = models.CharField("nøglens SHA-256", max_length=64, unique=True)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    revoked_at = models.DateTimeField("tilbagekaldt", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "kalenderabonnement"
        verbose_name_plural = "kalenderabonnementer"
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="calendarfeed_one_active_per_user"
            )
        ]

    def __str__(self):
        return f"Kalenderadresse for {self.user}"
