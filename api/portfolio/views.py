"""The portfolio's resources (/api/v1/projects, status-reports, milestones, risks, systems): GET only, the
browser's read rights, paged, JSON or CSV."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from api.pagination import PageNumberPagination
from api.portfolio import selectors
from api.portfolio.filters import (
    ApiProjectFilter,
    ApiSystemFilter,
    MilestoneFilter,
    RiskFilter,
    StatusReportFilter,
)
from api.portfolio.serializers import (
    MilestoneSerializer,
    ProjectSerializer,
    RiskSerializer,
    StatusReportSerializer,
    SystemSerializer,
)
from api.resources import ReadOnlyViewSet
from portfolio.paging import PlannedPagePaginator


@extend_schema_view(
    list=extend_schema(
        summary="Projekter",
        description="Porteføljens projekter (ikke arkiverede) med projektlistens filtre og sortering.",
    ),
    retrieve=extend_schema(summary="Ét projekt"),
)
class ProjectViewSet(ReadOnlyViewSet):
    """The portfolio's projects (archived ones excepted), with the project list's filters and sorting."""

    serializer_class = ProjectSerializer
    filterset_class = ApiProjectFilter

    def get_queryset(self):
        return selectors.projects_for_api(self.request.user)


class NewestPeriodsFirstPaginator(PlannedPagePaginator):
    @staticmethod
    def page_rows(queryset, bottom, top):
        return selectors.newest_periods_first(queryset)[bottom:top]


class StatusReportPagination(PageNumberPagination):
    # Parameters that choose a page, not rows: without any other, the list is every visible report.
    PAGING_PARAMETERS = frozenset({"page", "page_size", "format"})

    def django_paginator_class(self, queryset, page_size):
        """The unfiltered list's count is known without counting every report (it grows with the portfolio,
        ~28 ms at 5,000 projects): selectors.status_reports_count. A filtered list is counted as it is."""
        paginator = NewestPeriodsFirstPaginator(queryset, page_size)
        if set(self.request.query_params) <= self.PAGING_PARAMETERS:
            paginator.count = selectors.status_reports_count(self.request.user)
        return paginator


@extend_schema_view(
    list=extend_schema(
        summary="Statusrapporter",
        description="Alle indsendte versioner med lys pr. dimension; kladder kun for dem, der rapporterer "
        "projektets status.",
    ),
    retrieve=extend_schema(summary="Én statusrapport"),
)
class StatusReportViewSet(ReadOnlyViewSet):
    """Every submitted version of the projects' status reports, lights per dimension; drafts only of the
    projects whose status you report."""

    serializer_class = StatusReportSerializer
    pagination_class = StatusReportPagination
    filterset_class = StatusReportFilter

    def get_queryset(self):
        return selectors.status_reports_for_api(self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="Milepæle",
        description="Projekternes milepæle (ikke arkiverede) med forventet, oprindelig og nået dato, ældste "
        "forventede dato først.",
    ),
    retrieve=extend_schema(summary="Én milepæl"),
)
class MilestoneViewSet(ReadOnlyViewSet):
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter

    def get_queryset(self):
        return selectors.milestones_for_api(self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="Risici",
        description="Projekternes risici, åbne og lukkede, med sandsynlighed, konsekvens, score og zone "
        "som i projektsidens risikomatrix.",
    ),
    retrieve=extend_schema(summary="Én risiko"),
)
class RiskViewSet(ReadOnlyViewSet):
    serializer_class = RiskSerializer
    filterset_class = RiskFilter

    def get_queryset(self):
        return selectors.risks_for_api(self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="It-systemer",
        description="Systemporteføljen (ikke arkiverede systemer) med systemlistens filtre og sortering og "
        "de projekter, der indfører, erstatter eller ændrer hvert system.",
    ),
    retrieve=extend_schema(summary="Ét it-system"),
)
class SystemViewSet(ReadOnlyViewSet):
    serializer_class = SystemSerializer
    filterset_class = ApiSystemFilter

    def get_queryset(self):
        return selectors.systems_for_api(self.request.user)
