"""Forms for IOD's ideas: propose, score, fund. They parse and bound input (Danish errors, never an
exception); the rules live in governance.ideas.services."""

from django import forms
from django.utils import timezone

from focusareas.selectors import current_focus_areas
from governance.common.forms import DateBoundsMixin, date_field
from governance.decisions.services import DECISION_TEXT_MAX_CHARS
from governance.models import Idea
from portfolio.forms import AmountField, ModelMultipleChoiceField, SubmitOnceForm, style_fields


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


class IdeaFundForm(DateBoundsMixin, forms.Form):
    date_fields = ("decided_on",)

    amount = AmountField(label="Beløb (kr.)", required=True)
    decided_on = date_field("Besluttet", initial=timezone.localdate)
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
