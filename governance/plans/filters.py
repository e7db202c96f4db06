"""FilterSets of governance's pages (django-filter)."""

import django_filters as filters

from focusareas.selectors import current_focus_areas
from portfolio.filters import ProjectSearchMixin, focus_area_filter, search_filter, select_filter
from portfolio.models import ACTIVE_PHASES, ExternalInitiative, Project, ProjectKind

NO_INITIATIVE = "ingen"


def _current_focus_areas(request=None):
    return current_focus_areas()


class HandleplanFilter(ProjectSearchMixin, filters.FilterSet):
    """Filters over the ongoing projects (selectors.project_list, which annotates `latest_overall`)."""

    SEARCH_FIELDS = (*ProjectSearchMixin.SEARCH_FIELDS, "national_initiative__name")

    q = search_filter()
    kind = select_filter(filters.ChoiceFilter, label="Projekttype", choices=ProjectKind.choices)
    owner = select_filter(
        filters.ChoiceFilter,
        label="Initiativets ejer",
        choices=[*ExternalInitiative.Owner.choices, (NO_INITIATIVE, "Intet nationalt initiativ")],
        method="filter_owner",
    )
    phase = select_filter(
        filters.ChoiceFilter,
        label="Fase",
        choices=[(phase.value, phase.label) for phase in ACTIVE_PHASES],
    )
    focus_area = focus_area_filter(_current_focus_areas)

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
