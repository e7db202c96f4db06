"""Benefit realisation's resources (/api/v1/benefits, /api/v1/measurements, /api/v1/business-cases): GET
only, the benefits pages' read rights, paged, JSON or CSV."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view

from api.benefits import selectors
from api.benefits.filters import ApiBenefitFilter, BusinessCaseFilter, MeasurementFilter
from api.benefits.serializers import BenefitSerializer, BusinessCaseSerializer, MeasurementSerializer
from api.resources import ReadOnlyViewSet
from benefits.models import BenefitMeasurement, BusinessCaseLine


@extend_schema_view(
    list=extend_schema(
        summary="Gevinster",
        description="Gevinstlistens gevinster (ikke arkiverede) med dens filtre: udgangspunkt, mål, "
        "seneste måling, opnået i procent, tendens, næste måling, og om målingen er forsinket eller bagud. "
        "`changed_since` tæller også nye målinger med.",
    ),
    retrieve=extend_schema(summary="Én gevinst", description="Også en arkiveret gevinst, som på dens side."),
)
class BenefitViewSet(ReadOnlyViewSet):
    """The benefit list's benefits (archived ones only one at a time, as their pages show them)."""

    serializer_class = BenefitSerializer
    filterset_class = ApiBenefitFilter
    # A benefit's latest value, achievement and trend change with every measurement recorded.
    changed_with = [(BenefitMeasurement, "benefit_id")]

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.benefit_for_api()
        return selectors.benefits_for_api(self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


@extend_schema_view(
    list=extend_schema(
        summary="Gevinstmålinger",
        description="Alle målinger af gevinsterne, nyeste først: værdi, opnået i procent, kommentar og hvem "
        "der registrerede dem.",
    ),
    retrieve=extend_schema(summary="Én gevinstmåling"),
)
class MeasurementViewSet(ReadOnlyViewSet):
    """Every measurement of the benefits whose pages the user reads."""

    serializer_class = MeasurementSerializer
    filterset_class = MeasurementFilter

    def get_queryset(self):
        return selectors.measurements_for_api(self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="Business cases",
        description="Projekternes business cases med år 0-5: hver post pr. år og i alt, og totalerne pr. år "
        "(investering, løbende omkostninger, besparelser, netto og akkumuleret) som på business case-siden. "
        "`changed_since` tæller også ændrede beløb med.",
    ),
    retrieve=extend_schema(summary="Én business case"),
)
class BusinessCaseViewSet(ReadOnlyViewSet):
    """The projects' business cases with their years 0-5, computed as their pages compute them."""

    serializer_class = BusinessCaseSerializer
    filterset_class = BusinessCaseFilter
    # The totals change with every amount, each a line with its own history.
    changed_with = [(BusinessCaseLine, "business_case_id")]

    def get_queryset(self):
        return selectors.business_cases_for_api(self.request.user)
