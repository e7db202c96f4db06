"""The project register: organisation, people, projects, the biweekly status cycle and IT systems."""

import calendar
import datetime
import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from focusareas.models import FocusArea
from portfolio.dates import danish_date


class OrgUnit(models.Model):
    """A unit of the municipality: direktion → forvaltning/fagområde → afdeling."""

    class Kind(models.TextChoices):
        DIREKTION = "direktion", "Direktion"
        FORVALTNING = "forvaltning", "Forvaltning/fagområde"
        AFDELING = "afdeling", "Afdeling"

    name = models.CharField("navn", max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="overordnet enhed",
    )
    is_central_it = models.BooleanField(
        "central IT og Digitalisering",
        default=False,
        help_text="Den centrale enhed, som projekter kan forankres i.",
    )
    archived = models.BooleanField("arkiveret", default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "organisatorisk enhed"
        verbose_name_plural = "organisatoriske enheder"
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="orgunit_unique_name_under_parent"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="orgunit_not_own_parent"),
        ]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A municipal employee. Roles come from body memberships and project roles, not from flags."""

    title = models.CharField("stilling", max_length=200, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employees",
        verbose_name="enhed",
    )
    is_manager = models.BooleanField(
        "leder", default=False, help_text="Ledere kan være gevinstejere (ansvar på ledelsesniveau)."
    )

    class Meta(AbstractUser.Meta):
        verbose_name = "medarbejder"
        verbose_name_plural = "medarbejdere"

    def __str__(self):
        return self.get_full_name() or self.username


# Signing in through the municipality's identity provider (portfolio/sso/).
class ExternalIdentity(models.Model):
    """A person's key at one identity provider. Never the e-mail alone: addresses change and get reused."""

    class Protocol(models.TextChoices):
        OIDC = "oidc", "OpenID Connect"
        SAML = "saml", "SAML 2.0"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="external_identities",
        verbose_name="medarbejder",
    )
    protocol = models.CharField("protokol", max_length=10, choices=Protocol.choices)
    issuer = models.CharField(
        "identitetsudbyder", max_length=500, help_text="OpenID Connect-udsteder eller SAML-entitets-id."
    )
    subject = models.CharField("nøgle hos udbyderen", max_length=500)
    first_signed_in = models.DateTimeField("første login", auto_now_add=True)
    last_signed_in = models.DateTimeField("seneste login")

    class Meta:
        ordering = ["issuer", "subject"]
        verbose_name = "eksternt login"
        verbose_name_plural = "eksterne logins"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="externalidentity_unique_subject"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_protocol_display()}: {self.subject})"


class ExternalInitiative(models.Model):
    """A national initiative (KL, KOMBIT, Digitaliseringsstyrelsen, …) that local projects implement."""

    class Owner(models.TextChoices):
        KL = "kl", "KL"
        KOMBIT = "kombit", "KOMBIT"
        DIGST = "digst", "Digitaliseringsstyrelsen"
        FAELLESOFFENTLIG = "faellesoffentlig", "Fællesoffentligt samarbejde"
        OTHER = "other", "Andet"

    name = models.CharField("navn", max_length=200, unique=True)
    owner = models.CharField("ejer", max_length=20, choices=Owner.choices)
    description = models.TextField("beskrivelse", blank=True)
    url = models.URLField("link", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "nationalt initiativ"
        verbose_name_plural = "nationale initiativer"

    def __str__(self):
        return f"{self.name} ({self.get_owner_display()})"


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

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[focus_areas, deputies])

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


class Light(models.TextChoices):
    GREEN = "green", "Grøn"
    YELLOW = "yellow", "Gul"
    RED = "red", "Rød"
    NOT_REPORTED = "none", "Ikke rapporteret"


LIGHT_VALUES = [choice.value for choice in Light]
# The overall light and the five dimensions of the Word template the report replaces.
STATUS_DIMENSIONS = ("overall", "schedule", "economy", "resources", "deliverables", "benefits")


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

    @property
    def is_submitted(self) -> bool:
        return self.state == self.State.SUBMITTED

    @property
    def is_correction(self) -> bool:
        """A later version of a submitted report of the same period (started with "Ret rapporten")."""
        return self.supersedes_id is not None


class Milestone(models.Model):
    """A dated point of a project's plan. `due_date` is the forecast, `baseline_date` the date frozen when
    the gate into gennemførelse was passed (empty for milestones added later), `completed_on` the date it
    was actually reached."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField("milepæl", max_length=200)
    description = models.TextField("beskrivelse", blank=True)
    due_date = models.DateField("forventet dato")
    baseline_date = models.DateField("oprindelig dato", null=True, blank=True, editable=False)
    completed_on = models.DateField("nået", null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="milestones",
        verbose_name="ansvarlig",
    )
    archived = models.BooleanField("arkiveret", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = "milepæl"
        verbose_name_plural = "milepæle"
        # The milestones due in a window ("Siden sidste møde": overdue since the last meeting) by a range
        # scan, not a read of every project's milestones.
        indexes = [models.Index(fields=["due_date"], name="milestone_due_date")]

    def __str__(self):
        return f"{self.title} ({danish_date(self.due_date)})"

    @property
    def slip_days(self) -> int | None:
        """Days the milestone lies (or was reached) after its baseline date; None without a baseline."""
        if self.baseline_date is None:
            return None
        return ((self.completed_on or self.due_date) - self.baseline_date).days


class RiskLevel(models.IntegerChoices):
    """Probability and consequence in words, so a score is never a bare number."""

    VERY_LOW = 1, "Meget lav"
    LOW = 2, "Lav"
    MEDIUM = 3, "Middel"
    HIGH = 4, "Høj"
    VERY_HIGH = 5, "Meget høj"


class RiskZone(models.TextChoices):
    """The 5×5 matrix's zones by score (probability × consequence), named so they read without colour."""

    LOW = "low", "Lav risiko"
    MEDIUM = "medium", "Middel risiko"
    HIGH = "high", "Høj risiko"


def risk_zone(probability: int, consequence: int) -> RiskZone:
    score = probability * consequence
    if score >= 12:
        return RiskZone.HIGH
    if score >= 5:
        return RiskZone.MEDIUM
    return RiskZone.LOW


class Risk(models.Model):
    Level = RiskLevel

    class Status(models.TextChoices):
        OPEN = "open", "Åben"
        CLOSED = "closed", "Lukket"

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="risks")
    title = models.CharField("risiko", max_length=200)
    description = models.TextField("beskrivelse", blank=True)
    probability = models.PositiveSmallIntegerField(
        "sandsynlighed", choices=RiskLevel.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    consequence = models.PositiveSmallIntegerField(
        "konsekvens", choices=RiskLevel.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    action = models.TextField("handling", blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risks",
        verbose_name="ejer",
    )
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.OPEN)

    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "-probability", "-consequence", "id"]
        verbose_name = "risiko"
        verbose_name_plural = "risici"
        constraints = [
            models.CheckConstraint(
                condition=Q(probability__gte=1) & Q(probability__lte=5), name="risk_probability_range"
            ),
            models.CheckConstraint(
                condition=Q(consequence__gte=1) & Q(consequence__lte=5), name="risk_consequence_range"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def score(self) -> int:
        return self.probability * self.consequence

    @property
    def zone(self) -> RiskZone:
        return risk_zone(self.probability, self.consequence)


class ClosingReport(models.Model):
    """The leader's closing report (afslutningsrapport). Accepted by the programme group, it closes the
    project: the project becomes read-only and its benefits pass to their owners in the line
    organisation, who go on measuring them."""

    class State(models.TextChoices):
        DRAFT = "draft", "Kladde"
        SUBMITTED = "submitted", "Indsendt til programgruppen"
        RETURNED = "returned", "Sendt tilbage"
        ACCEPTED = "accepted", "Godkendt"

    project = models.OneToOneField(
        Project, on_delete=models.PROTECT, related_name="closing_report", verbose_name="projekt"
    )
    state = models.CharField("tilstand", max_length=10, choices=State.choices, default=State.DRAFT)
    goals_met = models.TextField("mål og leverancer: hvad blev nået", blank=True)
    goals_not_met = models.TextField("hvad blev ikke nået, og hvorfor", blank=True)
    final_cost = models.DecimalField(
        "endeligt forbrug (kr.)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    economy_comment = models.TextField("økonomi mod budget og business case", blank=True)
    line_takeover = models.TextField("hvad linjeorganisationen overtager", blank=True)
    lessons_learned = models.TextField("erfaringer (lessons learned)", blank=True)
    return_reason = models.TextField("begrundelse for at sende tilbage", blank=True)
    submitted_at = models.DateTimeField("indsendt", null=True, blank=True)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("ændret", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "afslutningsrapport"
        verbose_name_plural = "afslutningsrapporter"
        constraints = [
            models.CheckConstraint(
                condition=Q(final_cost__isnull=True) | Q(final_cost__gte=0),
                name="closingreport_final_cost_not_negative",
            ),
        ]

    def __str__(self):
        return f"Afslutningsrapport for {self.project}"


KLE_NUMBER_PATTERN = r"^\d{2}\.\d{2}\.\d{2}$"
KLE_FORMAT_MESSAGE = "»%(value)s« er ikke et KLE-nummer i formatet 00.00.00 (fx 27.24.00)."
# The longest notice period the portal accepts (months); also bounds the contract watch's query.
MAX_NOTICE_MONTHS = 60


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by `months` calendar months (negative: back), clamped to the end of a shorter
    month: 31 March minus one month is 28 February (29 in a leap year)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def notice_deadline(contract_end, notice_months):
    """The last day notice can be given for a contract ending on `contract_end`; None if unknown."""
    if contract_end is None or notice_months is None:
        return None
    return add_months(contract_end, -notice_months)


def validate_kle_numbers(value):
    """A list of KLE numbers, each in the format 00.00.00 (Danish errors, one per bad number)."""
    if not isinstance(value, list):
        raise ValidationError("KLE-numre skal være en liste.", code="invalid")
    errors = [
        ValidationError(KLE_FORMAT_MESSAGE, code="invalid_kle", params={"value": str(item)[:20]})
        for item in value
        if not isinstance(item, str) or not re.fullmatch(KLE_NUMBER_PATTERN, item)
    ]
    if errors:
        raise ValidationError(errors)


QUARTER_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


class ResourceNeed(models.Model):
    """The hours one org unit is expected to give a project in one quarter: one cell of the project's
    resource plan, kept by its leader. The capacity page sums these per unit and quarter (the demand).
    A cell set back to nothing keeps its row with 0 hours, so the history shows what was planned."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="resource_needs")
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="resource_needs", verbose_name="enhed"
    )
    year = models.PositiveSmallIntegerField("år")
    quarter = models.PositiveSmallIntegerField("kvartal", validators=QUARTER_VALIDATORS)
    hours = models.PositiveIntegerField("timer", default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "year", "quarter", "org_unit"]
        verbose_name = "ressourcebehov"
        verbose_name_plural = "ressourcebehov"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "org_unit", "year", "quarter"], name="resourceneed_unique_cell"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="resourceneed_quarter_range"
            ),
        ]
        # The capacity page sums the hours per unit and quarter over a window of quarters: with the project
        # and the hours in the index, the sum is read from the index alone, in the order it groups by.
        indexes = [
            models.Index(
                fields=["year", "quarter", "org_unit", "project", "hours"], name="resourceneed_window_sum"
            )
        ]

    def __str__(self):
        return f"{self.project.number}: {self.org_unit}, {self.year} K{self.quarter}: {self.hours} timer"


class UnitCapacity(models.Model):
    """The hours an org unit can give digitalisation work in one quarter, kept by the programme group:
    what the capacity page sets the projects' demand against."""

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="capacities", verbose_name="enhed"
    )
    year = models.PositiveSmallIntegerField("år")
    quarter = models.PositiveSmallIntegerField("kvartal", validators=QUARTER_VALIDATORS)
    hours = models.PositiveIntegerField("timer", default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["org_unit", "year", "quarter"]
        verbose_name = "kapacitet"
        verbose_name_plural = "kapaciteter"
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "year", "quarter"], name="unitcapacity_unique_cell"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="unitcapacity_quarter_range"
            ),
        ]

    def __str__(self):
        return f"{self.org_unit}, {self.year} K{self.quarter}: {self.hours} timer"


class ProjectSystem(models.Model):
    """A project's relation to an IT system: it introduces, replaces or changes the system."""

    class Relation(models.TextChoices):
        INTRODUCES = "indfoerer", "Indfører"
        REPLACES = "erstatter", "Erstatter"
        CHANGES = "aendrer", "Ændrer"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="system_links", verbose_name="projekt"
    )
    system = models.ForeignKey(
        "ITSystem", on_delete=models.CASCADE, related_name="project_links", verbose_name="it-system"
    )
    relation = models.CharField(
        "projektets forhold til systemet", max_length=10, choices=Relation.choices, default=Relation.CHANGES
    )

    class Meta:
        ordering = ["system__name", "project__number"]
        verbose_name = "projektets it-system"
        verbose_name_plural = "projekternes it-systemer"
        constraints = [
            models.UniqueConstraint(fields=["project", "system"], name="projectsystem_unique_pair"),
        ]

    def __str__(self):
        return f"{self.project} {self.get_relation_display().lower()} {self.system}"


class ITSystem(models.Model):
    """An IT system of the municipality's system portfolio."""

    class Lifecycle(models.TextChoices):
        CLARIFYING = "afklaring", "Under afklaring"
        PHASING_IN = "indfases", "Indfases"
        OPERATING = "drift", "I drift"
        PHASING_OUT = "udfases", "Udfases"
        NOT_IN_USE = "ikke_i_brug", "Ikke i brug"

    class Criticality(models.TextChoices):
        LOW = "low", "Lav"
        MEDIUM = "medium", "Middel"
        HIGH = "high", "Høj"
        CRITICAL = "critical", "Kritisk"

    class UserCount(models.TextChoices):
        # KITOS' intervals for the expected number of users.
        UNDER_10 = "under_10", "Under 10"
        FROM_10 = "10_50", "10-50"
        FROM_50 = "50_100", "50-100"
        OVER_100 = "over_100", "Over 100"

    class Hosting(models.TextChoices):
        ON_PREMISE = "on_premise", "Lokalt (on-premise)"
        EXTERNAL = "external", "Eksternt (cloud/leverandør)"
        HYBRID = "hybrid", "Hybrid"

    name = models.CharField("navn", max_length=200)
    description = models.TextField("beskrivelse", blank=True)
    vendor = models.CharField("leverandør", max_length=200, blank=True)
    owner_unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="it_systems",
        verbose_name="ejende enhed",
    )
    system_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_systems",
        verbose_name="systemejer",
    )
    system_responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_systems",
        verbose_name="systemansvarlig",
        help_text="Den, der står for den daglige drift og forvaltning af systemet.",
    )
    lifecycle = models.CharField(
        "livscyklus", max_length=20, choices=Lifecycle.choices, default=Lifecycle.OPERATING
    )
    criticality = models.CharField(
        "forretningskritikalitet", max_length=10, choices=Criticality.choices, default=Criticality.MEDIUM
    )
    user_count = models.CharField("antal brugere", max_length=10, choices=UserCount.choices, blank=True)
    hosting = models.CharField("drift/hosting", max_length=12, choices=Hosting.choices, blank=True)
    on_common_infrastructure = models.BooleanField("på fælleskommunal infrastruktur", default=False)
    kle_numbers = models.JSONField("KLE-numre", default=list, blank=True, validators=[validate_kle_numbers])
    contract_end = models.DateField("kontraktudløb", null=True, blank=True)
    notice_months = models.PositiveSmallIntegerField(
        "opsigelsesvarsel (måneder)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_NOTICE_MONTHS)],
    )
    # Derived from contract_end and notice_months on every save, so lists can filter and sort by it.
    notice_deadline = models.DateField("frist for opsigelse", null=True, blank=True, editable=False)
    kitos_uuid = models.UUIDField("KITOS-UUID", null=True, blank=True, unique=True)
    projects = models.ManyToManyField(
        Project,
        through=ProjectSystem,
        blank=True,
        related_name="it_systems",
        verbose_name="projekter",
    )
    archived = models.BooleanField("arkiveret", default=False)

    history = HistoricalRecords(m2m_fields=[projects])

    class Meta:
        ordering = ["name"]
        verbose_name = "it-system"
        verbose_name_plural = "it-systemer"
        constraints = [
            models.CheckConstraint(
                condition=Q(notice_months__isnull=True) | Q(notice_months__lte=MAX_NOTICE_MONTHS),
                name="itsystem_notice_months_range",
            ),
        ]
        indexes = [
            models.Index(fields=["contract_end"]),
            models.Index(fields=["notice_deadline"]),
            # The system list's default order: a page is read from the index, not sorted from every row.
            models.Index(fields=["name", "id"], name="itsystem_name_id"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.notice_deadline = notice_deadline(self.contract_end, self.notice_months)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"contract_end", "notice_months"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "notice_deadline"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("systems:detail", args=[self.pk])


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
