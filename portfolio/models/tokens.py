"""One-time tokens of create forms."""

from django.conf import settings
from django.db import models

from portfolio.dates import danish_date


class SubmitToken(models.Model):
    """A create form's one-time token (its hidden `submit_token`), spent in the transaction that creates
    what the form submits (portfolio.services.submit_once). A second POST of the same form, from a double
    click or a resubmit, finds it spent and gets the object the first created instead of a duplicate.
    Technical, not history: it records nothing about the object that the object does not."""

    token = models.CharField("formularnøgle", max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="bruger"
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True)
    created_at = models.DateTimeField("brugt", auto_now_add=True)

    class Meta:
        verbose_name = "brugt formularnøgle"
        verbose_name_plural = "brugte formularnøgler"

    def __str__(self):
        return f"{self.token[:8]}… ({danish_date(self.created_at, 'short_time')})"
