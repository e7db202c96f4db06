"""What the portfolio's resources show: the fields the pages show, flat for a table, ids for joining."""

from rest_framework import serializers

from api.refs import OrgUnitSerializer, PersonSerializer, ProjectRefSerializer
from focusareas.models import FocusArea
from portfolio.models import ExternalInitiative, Project, StatusReport
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
