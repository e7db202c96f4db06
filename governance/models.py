"""Governance: bodies and their members, meetings, decisions, the Project Board report,
the annual indsatsplan, the IOD idea pipeline and the IT-security group's yearly tasks."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from focusareas.models import FocusArea
from portfolio.dates import danish_date
from portfolio.models import Phase, Project, ReportingPeriod, StatusReport


class Body(models.Model):
    class Kind(models.TextChoices):
        STEERING_GROUP = "styregruppe", "Digitaliseringsstyregruppe"
        PROGRAMME_GROUP = "programgruppe", "Digitaliseringsprogramgruppe"
        PROJECT_BOARD = "project_board", "Project Board"
        IOD = "iod", "Innovation og Digitalisering (IOD)"
        IT_SECURITY = "it_sikkerhed", "IT-sikkerhedsgruppe"
        LOCAL_ORGANISATION = "lokal", "Lokal digitaliseringsorganisation"
        CROSS_PROJECT_GROUP = "projektgruppe", "Tværgående projektgruppe"
        DIREKTION = "direktion", "Direktion"

    name = models.CharField("navn", max_length=200, unique=True)
    slug = models.SlugField("kortnavn", max_length=60, unique=True)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    mandate = models.TextField("formål og mandat", blank=True)
    responsibilities = models.TextField(
        "ansvar", blank=True, help_text="Et ansvarsområde pr. linje, som i kommissoriet."
    )
    composition = models.TextField("sammensætning", blank=True)
    meeting_frequency = models.CharField("mødefrekvens", max_length=200, blank=True)
    escalates_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations_from",
        verbose_name="eskalerer til",
    )
    # Members of the body are members of this group: roles follow the organisation.
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="body", verbose_name="gruppe")
    archived = models.BooleanField("arkiveret", default=False)
    # The body's public meeting calendar (governance/calendars/): served only while switched on; the token
    # is made the first time and kept, so switching it on again brings the same address back.
    public_calendar = models.BooleanField("offentlig mødekalender", default=False)
    public_calendar_token = models.CharField("nøgle til offentlig mødekalender", max_length=64, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "organ"
        verbose_name_plural = "organer"
        constraints = [
            models.CheckConstraint(condition=~Q(escalates_to=F("id")), name="body_not_escalating_to_itself"),
        ]

    def __str__(self):
        return self.name

    @property
    def responsibility_list(self) -> list[str]:
        return [line.strip() for line in self.responsibilities.splitlines() if line.strip()]


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day):
        # end_date is the day the membership stops: ending one today takes the rights away at once.
        return self.filter(Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gt=day))


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Formand"
        SECRETARY = "secretary", "Sekretær"
        MEMBER = "member", "Medlem"

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="memberships", verbose_name="organ")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships", verbose_name="person"
    )
    role = models.CharField("rolle", max_length=10, choices=Role.choices, default=Role.MEMBER)
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="body_memberships",
        verbose_name="knyttet til projekt",
        help_text="Tomt for faste medlemmer.",
    )
    start_date = models.DateField("fra")
    end_date = models.DateField("ophører", null=True, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "role", "user__first_name"]
        verbose_name = "medlemskab"
        verbose_name_plural = "medlemskaber"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="membership_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["body", "user", "role"],
                condition=Q(end_date__isnull=True),
                name="membership_one_open_per_role",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} i {self.body}"


# The minutes are printed by a web request (governance.bodies.pdf): bounded in characters and lines, so
# the largest minutes accepted lay out in a few pages (well under a second), whatever the characters are.
MINUTES_MAX_CHARS = 10_000
MINUTES_MAX_LINES = 200


def minutes_line_count(text: str) -> int:
    """Lines as the user sees them in the text box (\r\n, \r and \n each end a line)."""
    return len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")) if text else 0


def validate_minutes(text: str) -> None:
    """Danish ValidationError for each bound the minutes are over."""
    errors = []
    if len(text) > MINUTES_MAX_CHARS:
        errors.append(
            ValidationError(
                f"Referatet kan højst være {MINUTES_MAX_CHARS:,} tegn (det er {len(text):,}).".replace(
                    ",", "."
                ),
                code="max_length",
            )
        )
    lines = minutes_line_count(text)
    if lines > MINUTES_MAX_LINES:
        errors.append(
            ValidationError(
                f"Referatet kan højst have {MINUTES_MAX_LINES} linjer (det har {lines:,}). ".replace(",", ".")
                + "Saml korte linjer i afsnit, eller fjern tomme linjer.",
                code="max_lines",
            )
        )
    if errors:
        raise ValidationError(errors)


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings", verbose_name="organ")
    date = models.DateField("dato")
    location = models.CharField("sted", max_length=200, blank=True)
    minutes = models.TextField("referat", blank=True)
    # The Project Board meeting of a reporting period; empty for other bodies' meetings.
    reporting_period = models.OneToOneField(
        ReportingPeriod,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="board_meeting",
        verbose_name="rapporteringsperiode",
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="meetings_attended", verbose_name="deltagere"
    )
    cancelled = models.BooleanField("aflyst", default=False)

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["-date"]
        verbose_name = "møde"
        verbose_name_plural = "møder"

    def __str__(self):
        return f"{self.body}, {danish_date(self.date)}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField("nummer")
    title = models.CharField("punkt", max_length=200)
    description = models.TextField("beskrivelse", blank=True)
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
        verbose_name="projekt",
    )
    # A decision a project asked for in its status report ("decisions needed"), brought to this meeting.
    requested_in = models.ForeignKey(
        StatusReport,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
        verbose_name="ønsket i statusrapport",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = "dagsordenspunkt"
        verbose_name_plural = "dagsordenspunkter"
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="agendaitem_unique_order")]

    def __str__(self):
        return f"{self.order}. {self.title}"


class ActionItem(models.Model):
    """An action a meeting agreed on: who does what by when."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="actions", verbose_name="møde"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name="dagsordenspunkt",
    )
    description = models.TextField("handling")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="actions", verbose_name="ansvarlig"
    )
    due_date = models.DateField("frist")
    done_on = models.DateField("udført", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["done_on", "due_date", "id"]
        verbose_name = "handling"
        verbose_name_plural = "handlinger"

    def __str__(self):
        return f"{self.description[:60]} ({self.owner}, {danish_date(self.due_date)})"


class Decision(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", "Almindelig beslutning"
        PHASE_GATE = "phase_gate", "Fasegodkendelse"
        PRIORITISATION = "prioritisation", "Prioritering"
        FUNDING = "funding", "Bevilling"
        ESCALATION = "escalation", "Eskalering"

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions", verbose_name="organ")
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name="møde",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name="dagsordenspunkt",
    )
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name="projekt",
    )
    decided_on = models.DateField("besluttet")
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    text = models.TextField("beslutning")
    from_phase = models.CharField("fra fase", max_length=20, choices=Phase.choices, blank=True)
    to_phase = models.CharField("til fase", max_length=20, choices=Phase.choices, blank=True)
    requested_in = models.ForeignKey(
        StatusReport,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name="ønsket i statusrapport",
    )
    escalated_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations",
        verbose_name="eskaleret fra",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recorded_decisions",
        verbose_name="registreret af",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = "beslutning"
        verbose_name_plural = "beslutninger"
        constraints = [
            # A phase gate names the phases it moves between, and is about a project.
            models.CheckConstraint(
                condition=~Q(kind="phase_gate")
                | (Q(project__isnull=False) & ~Q(from_phase="") & ~Q(to_phase="")),
                name="decision_phase_gate_complete",
            ),
            models.CheckConstraint(
                condition=~Q(escalated_from=F("id")), name="decision_not_escalated_from_itself"
            ),
        ]

    def __str__(self):
        return f"{self.body}: {self.text[:60]}"


class ProjectRequest(models.Model):
    """A project's request to a body: to pass its next phase gate, or to change course (scope, time,
    money). It goes on the agenda of the deciding body's next meeting and waits there; the body's chair
    or a member answers it at a held meeting, and the answer is a Decision. Only a passed gate moves the
    phase; only an approved change updates the forecast and the budget."""

    class Kind(models.TextChoices):
        GATE = "gate", "Fasegodkendelse"
        CHANGE = "change", "Ændringsanmodning"

    class State(models.TextChoices):
        PENDING = "pending", "Afventer beslutning"
        PASSED = "passed", "Godkendt"
        PASSED_WITH_CONDITIONS = "conditions", "Godkendt med betingelser"
        RETURNED = "returned", "Sendt tilbage"
        WITHDRAWN = "withdrawn", "Trukket tilbage"

    kind = models.CharField("type", max_length=10, choices=Kind.choices)
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="requests", verbose_name="projekt"
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="project_requests", verbose_name="besluttende organ"
    )
    agenda_item = models.OneToOneField(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_request",
        verbose_name="dagsordenspunkt",
    )
    state = models.CharField("tilstand", max_length=10, choices=State.choices, default=State.PENDING)
    # A gate: the phases it moves between and its checklist, [{"label": str, "done": bool, "note": str}].
    from_phase = models.CharField("fra fase", max_length=20, choices=Phase.choices, blank=True)
    to_phase = models.CharField("til fase", max_length=20, choices=Phase.choices, blank=True)
    checklist = models.JSONField("tjekliste", default=list, blank=True)
    # A change of course: why, and what changes.
    reason = models.TextField("begrundelse", blank=True)
    scope_change = models.TextField("ændring af omfang", blank=True)
    new_end_date = models.DateField("ny forventet slutdato", null=True, blank=True)
    budget_change = models.DecimalField(
        "ændring af budget (kr.)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    conditions = models.TextField("betingelser eller begrundelse", blank=True)
    decision = models.OneToOneField(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_request",
        verbose_name="beslutning",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="project_requests",
        verbose_name="anmodet af",
    )
    requested_at = models.DateTimeField("anmodet", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "anmodning"
        verbose_name_plural = "anmodninger"
        constraints = [
            # One gate at a time: a second request for the same project waits until the first is answered.
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(kind="gate", state="pending"),
                name="projectrequest_one_pending_gate",
            ),
            models.CheckConstraint(
                condition=~Q(kind="gate") | (~Q(from_phase="") & ~Q(to_phase="")),
                name="projectrequest_gate_names_phases",
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.GATE:
            return f"{self.project.number}: {self.get_from_phase_display()} → {self.get_to_phase_display()}"
        return f"{self.project.number}: ændringsanmodning"

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING

    @property
    def is_gate(self) -> bool:
        return self.kind == self.Kind.GATE

    def agenda_title(self) -> str:
        """The title of the agenda item that brings this request to its body's meeting."""
        project = f"{self.project.number} {self.project.name}"
        if self.is_gate:
            return (
                f"Fasegodkendelse: {project}, {self.get_from_phase_display().lower()} → "
                f"{self.get_to_phase_display().lower()}"
            )
        return f"Ændringsanmodning: {project}"

    def agenda_description(self) -> str:
        if self.is_gate:
            done = sum(1 for item in self.checklist if item.get("done"))
            return f"Tjekliste: {done} af {len(self.checklist)} punkter opfyldt."
        return self.reason


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


SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Idea(models.Model):
    """An idea in IOD's pipeline: proposed, scored, maybe funded and turned into a project."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Foreslået"
        SCORED = "scored", "Vurderet"
        FUNDED = "funded", "Finansieret"
        REJECTED = "rejected", "Afvist"
        PROJECT = "project", "Blevet til projekt"

    title = models.CharField("titel", max_length=200)
    description = models.TextField("beskrivelse", blank=True)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ideas",
        verbose_name="forslagsstiller",
    )
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="ideas", verbose_name="fokusområder"
    )
    strategic_value = models.PositiveSmallIntegerField(
        "strategisk værdi", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    economic_benefit = models.PositiveSmallIntegerField(
        "økonomisk gevinst", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    qualitative_benefit = models.PositiveSmallIntegerField(
        "kvalitativ gevinst", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    operational_need = models.PositiveSmallIntegerField(
        "driftsbehov/lovkrav", null=True, blank=True, validators=SCORE_VALIDATORS
    )
    risk = models.PositiveSmallIntegerField("risiko", null=True, blank=True, validators=SCORE_VALIDATORS)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.PROPOSED)
    funded_amount = models.DecimalField(
        "bevilget (kr.)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    funding_decision = models.OneToOneField(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funded_idea",
        verbose_name="bevillingsbeslutning",
    )
    project = models.OneToOneField(
        Project, null=True, blank=True, on_delete=models.PROTECT, related_name="idea", verbose_name="projekt"
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)

    history = HistoricalRecords()

    SCORE_FIELDS = ("strategic_value", "economic_benefit", "qualitative_benefit", "operational_need", "risk")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "idé"
        verbose_name_plural = "idéer"
        constraints = [
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True})
                    | (Q(**{f"{field}__gte": 1}) & Q(**{f"{field}__lte": 5})),
                    name=f"idea_{field}_1_5",
                )
                for field in (
                    "strategic_value",
                    "economic_benefit",
                    "qualitative_benefit",
                    "operational_need",
                    "risk",
                )
            ],
            models.CheckConstraint(
                condition=Q(funded_amount__isnull=True) | Q(funded_amount__gte=0),
                name="idea_funding_not_negative",
            ),
        ]

    def __str__(self):
        return self.title


class SecurityReview(models.Model):
    """One of the IT-security group's two yearly tasks."""

    class Kind(models.TextChoices):
        POLICY_REVIEW = "policy_review", "Årlig vurdering af informationssikkerhedspolitikken"
        RISK_ASSESSMENT_NEED = "risk_assessment_need", "Årlig vurdering af behov for fornyet risikovurdering"

    year = models.PositiveSmallIntegerField("år")
    kind = models.CharField("opgave", max_length=30, choices=Kind.choices)
    due_date = models.DateField("frist")
    completed_on = models.DateField("udført", null=True, blank=True)
    outcome = models.TextField("resultat", blank=True)
    # The group is reminded once when the task is due soon and not done.
    reminder_sent_at = models.DateTimeField("påmindelse sendt", null=True, blank=True)
    decision = models.OneToOneField(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="security_review",
        verbose_name="beslutning",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "kind"]
        verbose_name = "sikkerhedsgennemgang"
        verbose_name_plural = "sikkerhedsgennemgange"
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="securityreview_unique_year_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}"


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


class CalendarFeed(models.Model):
    """A person's private calendar address (governance/calendars/). The token in the address is never
    stored: it is derived from `nonce` with the site's secret key, and only its SHA-256 is kept to find the
    row. A new address revokes the old one; a revoked row stays."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="calendar_feeds",
        verbose_name="person",
    )
    nonce = models.CharField("salt", max_length=64, unique=True)
    token_hash = models.CharField("nøglens SHA-256", max_length=64, unique=True)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    revoked_at = models.DateTimeField("tilbagekaldt", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "kalenderabonnement"
        verbose_name_plural = "kalenderabonnementer"
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="calendarfeed_one_active_per_user"
            )
        ]

    def __str__(self):
        return f"Kalenderadresse for {self.user}"
