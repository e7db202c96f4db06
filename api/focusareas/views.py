"""/api/v1/focus-areas: the strategy periods' focus areas and the projects in each; GET only, JSON or CSV."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from api.focusareas import selectors
from api.focusareas.filters import FocusAreaFilter
from api.focusareas.serializers import FocusAreaSerializer
from api.resources import ReadOnlyViewSet


@extend_schema_view(
    list=extend_schema(
        summary="Fokusområder",
        description="Strategiperiodernes fokusområder, den gældende periodes først, med de projekter, der "
        "ligger i hvert. changed_since: de fokusområder, hvis projekter er ændret siden.",
    ),
    retrieve=extend_schema(summary="Ét fokusområde"),
)
class FocusAreaViewSet(ReadOnlyViewSet):
    serializer_class = FocusAreaSerializer
    filterset_class = FocusAreaFilter

    def get_queryset(self):
        return selectors.focus_areas_for_api(self.request.user)

    def changed_since(self, queryset, since):
        return selectors.focus_areas_changed_since(queryset, since)
