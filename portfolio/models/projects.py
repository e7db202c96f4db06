"""Projects, their phases and kinds, their object permissions and their phase plans."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from focusareas.models import FocusArea
from portfolio.models.initiatives import ExternalInitiative
from portfolio.models.people import OrgUnit


class Phase(models.TextChoices):
    IDEA = "ide", "Idé"
    ANALYSIS = "analyse", "Analyse"
    EXECUTION = "gennemfoerelse", "Gennemførelse"
    REALISATION = "realisering", "Realisering"
    CLOSED = "afsluttet", "Afsluttet"
    STOPPED = "stoppet", "Stoppet"


PHASE_ORDER = [Phase.IDEA, Phase.ANALYSIS, Phase.EXECUTION, Phase.REALISATION, Phase.CLOSED]
ACTIVE_PHASES = [Phase.IDEA, Phase.ANALYSIS, Phase.EXECUTION, Phase.REALISATION]
FINISHED_PHASES = [Phase.CLOSED, Phase.STOPPED]


# The start-phase checklist in the programme's order; the first three are required to leave analyse.
START_CHECKLIST_FIELDS = (
    "dpo_involved",
    "security_coordinator_involved",
    "it_involved",
    "common_infrastructure_considered",
    "citizen_cocreation_considered",
    "climate_considered",
    "coherence_considered",
)


class ProjectKind(models.TextChoices):
    FAELLESKOMMUNAL = "faelleskommunal", "Fælleskommunal (K98)"
    FAELLESOFFENTLIG = "faellesoffentlig", "Fællesoffentlig"
    TVAERKOMMUNAL = "tvaerkommunal", "Tværkommunal"
    TVAERGAAENDE = "tvaergaaende", "Tværgående"
    LOKAL = "lokal", "Lokal"
    IOD = "iod", "IOD"


class ProjectQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived=False, phase__in=ACTIVE_PHASES)

    def not_archived(self):
        return self.filter(archived=False)


class Project(models.Model):
    Kind = ProjectKind

    class ProjectModel(models.TextChoices):
        STANDARD = "standard", "Norddjurs-projektmodel med business case"
        LIGHT = "light", "Let model (meget små projekter)"

    number = models.CharField("projektnummer", max_length=30, unique=True)
    name = models.CharField("navn", max_length=200)
    purpose = models.TextField("formål og baggrund", blank=True)
    description = models.TextField("beskrivelse", blank=True)
    esdh_case_number = models.CharField("ESDH-sagsnummer", max_length=50, blank=True)
    documents_url = models.URLField("link til dokumenter", blank=True)

    kind = models.CharField("projekttype", max_length=20, choices=Kind.choices, default=Kind.LOKAL)
    anchoring = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name="forankring",
        help_text="Det centrale digitaliseringsteam eller et fagområde.",
    )
    focus_areas = models.ManyToManyField(FocusArea, related_name="projects", verbose_name="fokusområder")
    project_model = models.CharField(
        "projektmodel", max_length=20, choices=ProjectModel.choices, default=ProjectModel.STANDARD
    )
    phase = models.CharField("fase", max_length=20, choices=Phase.choices, default=Phase.IDEA)
    national_initiative = models.ForeignKey(
        ExternalInitiative,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name="nationalt initiativ",
    )

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_projects",
        verbose_name="projektejer",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_projects",
        verbose_name="projektleder",
    )
    deputies = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="deputy_projects", verbose_name="stedfortrædere"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="member_projects", verbose_name="projektgruppe"
    )

    # The programme's start-phase checklist (Digitaliseringsprogram 2021-2025).
    dpo_involved = models.BooleanField("databeskyttelsesrådgiver inddraget", default=False)
    security_coordinator_involved = models.BooleanField(
        "informationssikkerhedskoordinator inddraget", default=False
    )
    it_involved = models.BooleanField("IT og Digitalisering inddraget", default=False)
    common_infrastructure_considered = models.BooleanField(
        "fælleskommunal infrastruktur overvejet", default=False
    )
    citizen_cocreation_considered = models.BooleanField("samskabelse med borgerne overvejet", default=False)
    climate_considered = models.BooleanField("klima og ressourcer overvejet", default=False)
    coherence_considered = models.BooleanField("sammenhæng med andre løsninger overvejet", default=False)

    priority = models.PositiveSmallIntegerField("prioritet", null=True, blank=True)
    budget = models.DecimalField("budget (kr.)", max_digits=14, decimal_places=2, null=True, blank=True)
    start_date = models.DateField("startdato", null=True, blank=True)
    end_date = models.DateField("forventet slutdato", null=True, blank=True)
    archived = models.BooleanField("arkiveret", default=False)
    # Set when the gate into gennemførelse is passed: the phase plan and milestone dates of that day are
    # the project's "Oprindelig plan" (baseline); what the leader changes afterwards is the forecast.
    baseline_frozen_on = models.DateField("oprindelig plan fastlagt", null=True, blank=True, editable=False)
    stop_reason = models.TextField("begrundelse for stop", blank=True)
    # Optimistic locking: a save based on an older version is refused rather than overwriting.
    version = models.PositiveIntegerField("version", default=1, editable=False)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("ændret", auto_now=True)
    # Its latest submitted status report (the newest period, then the newest version in it), which the
    # dashboard's lights read from the row instead of a search per project. Derived from the reports, so
    # not in the history, and kept by portfolio.models.status.mark_latest_reports() alone: save() never
    # writes it to an existing row. Indexed: a report's delete finds the project pointing at it.
    latest_report = models.ForeignKey(
        "portfolio.StatusReport", null=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[focus_areas, deputies], excluded_fields=["latest_report"])

    class Meta:
        ordering = ["number"]
        verbose_name = "projekt"
        verbose_name_plural = "projekter"
        permissions = [("report_status", "Kan indberette status for projektet")]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="project_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="project_end_after_start",
            ),
            models.CheckConstraint(condition=Q(phase__in=Phase.values), name="project_phase_valid"),
            models.CheckConstraint(condition=Q(kind__in=ProjectKind.values), name="project_kind_valid"),
        ]
        indexes = [models.Index(fields=["archived", "phase"])]

    def __str__(self):
        return f"{self.number} {self.name}"

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            # An instance read before a report was submitted holds an older latest report.
            skip = self.get_deferred_fields() | {"latest_report_id"}
            fields = [f.attname for f in self._meta.concrete_fields if not f.primary_key]
            kwargs["update_fields"] = [name for name in fields if name not in skip]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("portfolio:project-detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        """Closed (afsluttet) or stopped: the project is read-only; its benefits live on."""
        return self.phase in FINISHED_PHASES

    @property
    def phase_forecast_planned(self) -> bool:
        """Has the leader planned any phase's forecast? (Reads the page's prefetched phase plans.)"""
        return any(plan.planned_start or plan.planned_end for plan in self.phase_plans.all())

    @property
    def start_checklist_required_done(self) -> bool:
        """The programme's rule: a project leaves analyse only with DPO, security and IT involved."""
        return self.dpo_involved and self.security_coordinator_involved and self.it_involved


class ProjectUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Project, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class ProjectGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Project, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False


class ProjectPhasePlan(models.Model):
    """Forecast, baseline and actual dates of one phase of a project: the phase timeline. The planned
    dates are the leader's current forecast ("Forventet"); the baseline ("Oprindelig plan") is a copy of
    them taken when the gate into gennemførelse is passed, and never changes afterwards."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phase_plans")
    phase = models.CharField("fase", max_length=20, choices=Phase.choices)
    planned_start = models.DateField("forventet start", null=True, blank=True)
    planned_end = models.DateField("forventet slut", null=True, blank=True)
    baseline_start = models.DateField("oprindelig start", null=True, blank=True, editable=False)
    baseline_end = models.DateField("oprindelig slut", null=True, blank=True, editable=False)
    actual_start = models.DateField("faktisk start", null=True, blank=True)
    actual_end = models.DateField("faktisk slut", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "planned_start"]
        verbose_name = "faseplan"
        verbose_name_plural = "faseplaner"
        constraints = [
            models.UniqueConstraint(fields=["project", "phase"], name="phaseplan_unique_phase"),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="phaseplan_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(actual_start__isnull=True)
                | Q(actual_end__isnull=True)
                | Q(actual_end__gte=F("actual_start")),
                name="phaseplan_actual_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.project.number}: {self.get_phase_display()}"

    @property
    def slip_days(self) -> int | None:
        """Days the forecast end lies after the baseline end (negative: ahead); None without both."""
        end = self.actual_end or self.planned_end
        if end is None or self.baseline_end is None:
            return None
        return (end - self.baseline_end).days
