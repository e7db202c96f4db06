"""Forms of a project's life: the phase plan (forecast per phase) and the leader's closing report."""

from django import forms

from portfolio.forms import AmountField, DanishDateInput, limit_text_fields, style_fields
from portfolio.lifecycle.closing import (
    CLOSING_CONTENT_FIELDS,
    CLOSING_REQUIRED_TO_SUBMIT,
    closing_report_scope,
)
from portfolio.lifecycle.selectors import phase_plans_for_form
from portfolio.lifecycle.services import PHASE_END_BEFORE_START, phase_plan_scope
from portfolio.models import ClosingReport
from portfolio.stale import StaleSafeFormMixin


class ClosingReportForm(StaleSafeFormMixin, forms.ModelForm):
    """The leader's report. "Gem kladde" saves it as it is; "Send til programgruppen" requires the goals
    met, the final cost, the line organisation's take-over and the lessons learned (the service says so)."""

    final_cost = AmountField(label="Endeligt forbrug (kr.)", required=False)

    class Meta:
        model = ClosingReport
        fields = list(CLOSING_CONTENT_FIELDS)
        labels = {
            "goals_met": "Mål og leverancer: hvad blev nået",
            "goals_not_met": "Hvad blev ikke nået, og hvorfor",
            "economy_comment": "Økonomi mod budget og business case",
            "line_takeover": "Hvad linjeorganisationen overtager",
            "lessons_learned": "Erfaringer (lessons learned)",
        }
        help_texts = {
            "goals_met": "Projektets mål og leverancer, og i hvilket omfang de er nået.",
            "economy_comment": "Forklar afvigelser fra budgettet og fra business casens investering.",
            "line_takeover": "Drift, opgaver, systemer og gevinster, som forvaltningen overtager, og hvem "
            "der har ansvaret.",
            "lessons_learned": "Hvad andre projekter kan lære af dette: hvad virkede, hvad ville I gøre "
            "anderledes? Erfaringerne kan søges på tværs af projekter.",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 5, "class": "form-input input-width-xxl"})
            for name in CLOSING_CONTENT_FIELDS
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["final_cost"].widget = forms.TextInput(
            attrs={"inputmode": "decimal", "autocomplete": "off"}
        )
        if self.instance.final_cost is not None and not self.is_bound:
            self.initial["final_cost"] = (
                f"{self.instance.final_cost:,.2f}".replace(",", "X")
                .replace(".", ",")
                .replace("X", ".")
                .removesuffix(",00")
            )
        for name in CLOSING_REQUIRED_TO_SUBMIT:
            field = self.fields[name]
            field.help_text = f"{field.help_text} Skal udfyldes, før rapporten sendes.".strip()
        limit_text_fields(self)
        style_fields(self)

    def default_stale_scope(self):
        return closing_report_scope(self.instance)

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in CLOSING_CONTENT_FIELDS}


class PhasePlanForm(StaleSafeFormMixin, forms.Form):
    """Two dates per phase (`<phase>_start`, `<phase>_end`), stale-safe over all the project's phase
    plans. The baseline and the actual dates are shown beside them, never edited here."""

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, stale_scope=phase_plan_scope(project), **kwargs)
        self.project = project
        self.phases = phase_plans_for_form(project)
        for phase, plan in self.phases:
            for end, label in (("start", "Forventet start"), ("end", "Forventet slut")):
                self.fields[f"{phase}_{end}"] = forms.DateField(
                    label=label,
                    required=False,
                    initial=getattr(plan, f"planned_{end}", None),
                    widget=DanishDateInput(attrs={"class": "form-input"}),
                    error_messages={"invalid": "Skriv en gyldig dato, fx 31.01.2027."},
                )

    def clean(self):
        cleaned = super().clean()
        for phase, _ in self.phases:
            start, end = cleaned.get(f"{phase}_start"), cleaned.get(f"{phase}_end")
            if start and end and end < start:
                self.add_error(f"{phase}_end", PHASE_END_BEFORE_START)
        return cleaned

    def dates(self) -> dict:
        """{phase: (start, end)} for phase_plan_save."""
        return {
            phase.value: (self.cleaned_data.get(f"{phase}_start"), self.cleaned_data.get(f"{phase}_end"))
            for phase, _ in self.phases
        }

    def rows(self):
        """Per phase, for the template: the phase, its stored plan (or None), and its two bound fields."""
        return [(phase, plan, self[f"{phase}_start"], self[f"{phase}_end"]) for phase, plan in self.phases]
