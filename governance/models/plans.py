"""The annual indsatsplan, its items and its PDF job."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from focusareas.models import FocusArea
from governance.models.decisions import Decision
from governance.models.jobs import PdfJob
from portfolio.models import Project


class AnnualPlan(models.Model):
    """The yearly indsatsplan: prepared by the programme group, approved by the steering group."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Kladde"
        SUBMITTED = "submitted", "Til godkendelse"
        APPROVED = "approved", "Godkendt"
        SENT_BACK = "sent_back", "Sendt tilbage"

    year = models.PositiveSmallIntegerField("år")
    version = models.PositiveSmallIntegerField("version", default=1)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField("titel", max_length=200, blank=True)
    introduction = models.TextField("indledning", blank=True)
    budget_frame = models.DecimalField(
        "budgetramme (kr.)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    hours_frame = models.PositiveIntegerField("timeramme", null=True, blank=True)
    review_comment = models.TextField("bemærkning fra styregruppen", blank=True)
    approval_decision = models.OneToOneField(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_plan",
        verbose_name="godkendelsesbeslutning",
    )
    approved_at = models.DateTimeField("godkendt", null=True, blank=True)
    # What the plan said when approved; later changes to projects do not change it.
    approved_snapshot = models.JSONField("godkendt øjebliksbillede", null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name="erstatter",
    )
    pdf = models.FileField("PDF", upload_to="plans/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="created_plans",
        verbose_name="oprettet af",
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = "indsatsplan"
        verbose_name_plural = "indsatsplaner"
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="annualplan_unique_year_version"),
            models.CheckConstraint(
                condition=~Q(status="approved")
                | (Q(approved_at__isnull=False) & Q(approved_snapshot__isnull=False)),
                name="annualplan_approved_is_frozen",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="annualplan_version_positive"),
        ]

    def __str__(self):
        return f"Indsatsplan {self.year} (version {self.version})"


class PlanPdfJob(PdfJob):
    """The state of the latest "Dan PDF" of one plan version (one row per version, made by the first
    request). The file itself is AnnualPlan.pdf: the plan's history keeps every earlier file and says
    when each was stored, which decides whether the file still shows the plan. No history here: the
    state of a render is not a change to the plan."""

    # What the plan's page says while the PDF is made (the board report says "Genereres").
    STATUS_LABELS = {"queued": "I kø", "running": "Dannes", "done": "Færdig", "failed": "Fejlet"}

    plan = models.OneToOneField(
        AnnualPlan, on_delete=models.CASCADE, related_name="pdf_job", verbose_name="indsatsplan"
    )

    class Meta:
        verbose_name = "PDF-job for indsatsplan"
        verbose_name_plural = "PDF-job for indsatsplaner"
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100), name="planpdfjob_progress_range"
            ),
        ]

    def __str__(self):
        return f"PDF af {self.plan}"

    @property
    def status_label(self) -> str:
        return self.STATUS_LABELS.get(self.status, self.status)


class AnnualPlanItem(models.Model):
    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="items")
    rank = models.PositiveSmallIntegerField("prioritet")
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_items",
        verbose_name="projekt",
    )
    activity = models.CharField(
        "aktivitet", max_length=200, blank=True, help_text="Når punktet ikke er et projekt."
    )
    rationale = models.TextField("begrundelse", blank=True)
    hours = models.PositiveIntegerField("timer", default=0)
    amount = models.DecimalField("beløb (kr.)", max_digits=14, decimal_places=2, default=0)
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="plan_items", verbose_name="fokusområder"
    )

    history = HistoricalRecords(m2m_fields=[focus_areas])

    class Meta:
        ordering = ["plan", "rank"]
        verbose_name = "punkt i indsatsplan"
        verbose_name_plural = "punkter i indsatsplan"
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False) | ~Q(activity=""), name="planitem_project_or_activity"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="planitem_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.project or self.activity}"
