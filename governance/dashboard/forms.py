"""The dashboard's filters: strategy period, focus area, kind and anchoring unit, all in the URL.

A bad value (an unknown id, a focus area of another period, text where an id belongs) is a Danish
form error; the dashboard then shows the errors and no figures, never a 500.
"""

from django import forms

from focusareas.models import FocusArea, StrategyPeriod
from portfolio.forms import style_fields
from portfolio.models import OrgUnit, ProjectKind

CHOICE_ERRORS = {"invalid_choice": "Vælg en af mulighederne på listen.", "invalid_pk_value": "Ukendt værdi."}
FIELDS = ("strategy_period", "focus_area", "kind", "anchoring")


class DashboardFilterForm(forms.Form):
    strategy_period = forms.ModelChoiceField(
        label="Strategiperiode",
        queryset=StrategyPeriod.objects.order_by("-is_current", "-start_year"),
        required=False,
        empty_label="Den gældende",
        error_messages=CHOICE_ERRORS,
    )
    focus_area = forms.ModelChoiceField(
        label="Fokusområde",
        queryset=FocusArea.objects.select_related("period").order_by(
            "-period__is_current", "-period__start_year", "number"
        ),
        required=False,
        empty_label="Alle",
        error_messages=CHOICE_ERRORS,
    )
    kind = forms.ChoiceField(
        label="Projekttype",
        choices=[("", "Alle"), *ProjectKind.choices],
        required=False,
        error_messages=CHOICE_ERRORS,
    )
    anchoring = forms.ModelChoiceField(
        label="Forankring",
        queryset=OrgUnit.objects.filter(archived=False).order_by("name"),
        required=False,
        empty_label="Alle",
        error_messages=CHOICE_ERRORS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].label_from_instance = lambda area: (
            f"{area.number}. {area.title}"
            if area.period.is_current
            else f"{area.number}. {area.title} ({area.period.name})"
        )
        style_fields(self)

    def clean(self):
        cleaned = super().clean()
        period, area = cleaned.get("strategy_period"), cleaned.get("focus_area")
        if area is not None:
            chosen = period or StrategyPeriod.objects.current().first()
            if chosen is not None and area.period_id != chosen.pk:
                self.add_error("focus_area", f"Fokusområdet hører ikke til strategiperioden {chosen.name}.")
        return cleaned

    def filters(self) -> dict:
        """The keyword filters of governance.dashboard.dashboard_data (the form must be valid)."""
        data = self.cleaned_data
        return {
            "strategy_period": data.get("strategy_period"),
            "focus_area": data.get("focus_area"),
            "kind": data.get("kind") or "",
            "anchoring": data.get("anchoring"),
        }


def cache_key_parts(query) -> list[str]:
    """The filter part of the cache key: the known fields' raw values in a fixed order."""
    return [f"{name}={query.get(name, '')}" for name in FIELDS]
