"""The Project Board: its calendar, the reminders about missing status reports, its report PDF."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from governance.models.jobs import PdfJob
from portfolio.dates import danish_date
from portfolio.models import Project, ReportingPeriod


class BoardCalendar(models.Model):
    """The Project Board's meeting series, set once by the programme group: the first meeting, every
    `interval_days`, with the reporting deadline `deadline_working_days` working days before. The
    portal keeps ReportingPeriods created `horizon_weeks` ahead; single meetings can still be moved or
    cancelled on their period without breaking the series."""

    first_meeting_date = models.DateField("første møde")
    interval_days = models.PositiveSmallIntegerField("dage mellem møderne", default=14)
    deadline_working_days = models.PositiveSmallIntegerField("frist (arbejdsdage før mødet)", default=2)
    horizon_weeks = models.PositiveSmallIntegerField("planlæg uger frem", default=26)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="ændret af",
    )
    updated_at = models.DateTimeField("ændret", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "Project Board-kalender"
        verbose_name_plural = "Project Board-kalendere"
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_days__gte=1) & Q(interval_days__lte=366),
                name="boardcalendar_interval_range",
            ),
            models.CheckConstraint(
                condition=Q(deadline_working_days__lte=30), name="boardcalendar_deadline_range"
            ),
            models.CheckConstraint(
                condition=Q(horizon_weeks__gte=1) & Q(horizon_weeks__lte=104),
                name="boardcalendar_horizon_range",
            ),
        ]

    def __str__(self):
        return f"Project Board hver {self.interval_days}. dag fra {danish_date(self.first_meeting_date)}"


class StatusReminder(models.Model):
    """A reminder e-mail about a project's missing status report for a period. Automatic ones (no
    `sent_by`) go to the leader when the deadline nears, at most one per period and project; manual ones
    are sent from the meeting's page by the board's secretary or the programme group to the leader and
    the deputies (`also_to`), at most one a day per project counting both kinds. One table, so the
    page's log and the once-a-day rule read one place. Nothing is deleted: it is its own log."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reminders")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="status_reminders")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="status_reminders",
        verbose_name="modtager",
    )
    also_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="også sendt til"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="status_reminders_sent",
        verbose_name="sendt af",
    )
    sent_at = models.DateTimeField("sendt", auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "påmindelse om statusrapport"
        verbose_name_plural = "påmindelser om statusrapport"
        constraints = [
            models.UniqueConstraint(
                fields=["period", "project"],
                condition=Q(sent_by__isnull=True),
                name="statusreminder_once_per_period_project",
            )
        ]

    def __str__(self):
        return f"Påmindelse til {self.recipient} om {self.project.number}, {self.period}"

    @property
    def is_manual(self) -> bool:
        return self.sent_by_id is not None


class BoardReport(PdfJob):
    """The generated status report PDF of one Project Board meeting: exactly one per period."""

    period = models.OneToOneField(
        ReportingPeriod, on_delete=models.PROTECT, related_name="board_report", verbose_name="periode"
    )
    file = models.FileField("PDF", upload_to="board_reports/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requested_board_reports",
        verbose_name="bestilt af",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-period__meeting_date"]
        verbose_name = "Project Board-rapport"
        verbose_name_plural = "Project Board-rapporter"
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100), name="boardreport_progress_range"
            ),
        ]

    def __str__(self):
        return f"Statusrapport til {self.period}"
