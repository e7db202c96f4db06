"""The focus areas page has no filters; its grouping by strategy period is the API's."""

import django_filters as filters

from focusareas.models import FocusArea, StrategyPeriod
from portfolio.filters import ModelMultipleChoiceFilter


class FocusAreaFilter(filters.FilterSet):
    period = ModelMultipleChoiceFilter(label="Strategiperiode", queryset=StrategyPeriod.objects.all())
    current = filters.BooleanFilter(label="Gældende periode", field_name="period__is_current")

    class Meta:
        model = FocusArea
        fields = ["period", "current"]
