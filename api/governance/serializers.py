"""What governance's resources show: the fields the pages show, flat for a table, ids for joining."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.refs import PersonSerializer, ProjectRefSerializer
from governance.models import AgendaItem, AnnualPlan, Body, Decision, Meeting, Membership
from governance.permissions import can_read_minutes


class BodyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Body
        fields = ["id", "name", "slug"]


class DecisionSerializer(serializers.ModelSerializer):
    """A decision as the decision log and its page show it: date, body, meeting, kind (a gate's phases),
    text, project, agenda item, who recorded it, what it answers and whether an escalation is answered."""

    body = BodyRefSerializer(read_only=True)
    meeting_date = serializers.DateField(source="meeting.date", read_only=True, allow_null=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    # A gate's phases, as the projects' `phase` codes ("" for any other decision): plain strings, so the
    # schema names the phases' choice set once (the projects' PhaseEnum).
    from_phase = serializers.CharField(read_only=True)
    to_phase = serializers.CharField(read_only=True)
    project = ProjectRefSerializer(read_only=True, allow_null=True)
    agenda_item_title = serializers.CharField(source="agenda_item.title", read_only=True, allow_null=True)
    recorded_by = PersonSerializer(read_only=True, allow_null=True)
    awaiting_answer = serializers.SerializerMethodField(
        help_text="En eskalering, som organet over endnu ikke har besvaret."
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "decided_on",
            "body",
            "meeting",
            "meeting_date",
            "kind",
            "kind_label",
            "from_phase",
            "to_phase",
            "text",
            "project",
            "agenda_item",
            "agenda_item_title",
            "requested_in",
            "escalated_from",
            "awaiting_answer",
            "recorded_by",
        ]

    def get_awaiting_answer(self, decision) -> bool:
        return decision.kind == Decision.Kind.ESCALATION and not decision.answered


class SnapshotFocusAreaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()


@extend_schema_field(ProjectRefSerializer(allow_null=True))
class SnapshotProjectField(serializers.Field):
    """The item's project as the approved plan named it (number and name then), or null for an activity."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, item):
        if not item.get("project_id"):
            return None
        return {"id": item["project_id"], "number": item["project_number"], "name": item["project_name"]}


class PlanItemSerializer(serializers.Serializer):
    """One item of the approved snapshot (governance.plans.selectors.plan_snapshot): frozen on approval."""

    id = serializers.IntegerField(source="item_id")
    rank = serializers.IntegerField()
    project = SnapshotProjectField(allow_null=True)
    activity = serializers.CharField()
    phase = serializers.CharField(help_text="Projektets fase, da planen blev godkendt.")
    phase_label = serializers.CharField()
    light = serializers.CharField(help_text="Projektets samlede lys, da planen blev godkendt.")
    light_label = serializers.CharField()
    rationale = serializers.CharField()
    hours = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    focus_areas = SnapshotFocusAreaSerializer(many=True)


class PlanSerializer(serializers.ModelSerializer):
    """An approved version of the indsatsplan as approved: title, frames and items from its snapshot."""

    title = serializers.CharField(source="approved_snapshot.title", read_only=True)
    budget_frame = serializers.DecimalField(
        source="approved_snapshot.budget_frame",
        max_digits=14,
        decimal_places=2,
        read_only=True,
        allow_null=True,
    )
    hours_frame = serializers.IntegerField(
        source="approved_snapshot.hours_frame", read_only=True, allow_null=True
    )
    superseded_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    items = PlanItemSerializer(source="approved_snapshot.items", many=True, read_only=True)

    class Meta:
        model = AnnualPlan
        fields = [
            "id",
            "year",
            "version",
            "title",
            "introduction",
            "budget_frame",
            "hours_frame",
            "approved_at",
            "approval_decision",
            "supersedes",
            "superseded_by",
            "items",
        ]


class MemberSerializer(serializers.ModelSerializer):
    """A member today, as the body page lists them: person (and title), role, for a project's lifetime or
    permanent, from and (when set) until."""

    person = PersonSerializer(source="user", read_only=True)
    title = serializers.CharField(source="user.title", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    project = ProjectRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["id", "person", "title", "role", "role_label", "project", "start_date", "end_date"]


class BodySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    responsibilities = serializers.ListField(
        source="responsibility_list", child=serializers.CharField(), read_only=True
    )
    escalates_to = BodyRefSerializer(read_only=True, allow_null=True)
    members = MemberSerializer(source="current_members", many=True, read_only=True)

    class Meta:
        model = Body
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "kind_label",
            "mandate",
            "responsibilities",
            "composition",
            "meeting_frequency",
            "escalates_to",
            "archived",
            "members",
        ]


class AgendaItemSerializer(serializers.ModelSerializer):
    project = ProjectRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "order", "title", "description", "project", "requested_in"]


class MeetingSerializer(serializers.ModelSerializer):
    body = BodyRefSerializer(read_only=True)
    agenda_items = AgendaItemSerializer(many=True, read_only=True)
    attendees = PersonSerializer(many=True, read_only=True)
    minutes = serializers.SerializerMethodField(
        help_text="Referatet; null for den, der ikke må læse referater."
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "body",
            "date",
            "location",
            "cancelled",
            "reporting_period",
            "agenda_items",
            "attendees",
            "minutes",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_minutes(self, meeting) -> str | None:
        return meeting.minutes if can_read_minutes(self.context["request"].user) else None
