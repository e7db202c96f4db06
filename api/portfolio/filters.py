"""The list filters of the portfolio's resources: the pages' FilterSets (portfolio/filters.py)."""

import copy

import django_filters as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from portfolio.filters import ModelMultipleChoiceFilter, ProjectFilter
from portfolio.models import Project, ReportingPeriod, StatusReport


class StatusReportFilter(filters.FilterSet):
    """The status reports' filters: the project(s), the period's meeting dates, the state."""

    project = ModelMultipleChoiceFilter(label="Projekt", queryset=Project.objects.all())
    period = ModelMultipleChoiceFilter(label="Periode", queryset=ReportingPeriod.objects.all())
    meeting_from = filters.DateFilter(label="Møde fra", field_name="period__meeting_date", lookup_expr="gte")
    meeting_to = filters.DateFilter(label="Møde til", field_name="period__meeting_date", lookup_expr="lte")
    state = filters.ChoiceFilter(label="Tilstand", choices=StatusReport.State.choices)

    class Meta:
        model = StatusReport
        fields = ["project", "period", "meeting_from", "meeting_to", "state"]


class ApiProjectFilter(ProjectFilter):
    """The project list's FilterSet as it is; only the schema is told that its two method filters take ids
    (drf-spectacular cannot see it, and says so on every `check --deploy`)."""


for _name in ("focus_area", "strategy_period"):
    ApiProjectFilter.base_filters[_name] = extend_schema_field(OpenApiTypes.INT)(
        copy.deepcopy(ApiProjectFilter.base_filters[_name])
    )
