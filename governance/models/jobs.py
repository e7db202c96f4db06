"""A PDF made by Celery: the job design the Project Board report and the indsatsplan share."""

from django.conf import settings
from django.db import models


class PdfJob(models.Model):
    """The one job design of a generated PDF (governance/common/jobs.py): the state of the latest request
    to render it, on a row, shared by the web and the worker. Abstract: each PDF has its own table (the
    Project Board report, the indsatsplan's job) with these columns."""

    class Status(models.TextChoices):
        QUEUED = "queued", "I kø"
        RUNNING = "running", "Genereres"
        DONE = "done", "Færdig"
        FAILED = "failed", "Fejlet"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("fremdrift (%)", default=0)
    error = models.TextField("fejl", blank=True)
    # Each job names its reverse relation (the board report's is "requested_board_reports").
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="bestilt af",
    )
    requested_at = models.DateTimeField("bestilt", auto_now_add=True)
    # The Celery task currently responsible; a stale one (worker died) is replaced by the next request.
    task_id = models.CharField("opgave-id", max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField("forsøg", default=0)
    started_at = models.DateTimeField("startet", null=True, blank=True)
    finished_at = models.DateTimeField("færdig", null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        """Queued or running (whether or not its worker is still alive: see jobs.job_in_progress)."""
        return self.status in self.ACTIVE
