"""Bodies and their members, meetings, agendas, action items and minutes."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from portfolio.dates import danish_date
from portfolio.models import Project, ReportingPeriod, StatusReport


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
