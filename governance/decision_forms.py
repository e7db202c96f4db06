"""Forms for decisions, escalation, IOD's ideas and the IT-security group's tasks. They parse and bound
input (Danish errors, never an exception); the rules live in governance.services."""

import datetime

from django import forms
from django.utils import timezone

from focusareas.selectors import current_focus_areas
from governance.models import Body, Decision, Idea, Meeting
from governance.services import DECISION_TEXT_MAX_CHARS, SECURITY_OUTCOME_MAX_CHARS
from portfolio.forms import DanishDateInput, ModelMultipleChoiceField, SubmitOnceForm, style_fields
from portfolio.models import Phase, Project

SEARCH_MAX_LENGTH = 200
PHASE_CHOICES = [("", "–"), *[(value, label) for value, label in Phase.choices if value != Phase.STOPPED]]
MIN_DATE = "2000-01-01"
MAX_DATE = "2100-12-31"


def _date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        widget=DanishDateInput(attrs={"min": MIN_DATE, "max": MAX_DATE}),
        error_messages={"invalid": "Angiv en gyldig dato."},
        **kwargs,
    )


class _DateBounds:
    """Dates outside 2000-2100 are typing errors, not decisions: refuse them in Danish."""

    date_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name in self.date_fields:
            day = cleaned.get(name)
            if day is not None and not 2000 <= day.year <= 2100:
                self.add_error(name, "Angiv en dato mellem år 2000 og 2100.")
        return cleaned


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} {obj.name}"


class DecisionForm(SubmitOnceForm):
    """A decision of a meeting's body (POSTed to governance:decision-record)."""

    agenda_item = forms.ModelChoiceField(
        label="Dagsordenspunkt", queryset=None, required=False, empty_label="Intet bestemt punkt"
    )
    kind = forms.ChoiceField(label="Type", choices=Decision.Kind.choices, initial=Decision.Kind.ORDINARY)
    text = forms.CharField(
        label="Beslutning",
        max_length=DECISION_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ved eskalering: hvad det næste organ skal tage stilling til, og hvorfor.",
    )
    project = ProjectChoiceField(
        label="Projekt",
        queryset=Project.objects.not_archived().only("pk", "number", "name"),
        required=False,
        empty_label="Intet projekt",
        help_text="Udfyldes af sig selv fra dagsordenspunktet, hvis punktet handler om et projekt.",
    )
    from_phase = forms.ChoiceField(label="Fra fase", choices=PHASE_CHOICES, required=False)
    to_phase = forms.ChoiceField(
        label="Til fase", choices=PHASE_CHOICES, required=False, help_text="Kun ved fasegodkendelse."
    )
    escalated_from = forms.ModelChoiceField(
        queryset=Decision.objects.filter(kind=Decision.Kind.ESCALATION),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        self.fields["agenda_item"].label_from_instance = lambda item: str(item)
        style_fields(self)


class EscalationAnswerForm(SubmitOnceForm):
    """The decision of the body an escalation waits for, recorded from the escalation's page."""

    meeting = forms.ModelChoiceField(label="Møde", queryset=None, empty_label=None)
    kind = forms.ChoiceField(
        label="Type",
        choices=[c for c in Decision.Kind.choices if c[0] != Decision.Kind.ESCALATION],
        initial=Decision.Kind.ORDINARY,
    )
    text = forms.CharField(
        label="Beslutning", max_length=DECISION_TEXT_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 4})
    )
    from_phase = forms.ChoiceField(label="Fra fase", choices=PHASE_CHOICES, required=False)
    to_phase = forms.ChoiceField(
        label="Til fase", choices=PHASE_CHOICES, required=False, help_text="Kun ved fasegodkendelse."
    )

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        # Held meetings of the last year (a slice could not be validated against).
        self.fields["meeting"].queryset = body.meetings.filter(
            cancelled=False, date__lte=today, date__gte=today - datetime.timedelta(days=366)
        ).order_by("-date")
        self.fields["meeting"].label_from_instance = lambda meeting: f"{meeting.date:%d.%m.%Y}"
        style_fields(self)


class EscalateForm(SubmitOnceForm):
    text = forms.CharField(
        label="Begrundelse",
        max_length=DECISION_TEXT_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class DecisionFilterForm(_DateBounds, forms.Form):
    """The decision log's filters, all in the query string."""

    date_fields = ("date_from", "date_to")

    q = forms.CharField(label="Søg", max_length=SEARCH_MAX_LENGTH, required=False)
    body = forms.ModelChoiceField(
        label="Organ", queryset=Body.objects.filter(archived=False), required=False, empty_label="Alle"
    )
    kind = forms.ChoiceField(label="Type", choices=[("", "Alle"), *Decision.Kind.choices], required=False)
    project = ProjectChoiceField(
        label="Projekt",
        queryset=Project.objects.only("pk", "number", "name"),
        required=False,
        empty_label="Alle",
    )
    date_from = _date_field("Fra dato", required=False)
    date_to = _date_field("Til dato", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "Til-datoen ligger før fra-datoen.")
        return cleaned


class IdeaForm(SubmitOnceForm):
    title = forms.CharField(label="Titel", max_length=200)
    description = forms.CharField(
        label="Beskrivelse",
        max_length=DECISION_TEXT_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Hvad er idéen, hvem får gavn af den, og hvad kræver den?",
    )
    focus_areas = ModelMultipleChoiceField(
        label="Fokusområder",
        queryset=current_focus_areas(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


SCORE_CHOICES = [("", "–"), *[(str(n), str(n)) for n in range(1, 6)]]
SCORE_HELP = {
    "strategic_value": "Passer idéen til strategien og fokusområderne?",
    "economic_benefit": "Sparer den penge eller tid, der kan gøres op i kroner?",
    "qualitative_benefit": "Bedre service, kvalitet eller arbejdsmiljø.",
    "operational_need": "Er der et driftsbehov eller et lovkrav?",
    "risk": "5 = lav risiko, 1 = høj risiko.",
}


class IdeaScoreForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in Idea.SCORE_FIELDS:
            self.fields[name] = forms.TypedChoiceField(
                label=Idea._meta.get_field(name).verbose_name.capitalize(),
                choices=SCORE_CHOICES,
                coerce=int,
                help_text=SCORE_HELP[name],
                error_messages={
                    "required": "Giv en score fra 1 til 5.",
                    "invalid_choice": "Giv en score fra 1 til 5.",
                },
            )
        style_fields(self)


class IdeaFundForm(_DateBounds, forms.Form):
    date_fields = ("decided_on",)

    amount = forms.DecimalField(
        label="Beløb (kr.)",
        min_value=0,
        max_digits=14,
        decimal_places=2,
        localize=True,
        error_messages={"min_value": "Beløbet kan ikke være negativt.", "invalid": "Angiv beløbet i kroner."},
    )
    decided_on = _date_field("Besluttet", initial=timezone.localdate)
    text = forms.CharField(
        label="Beslutning",
        max_length=DECISION_TEXT_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Tom: »Idéen finansieres med … kr. fra digitaliseringsbudgettet.«",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class SecurityReviewForm(_DateBounds, forms.Form):
    date_fields = ("completed_on",)

    completed_on = _date_field("Udført", initial=timezone.localdate)
    outcome = forms.CharField(
        label="Resultat",
        max_length=SECURITY_OUTCOME_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Hvad gennemgangen viste.",
    )
    decision_text = forms.CharField(
        label="Gruppens beslutning",
        max_length=DECISION_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Føres i beslutningsloggen som IT-sikkerhedsgruppens beslutning.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
