"""FilterSets of governance's pages (django-filter)."""

import django_filters as filters
from django import forms

from focusareas.selectors import current_focus_areas
from portfolio.filters import ALL, SEARCH_MAX_LENGTH, ModelMultipleChoiceFilter, ProjectSearchMixin
from portfolio.models import ACTIVE_PHASES, ExternalInitiative, Project, ProjectKind

NO_INITIATIVE = "ingen"


def _current_focus_areas(request=None):
    return current_focus_areas()


class HandleplanFilter(ProjectSearchMixin, filters.FilterSet):
    """Filters over the ongoing projects (selectors.project_list, which annotates `latest_overall`)."""

    SEARCH_FIELDS = (*ProjectSearchMixin.SEARCH_FIELDS, "national_initiative__name")

    q = filters.CharFilter(
        label="Søg",
        method="filter_search",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "class": "form-input", "autocomplete": "off"}),
    )
    kind = filters.ChoiceFilter(
        label="Projekttype",
        choices=ProjectKind.choices,
        empty_label=ALL,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    owner = filters.ChoiceFilter(
        label="Initiativets ejer",
        choices=[*ExternalInitiative.Owner.choices, (NO_INITIATIVE, "Intet nationalt initiativ")],
        empty_label=ALL,
        method="filter_owner",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    phase = filters.ChoiceFilter(
        label="Fase",
        choices=[(phase.value, phase.label) for phase in ACTIVE_PHASES],
        empty_label=ALL,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    focus_area = ModelMultipleChoiceFilter(
        label="Fokusområde",
        queryset=_current_focus_areas,
        method="filter_focus_area",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )

    class Meta:
        model = Project
        fields = ["q", "kind", "owner", "phase", "focus_area"]

    def filter_owner(self, queryset, name, value):
        if value == NO_INITIATIVE:
            return queryset.filter(national_initiative__isnull=True)
        return queryset.filter(national_initiative__owner=value)

    def chosen_areas(self):
        """The focus areas picked in the filter (empty: all), once the form is valid."""
        if not self.is_valid():
            return []
        return list(self.form.cleaned_data.get("focus_area") or [])
