"""Personal API tokens: a user's key to read the portfolio over /api/, with the user's read rights."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone


def token_digest(clear: str) -> str:
    """What is stored of a token: its SHA-256. The token is 256 random bits, so a plain hash suffices
    (no salt or slow hash is needed against guessing, unlike a password)."""
    return hashlib.sha256(clear.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens", verbose_name="bruger"
    )
    name = models.CharField("navn", max_length=100)
    # The first characters of the clear token, to tell the keys apart in the list; the rest is never kept.
    prefix = models.CharField("begyndelse", max_length=12)
    digest = models.CharField("SHA-256 af nøglen", max_length=64, unique=True)
    created_at = models.DateTimeField("oprettet", default=timezone.now)
    expires_on = models.DateField("udløber")
    last_used_at = models.DateTimeField("sidst brugt", null=True, blank=True)
    revoked_at = models.DateTimeField("tilbagekaldt", null=True, blank=True)

    class Meta:
        verbose_name = "API-nøgle"
        verbose_name_plural = "API-nøgler"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_on < timezone.localdate()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired
