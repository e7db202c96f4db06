"""The phase plan form: the forecast start and end of each phase, in one form."""

from django import forms

from portfolio.forms import DanishDateInput
from portfolio.lifecycle.selectors import phase_plans_for_form
from portfolio.lifecycle.services import PHASE_END_BEFORE_START, phase_plan_scope
from portfolio.stale import StaleSafeFormMixin


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
