from django.db import models
from django.db.models import F, Q


class StrategyPeriodQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)


class StrategyPeriod(models.Model):
    """A strategy or programme period, e.g. Digitaliseringsprogram 2021-2025."""

    name = models.CharField("navn", max_length=200, unique=True)
    start_year = models.PositiveSmallIntegerField("startår")
    end_year = models.PositiveSmallIntegerField("slutår")
    source_document = models.CharField("kildedokument", max_length=300, blank=True)
    is_current = models.BooleanField("gældende", default=False)

    objects = StrategyPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year"]
        verbose_name = "strategiperiode"
        verbose_name_plural = "strategiperioder"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="strategyperiod_end_after_start"
            ),
            # Only one period steers new projects at a time.
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="strategyperiod_one_current"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.start_year}-{self.end_year})"


class FocusArea(models.Model):
    period = models.ForeignKey(
        StrategyPeriod, on_delete=models.PROTECT, related_name="focus_areas", verbose_name="periode"
    )
    number = models.PositiveSmallIntegerField("nummer")
    title = models.CharField("titel", max_length=200)
    description = models.TextField("beskrivelse", blank=True)
    kl_quote = models.TextField("KL's formulering", blank=True)
    local_ambition = models.TextField("lokal ambition", blank=True)
    example = models.TextField("eksempel", blank=True)

    class Meta:
        ordering = ["period__start_year", "number"]
        verbose_name = "fokusområde"
        verbose_name_plural = "fokusområder"
        constraints = [
            models.UniqueConstraint(fields=["period", "number"], name="focusarea_unique_number_in_period"),
            models.CheckConstraint(condition=Q(number__gte=1), name="focusarea_number_positive"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"
