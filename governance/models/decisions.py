"""Decisions of the bodies, and the projects' requests to them (phase gates, changes)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from governance.models.bodies import AgendaItem, Body, Meeting
from portfolio.models import Phase, Project, StatusReport


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
