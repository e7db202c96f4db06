"""The list filters of benefit realisation: the benefit list's FilterSet (benefits/filters.py) and small
ones for the lists no page filters (measurements, business cases)."""

import copy

import django_filters as filters
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from benefits.filters import BenefitFilter
from benefits.models import Benefit, BenefitMeasurement, BusinessCase
from benefits.selectors import plan_filtered_ids
from portfolio.filters import ModelMultipleChoiceFilter
from portfolio.models import Project


class ApiBenefitFilter(BenefitFilter):
    """The benefit list's FilterSet. "Overdue" and "behind" depend on today and the plan: the list page
    applies them to its rows in Python, here they keep the ids the same rule (plan_filtered_ids) selects."""

    def filter_later(self, queryset, name, value):
        if not value:
            return queryset
        ids = plan_filtered_ids(queryset, today=timezone.localdate(), **{name: True})
        return queryset.filter(pk__in=ids)


# The schema is told that the focus area filter (a method filter, which drf-spectacular cannot see) takes ids.
ApiBenefitFilter.base_filters["focus_area"] = extend_schema_field(OpenApiTypes.INT)(
    copy.deepcopy(ApiBenefitFilter.base_filters["focus_area"])
)


class MeasurementFilter(filters.FilterSet):
    benefit = ModelMultipleChoiceFilter(label="Gevinst", queryset=Benefit.objects.all())
    project = ModelMultipleChoiceFilter(
        label="Projekt", field_name="benefit__project", queryset=Project.objects.all()
    )
    measured_from = filters.DateFilter(label="Målt fra", field_name="measured_on", lookup_expr="gte")
    measured_to = filters.DateFilter(label="Målt til", field_name="measured_on", lookup_expr="lte")

    class Meta:
        model = BenefitMeasurement
        fields = ["benefit", "project", "measured_from", "measured_to"]


class BusinessCaseFilter(filters.FilterSet):
    project = ModelMultipleChoiceFilter(label="Projekt", queryset=Project.objects.all())

    class Meta:
        model = BusinessCase
        fields = ["project"]
