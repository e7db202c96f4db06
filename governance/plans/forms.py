"""Forms for the annual indsatsplan. They parse and bound input (Danish errors, never an exception);
the rules live in governance.plans.services."""

import re

from django import forms

from focusareas.models import FocusArea
from governance.common.forms import StyledForm
from governance.decisions.services import DECISION_TEXT_MAX_CHARS
from governance.plans.services import (
    PLAN_AMOUNT_MAX,
    PLAN_HOURS_MAX,
    PLAN_YEAR_MAX,
    PLAN_YEAR_MIN,
)
from portfolio.forms import DanishDecimalField, ModelMultipleChoiceField
from portfolio.models import Project
from portfolio.stale import StaleSafeFormMixin

AMOUNT_ERRORS = {"invalid": "Angiv beløbet i kroner.", "max_digits": "Beløbet er for stort."}
HOURS_ERRORS = {"invalid": "Angiv timerne som et helt tal."}


# 1.000 and 1 000: a number with thousands separators, as Danes write it.
_GROUPED_THOUSANDS = re.compile(r"\d{1,3}([. ]\d{3})+")


class DanishIntegerField(forms.IntegerField):
    """A whole number as Danes write it: Django's own would save "1.000" timer as 1 (it drops ".000")."""

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip().replace("\u00a0", " ")
            if _GROUPED_THOUSANDS.fullmatch(text):
                value = text.replace(".", "").replace(" ", "")
        return super().to_python(value)


def _amount_field(label, *, required=False):
    # As in the rest of the portal: 1.500 is fifteen hundred and 1.234,50 has øre (Django's localized
    # field read "1.500" as 1,50 kr. and refused "1.234,50").
    return DanishDecimalField(
        label=label, required=required, min_value=0, max_value=PLAN_AMOUNT_MAX, error_messages=AMOUNT_ERRORS
    )


def _hours_field(label, *, required=False):
    return DanishIntegerField(
        label=label, required=required, min_value=0, max_value=PLAN_HOURS_MAX, error_messages=HOURS_ERRORS
    )


class PlanStartForm(StyledForm):
    year = forms.IntegerField(
        label="År",
        min_value=PLAN_YEAR_MIN,
        max_value=PLAN_YEAR_MAX,
        error_messages={"invalid": "Angiv året som et tal, fx 2027.", "required": "Angiv året."},
    )
    copy_current = forms.BooleanField(
        label="Kopiér punkterne fra den gældende plan", required=False, initial=True
    )


class PlanSettingsForm(StaleSafeFormMixin, StyledForm):
    title = forms.CharField(label="Titel", max_length=200, required=False)
    introduction = forms.CharField(
        label="Indledning", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    budget_frame = _amount_field("Budgetramme (kr.)")
    hours_frame = _hours_field("Timeramme")


class PlanItemForm(StaleSafeFormMixin, StyledForm):
    project = forms.ModelChoiceField(
        label="Projekt",
        queryset=Project.objects.none(),
        required=False,
        empty_label="– (en aktivitet, ikke et projekt)",
        error_messages={"invalid_choice": "Vælg et projekt fra listen."},
    )
    activity = forms.CharField(
        label="Aktivitet", max_length=200, required=False, help_text="Når punktet ikke er et projekt."
    )
    rationale = forms.CharField(label="Begrundelse", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    hours = _hours_field("Forventede timer")
    amount = _amount_field("Forventet beløb (kr.)")
    focus_areas = ModelMultipleChoiceField(
        label="Fokusområder",
        queryset=FocusArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        error_messages={
            "invalid_choice": "Vælg fokusområder fra listen.",
            "invalid_pk_value": "Ugyldigt valg.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(archived=False).order_by("number")
        self.fields["focus_areas"].queryset = FocusArea.objects.filter(period__is_current=True).order_by(
            "number"
        )
        self.fields["focus_areas"].label_from_instance = lambda area: f"{area.number}. {area.title}"


class PlanApproveForm(StyledForm):
    text = forms.CharField(
        label="Beslutningens tekst",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=DECISION_TEXT_MAX_CHARS,
        help_text="Tom: en standardtekst om godkendelsen.",
    )


class PlanSendBackForm(StyledForm):
    comment = forms.CharField(
        label="Bemærkning til programgruppen",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=DECISION_TEXT_MAX_CHARS,
        error_messages={"required": "Skriv, hvorfor planen sendes tilbage."},
    )
