"""The biweekly status cycle: reporting periods, the lights and the status reports."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, OuterRef, Q, Subquery
from simple_history.models import HistoricalRecords

from portfolio.dates import danish_date
from portfolio.models.projects import Project


class ReportingPeriod(models.Model):
    """One biweekly Project Board period: reports are due by the deadline, presented at the meeting."""

    start_date = models.DateField("periodestart")
    reporting_deadline = models.DateField("frist for statusrapport")
    meeting_date = models.DateField("mødedato", unique=True)
    cancelled = models.BooleanField("aflyst", default=False)

    class Meta:
        ordering = ["-meeting_date"]
        get_latest_by = "meeting_date"
        verbose_name = "rapporteringsperiode"
        verbose_name_plural = "rapporteringsperioder"
        constraints = [
            models.CheckConstraint(
                condition=Q(reporting_deadline__gte=F("start_date")), name="period_deadline_after_start"
            ),
            models.CheckConstraint(
                condition=Q(meeting_date__gte=F("reporting_deadline")), name="period_meeting_after_deadline"
            ),
        ]

    def __str__(self):
        return f"Project Board {danish_date(self.meeting_date)}"

    def save(self, *args, **kwargs):
        stored, fields = getattr(self, "_stored_meeting_date", None), kwargs.get("update_fields")
        if stored in (None, self.meeting_date) or (fields is not None and "meeting_date" not in fields):
            return super().save(*args, **kwargs)
        # A moved meeting may pass another one: the projects that reported for it may have a new latest
        # report (Project.latest_report follows the periods' order by meeting date).
        with transaction.atomic():
            super().save(*args, **kwargs)
            reported = StatusReport.objects.filter(period=self, state=StatusReport.State.SUBMITTED)
            mark_latest_reports(reported.values("project_id"))
        self._stored_meeting_date = self.meeting_date
        return None

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_meeting_date = instance.__dict__.get("meeting_date")  # a move is seen in save()
        return instance


class Light(models.TextChoices):
    GREEN = "green", "Grøn"
    YELLOW = "yellow", "Gul"
    RED = "red", "Rød"
    NOT_REPORTED = "none", "Ikke rapporteret"


LIGHT_VALUES = [choice.value for choice in Light]
# The overall light and the five dimensions of the Word template the report replaces.
STATUS_DIMENSIONS = ("overall", "schedule", "economy", "resources", "deliverables", "benefits")


class StatusReportQuerySet(models.QuerySet):
    """Writes in bulk keep their projects' latest report (Project.latest_report) as save() does: the
    dashboard shows reports however they were written."""

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            submitted = {r.project_id for r in created if r.state == StatusReport.State.SUBMITTED}
            if submitted:
                mark_latest_reports(submitted)
        return created

    def update(self, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            projects = set(self.order_by().values_list("project_id", flat=True).distinct())
            rows = super().update(**kwargs)
            moved_to = kwargs.get("project_id", kwargs.get("project"))
            if moved_to is not None:
                projects.add(getattr(moved_to, "pk", moved_to))
            if rows:
                mark_latest_reports(projects)
        return rows

    def delete(self):
        with transaction.atomic(using=self.db, savepoint=False):
            projects = set(self.order_by().values_list("project_id", flat=True).distinct())
            result = super().delete()
            mark_latest_reports(projects)
        return result


class StatusReport(models.Model):
    """A project's status for one Project Board period. Submitted reports never change:
    a correction is a new version that supersedes the one before it."""

    class State(models.TextChoices):
        DRAFT = "draft", "Kladde"
        SUBMITTED = "submitted", "Indsendt"

    DIMENSIONS = STATUS_DIMENSIONS

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="status_reports")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="status_reports")
    version = models.PositiveSmallIntegerField("version", default=1)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name="erstatter",
    )
    state = models.CharField("tilstand", max_length=10, choices=State.choices, default=State.DRAFT)

    overall = models.CharField(
        "samlet status", max_length=6, choices=Light.choices, default=Light.NOT_REPORTED
    )
    overall_comment = models.TextField("kommentar til samlet status", blank=True)
    schedule = models.CharField("tidsplan", max_length=6, choices=Light.choices, default=Light.NOT_REPORTED)
    schedule_comment = models.TextField("kommentar til tidsplan", blank=True)
    economy = models.CharField("økonomi", max_length=6, choices=Light.choices, default=Light.NOT_REPORTED)
    economy_comment = models.TextField("kommentar til økonomi", blank=True)
    resources = models.CharField(
        "ressourcer", max_length=6, choices=Light.choices, default=Light.NOT_REPORTED
    )
    resources_comment = models.TextField("kommentar til ressourcer", blank=True)
    deliverables = models.CharField(
        "leverancer/kvalitet", max_length=6, choices=Light.choices, default=Light.NOT_REPORTED
    )
    deliverables_comment = models.TextField("kommentar til leverancer/kvalitet", blank=True)
    benefits = models.CharField("gevinster", max_length=6, choices=Light.choices, default=Light.NOT_REPORTED)
    benefits_comment = models.TextField("kommentar til gevinster", blank=True)

    percent_complete = models.PositiveSmallIntegerField(
        "færdiggjort (%)", default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    summary = models.TextField("resumé", blank=True)
    done_since_last = models.TextField("udført siden sidst", blank=True)
    next_steps = models.TextField("næste skridt", blank=True)
    risks_issues = models.TextField("risici og problemer", blank=True)
    decisions_needed = models.TextField(
        "beslutninger der ønskes",
        blank=True,
        help_text="Det, programgruppen eller styregruppen skal tage stilling til (eskalering).",
    )
    budget_spent = models.DecimalField(
        "forbrugt (kr.)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_forecast = models.DecimalField(
        "forventet forbrug i alt (kr.)", max_digits=14, decimal_places=2, null=True, blank=True
    )

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="status_reports",
        verbose_name="udarbejdet af",
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("ændret", auto_now=True)
    submitted_at = models.DateTimeField("indsendt", null=True, blank=True)

    objects = StatusReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period__meeting_date", "-version"]
        verbose_name = "statusrapport"
        verbose_name_plural = "statusrapporter"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period", "version"], name="statusreport_unique_project_period_version"
            ),
            # One draft at a time per project and period.
            models.UniqueConstraint(
                fields=["project", "period"], condition=Q(state="draft"), name="statusreport_one_draft"
            ),
            models.CheckConstraint(
                condition=Q(percent_complete__gte=0) & Q(percent_complete__lte=100),
                name="statusreport_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(submitted_at__isnull=False),
                name="statusreport_submitted_has_time",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="statusreport_version_positive"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{dimension}__in": LIGHT_VALUES}), name=f"statusreport_{dimension}_valid"
                )
                for dimension in STATUS_DIMENSIONS
            ],
        ]
        indexes = [
            # Project last, so "has project X a submitted report for period P" (the Exists of the missing
            # reports) is one index lookup; the (period, state) prefix still serves the period's reports.
            models.Index(fields=["period", "state", "project"], name="statusreport_period_state_proj"),
            # Covers a project's submitted reports newest first (its latest light, on every list and the
            # dashboard), the count of the reports of visible projects (the API's pages) and Datakvalitet's
            # probe "a submitted report for these periods?": read from the index, not the rows.
            models.Index(
                fields=["project", "state", "period", "version", "overall"],
                name="statusreport_project_latest",
            ),
        ]

    def __str__(self):
        return f"Status for {self.project.number}, {self.period} (v{self.version})"

    def save(self, *args, **kwargs):
        if self.state != self.State.SUBMITTED:  # a draft is no one's latest report
            return super().save(*args, **kwargs)
        with transaction.atomic():
            super().save(*args, **kwargs)
            mark_latest_reports([self.project_id])
        return None

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            mark_latest_reports([self.project_id])
        return result

    @property
    def is_submitted(self) -> bool:
        return self.state == self.State.SUBMITTED

    @property
    def is_correction(self) -> bool:
        """A later version of a submitted report of the same period (started with "Ret rapporten")."""
        return self.supersedes_id is not None


def mark_latest_reports(project_ids=None) -> int:
    """Set Project.latest_report of the projects `project_ids` (ids or a queryset of ids; None: all) to
    their latest submitted report, as portfolio.selectors.latest_submitted_reports() orders them: the
    newest period, then the newest version in it (None: none submitted). The projects' rows are locked
    first, so that the update's reading of the reports starts after any other writer of the same projects
    has committed (PostgreSQL's READ COMMITTED reads each statement as of its start); NO KEY, as the update
    itself: a report's foreign-key check on the project is not blocked. Two statements; the number of
    projects written."""
    projects = Project.objects.order_by()
    if project_ids is not None:
        projects = projects.filter(pk__in=project_ids)
    newest = StatusReport.objects.filter(project=OuterRef("pk"), state=StatusReport.State.SUBMITTED).order_by(
        "-period__meeting_date", "-version"
    )
    with transaction.atomic(savepoint=False):
        list(projects.select_for_update(no_key=True).order_by("pk").values_list("pk", flat=True))
        return projects.update(latest_report=Subquery(newest.values("pk")[:1]))
