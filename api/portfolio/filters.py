"""The list filters of the portfolio's resources: the pages' FilterSets (portfolio/filters.py,
portfolio/systems/filters.py)."""

import copy

import django_filters as filters
from django.db.models import F
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from portfolio.filters import ModelMultipleChoiceFilter, ProjectFilter
from portfolio.models import (
    Milestone,
    Project,
    ReportingPeriod,
    Risk,
    RiskLevel,
    RiskZone,
    StatusReport,
    User,
    risk_zone,
)
from portfolio.systems.filters import SystemFilter


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


class MilestoneFilter(filters.FilterSet):
    """No page lists milestones across projects: the project page's own columns as filters."""

    project = ModelMultipleChoiceFilter(label="Projekt", queryset=Project.objects.all())
    owner = ModelMultipleChoiceFilter(label="Ansvarlig", queryset=User.objects.all())
    due_from = filters.DateFilter(label="Forventet fra", field_name="due_date", lookup_expr="gte")
    due_to = filters.DateFilter(label="Forventet til", field_name="due_date", lookup_expr="lte")
    completed = filters.BooleanFilter(
        label="Nået", field_name="completed_on", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Milestone
        fields = ["project", "owner", "due_from", "due_to", "completed"]


class RiskFilter(filters.FilterSet):
    """The project page's risk table and heat map as filters: status, zone, owner."""

    project = ModelMultipleChoiceFilter(label="Projekt", queryset=Project.objects.all())
    owner = ModelMultipleChoiceFilter(label="Ejer", queryset=User.objects.all())
    status = filters.ChoiceFilter(label="Status", choices=Risk.Status.choices)
    zone = filters.ChoiceFilter(label="Zone", choices=RiskZone.choices, method="filter_zone")

    class Meta:
        model = Risk
        fields = ["project", "owner", "status", "zone"]

    def filter_zone(self, queryset, name, value):
        # The scores risk_zone (the heat map's rule) puts in the zone.
        scores = {p * c for p in RiskLevel.values for c in RiskLevel.values if risk_zone(p, c) == value}
        return queryset.alias(score=F("probability") * F("consequence")).filter(score__in=scores)


class ApiSystemFilter(SystemFilter):
    """The system list's FilterSet as it is (portfolio/systems/filters.py); the schema is told that the
    watch window `months` is a whole number."""


ApiSystemFilter.base_filters["months"] = extend_schema_field(OpenApiTypes.INT)(
    copy.deepcopy(ApiSystemFilter.base_filters["months"])
)
