"""The list filters of governance's resources. The decisions' are the decision log's own: its page's form
(DecisionFilterForm, with its checks of the dates) and its selector (decisions_filtered)."""

import django_filters as filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from governance.common.forms import EARLIEST_YEAR, LATEST_YEAR
from governance.decisions.forms import DecisionFilterForm
from governance.decisions.selectors import decisions_filtered
from governance.models import AnnualPlan, Body, Decision, Meeting
from portfolio.filters import SEARCH_MAX_LENGTH, ModelMultipleChoiceFilter
from portfolio.models import Project


class DecisionFilter(filters.FilterSet):
    """The decision log's filters, by the same names; the filtering itself is the log's selector."""

    q = filters.CharFilter(label="Søg", max_length=SEARCH_MAX_LENGTH)
    body = filters.ModelChoiceFilter(label="Organ", queryset=Body.objects.filter(archived=False))
    kind = filters.ChoiceFilter(label="Type", choices=Decision.Kind.choices)
    project = filters.ModelChoiceFilter(label="Projekt", queryset=Project.objects.all())
    date_from = filters.DateFilter(label="Fra dato")
    date_to = filters.DateFilter(label="Til dato")

    class Meta:
        model = Decision
        fields = ["q", "body", "kind", "project", "date_from", "date_to"]
        # The page's form under the API's fields: its clean() refuses dates out of range and a to-date
        # before the from-date.
        form = DecisionFilterForm

    def filter_queryset(self, queryset):
        return decisions_filtered(queryset, **self.form.cleaned_data)


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(filters.NumberFilter):
    """A whole year in the plans' range (the plan's page takes no other)."""

    field_class = forms.IntegerField


class PlanFilter(filters.FilterSet):
    year = YearFilter(label="År", field_name="year", min_value=EARLIEST_YEAR, max_value=LATEST_YEAR)

    class Meta:
        model = AnnualPlan
        fields = ["year"]


class BodyFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(label="Type", choices=Body.Kind.choices)

    class Meta:
        model = Body
        fields = ["kind"]


class MeetingFilter(filters.FilterSet):
    """A body's meetings (repeatable), between two dates, held or cancelled."""

    body = ModelMultipleChoiceFilter(label="Organ", queryset=Body.objects.all())
    date_from = filters.DateFilter(label="Fra dato", field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(label="Til dato", field_name="date", lookup_expr="lte")
    cancelled = filters.BooleanFilter(label="Aflyst")

    class Meta:
        model = Meeting
        fields = ["body", "date_from", "date_to", "cancelled"]
