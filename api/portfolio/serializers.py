"""What the portfolio's resources show: the fields the pages show, flat for a table, ids for joining."""

from rest_framework import serializers

from api.refs import OrgUnitSerializer, PersonSerializer, ProjectRefSerializer
from focusareas.models import FocusArea
from portfolio.models import (
    ExternalInitiative,
    ITSystem,
    Milestone,
    Project,
    ProjectSystem,
    Risk,
    RiskZone,
    StatusReport,
)
from portfolio.status.services import STATUS_REPORT_CONTENT_FIELDS


class InitiativeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExternalInitiative
        fields = ["id", "name", "owner"]


class FocusAreaRefSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period.name", read_only=True)

    class Meta:
        model = FocusArea
        fields = ["id", "number", "title", "period"]


class LatestLightsSerializer(serializers.Serializer):
    """The lights of the project's latest submitted report (null: never reported)."""

    report_id = serializers.IntegerField(source="latest_report_id", allow_null=True)
    meeting_date = serializers.DateField(source="latest_meeting_date", allow_null=True)
    overall = serializers.CharField(source="latest_overall", allow_null=True)
    schedule = serializers.CharField(source="latest_schedule", allow_null=True)
    economy = serializers.CharField(source="latest_economy", allow_null=True)
    resources = serializers.CharField(source="latest_resources", allow_null=True)
    deliverables = serializers.CharField(source="latest_deliverables", allow_null=True)
    benefits = serializers.CharField(source="latest_benefits", allow_null=True)


class ProjectSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    phase_label = serializers.CharField(source="get_phase_display", read_only=True)
    anchoring = OrgUnitSerializer(read_only=True, allow_null=True)
    leader = PersonSerializer(read_only=True, allow_null=True)
    national_initiative = InitiativeSerializer(read_only=True, allow_null=True)
    focus_areas = FocusAreaRefSerializer(many=True, read_only=True)
    latest_status = LatestLightsSerializer(source="*", read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "number",
            "name",
            "kind",
            "kind_label",
            "phase",
            "phase_label",
            "project_model",
            "focus_areas",
            "anchoring",
            "leader",
            "national_initiative",
            "priority",
            "budget",
            "start_date",
            "end_date",
            "latest_status",
            "updated_at",
        ]


class StatusReportSerializer(serializers.ModelSerializer):
    project = ProjectRefSerializer(read_only=True)
    meeting_date = serializers.DateField(source="period.meeting_date", read_only=True)
    author = PersonSerializer(read_only=True)

    class Meta:
        model = StatusReport
        fields = [
            "id",
            "project",
            "period",
            "meeting_date",
            "version",
            "supersedes",
            "state",
            # The report's content as the status form edits it: the lights with their comments, the texts.
            *STATUS_REPORT_CONTENT_FIELDS,
            "author",
            "submitted_at",
            "updated_at",
        ]


class MilestoneSerializer(serializers.ModelSerializer):
    project = ProjectRefSerializer(read_only=True)
    owner = PersonSerializer(read_only=True, allow_null=True)
    slip_days = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Dage efter den oprindelige dato (null: ingen oprindelig dato).",
    )

    class Meta:
        model = Milestone
        fields = [
            "id",
            "project",
            "title",
            "description",
            "due_date",
            "baseline_date",
            "completed_on",
            "slip_days",
            "owner",
        ]


class RiskSerializer(serializers.ModelSerializer):
    project = ProjectRefSerializer(read_only=True)
    owner = PersonSerializer(read_only=True, allow_null=True)
    # Numbers 1-5 rather than two enums of the same choices (which the schema would have to name twice).
    probability = serializers.IntegerField(min_value=1, max_value=5, read_only=True)
    probability_label = serializers.CharField(source="get_probability_display", read_only=True)
    consequence = serializers.IntegerField(min_value=1, max_value=5, read_only=True)
    consequence_label = serializers.CharField(source="get_consequence_display", read_only=True)
    score = serializers.IntegerField(read_only=True, help_text="Sandsynlighed × konsekvens (1-25).")
    zone = serializers.ChoiceField(choices=RiskZone.choices, read_only=True)
    zone_label = serializers.CharField(source="zone.label", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Risk
        fields = [
            "id",
            "project",
            "title",
            "description",
            "probability",
            "probability_label",
            "consequence",
            "consequence_label",
            "score",
            "zone",
            "zone_label",
            "action",
            "owner",
            "status",
            "status_label",
        ]


class SystemProjectSerializer(serializers.ModelSerializer):
    """A project that uses the system, and how: it introduces, replaces or changes it."""

    id = serializers.IntegerField(source="project.id", read_only=True)
    number = serializers.CharField(source="project.number", read_only=True)
    name = serializers.CharField(source="project.name", read_only=True)
    relation_label = serializers.CharField(source="get_relation_display", read_only=True)

    class Meta:
        model = ProjectSystem
        fields = ["id", "number", "name", "relation", "relation_label"]


class SystemSerializer(serializers.ModelSerializer):
    owner_unit = OrgUnitSerializer(read_only=True, allow_null=True)
    system_owner = PersonSerializer(read_only=True, allow_null=True)
    system_responsible = PersonSerializer(read_only=True, allow_null=True)
    lifecycle_label = serializers.CharField(source="get_lifecycle_display", read_only=True)
    criticality_label = serializers.CharField(source="get_criticality_display", read_only=True)
    kle_numbers = serializers.ListField(child=serializers.CharField(), read_only=True)
    projects = SystemProjectSerializer(source="active_links", many=True, read_only=True)

    class Meta:
        model = ITSystem
        fields = [
            "id",
            "name",
            "description",
            "vendor",
            "owner_unit",
            "system_owner",
            "system_responsible",
            "lifecycle",
            "lifecycle_label",
            "criticality",
            "criticality_label",
            "user_count",
            "hosting",
            "on_common_infrastructure",
            "kle_numbers",
            "contract_end",
            "notice_months",
            "notice_deadline",
            "kitos_uuid",
            "projects",
        ]
