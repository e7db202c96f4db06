"""The capacity page's filters: the project list's (portfolio.filters.ProjectFilter) focus area, kind,
phase, anchoring, leader and search, over the active projects whose hours make the demand."""

import django_filters as filters

from portfolio.filters import ProjectFilter, select_filter
from portfolio.models import ACTIVE_PHASES

FILTER_FIELDS = ("q", "focus_area", "kind", "phase", "anchoring", "leader")


class CapacityFilter(ProjectFilter):
    """ProjectFilter without what the demand has no use for (light, status, sorting, period, active)."""

    strategy_period = None
    active = None
    light = None
    missing_status = None
    ordering = None
    phase = select_filter(
        filters.ChoiceFilter,
        label="Fase",
        choices=[(phase.value, phase.label) for phase in ACTIVE_PHASES],
    )

    class Meta(ProjectFilter.Meta):
        fields = list(FILTER_FIELDS)

    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.form.cleaned_data.get(name) for name in FILTER_FIELDS)
