"""Governance's resources (/api/v1/decisions, plans, bodies, meetings): GET only, the browser's read rights
(anyone signed in reads the bodies, their meetings and decisions, and the plans), paged, JSON or CSV."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from api.governance import selectors
from api.governance.filters import BodyFilter, DecisionFilter, MeetingFilter, PlanFilter
from api.governance.serializers import BodySerializer, DecisionSerializer, MeetingSerializer, PlanSerializer
from api.resources import ReadOnlyViewSet
from governance.models import AgendaItem, Membership


@extend_schema_view(
    list=extend_schema(
        summary="Beslutninger",
        description="Organernes beslutninger med beslutningslogens filtre: organ, type, projekt, datoer og "
        "søgning i teksten og projektets navn og nummer.",
    ),
    retrieve=extend_schema(summary="Én beslutning"),
)
class DecisionViewSet(ReadOnlyViewSet):
    """The bodies' decisions, with the decision log's filters."""

    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter

    def get_queryset(self):
        return selectors.decisions_for_api(self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="Indsatsplaner",
        description="De godkendte versioner af den årlige indsatsplan, som de blev godkendt: punkterne med "
        "prioritet, projekt eller aktivitet, fase og lys på godkendelsesdagen, begrundelse, timer, beløb og "
        "fokusområder. Kladder og senere ændringer er ikke med.",
    ),
    retrieve=extend_schema(summary="Én godkendt indsatsplan"),
)
class PlanViewSet(ReadOnlyViewSet):
    """The approved versions of the indsatsplan, as approved."""

    serializer_class = PlanSerializer
    filterset_class = PlanFilter

    def get_queryset(self):
        return selectors.plans_for_api(self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="Organer",
        description="Styringens organer (ikke arkiverede) med mandat, ansvar, hvem de eskalerer til og deres "
        "medlemmer i dag med rolle. `changed_since` tæller også ændrede medlemskaber med.",
    ),
    retrieve=extend_schema(summary="Ét organ (også et arkiveret)"),
)
class BodyViewSet(ReadOnlyViewSet):
    """The governance bodies with their members today."""

    serializer_class = BodySerializer
    filterset_class = BodyFilter
    changed_with = [(Membership, "body_id")]

    def get_queryset(self):
        # The list is the bodies page's; an archived body is still found by its id, as by its address.
        return selectors.bodies_for_api(self.request.user, archived=self.action != "list")


@extend_schema_view(
    list=extend_schema(
        summary="Møder",
        description="Organernes møder med dato, sted, aflysning, dagsorden og fremmøde; referatet for dem, "
        "der må læse det. `changed_since` tæller også ændrede dagsordenspunkter med.",
    ),
    retrieve=extend_schema(summary="Ét møde"),
)
class MeetingViewSet(ReadOnlyViewSet):
    """The bodies' meetings with agenda and attendance; the minutes for those who may read them."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    changed_with = [(AgendaItem, "meeting_id")]

    def get_queryset(self):
        return selectors.meetings_for_api(self.request.user)
