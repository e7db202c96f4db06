"""Forms for decisions and escalation. They parse and bound input (Danish errors, never an exception);
the rules live in governance.decisions.services."""

import datetime

from django import forms
from django.utils import timezone

from governance.common.forms import DateBoundsMixin, ProjectChoiceField, date_field
from governance.decisions.services import DECISION_TEXT_MAX_CHARS
from governance.models import Body, Decision, Meeting
from portfolio.dates import danish_date
from portfolio.forms import SubmitOnceForm, style_fields
from portfolio.models import Phase, Project

SEARCH_MAX_LENGTH = 200
PHASE_CHOICES = [("", "–"), *[(value, label) for value, label in Phase.choices if value != Phase.STOPPED]]


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
        self.fields["meeting"].label_from_instance = lambda meeting: f"{danish_date(meeting.date)}"
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


class DecisionFilterForm(DateBoundsMixin, forms.Form):
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
    date_from = date_field("Fra dato", required=False)
    date_to = date_field("Til dato", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "Til-datoen ligger før fra-datoen.")
        return cleaned
