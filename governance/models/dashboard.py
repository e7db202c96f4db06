"""The dashboard cache's token (governance.dashboard.cache)."""

from django.db import models


class DashboardVersion(models.Model):
    """One row holding a token for the state of what the steering group's dashboard shows. Every write to
    those tables replaces it in the same transaction (governance.dashboard.cache), so a cached
    dashboard is keyed by a value that changes exactly when its data does: never stale, in any process."""

    value = models.PositiveBigIntegerField("token", default=0)

    class Meta:
        verbose_name = "overbliksversion"
        verbose_name_plural = "overbliksversioner"

    def __str__(self):
        return f"Overblikket, version {self.value}"
