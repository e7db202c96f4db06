"""What /api/v1/focus-areas shows: the focus areas page's content, with the projects in each."""

from rest_framework import serializers

from api.refs import ProjectRefSerializer
from focusareas.models import FocusArea, StrategyPeriod


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = StrategyPeriod
        fields = ["id", "name", "start_year", "end_year", "is_current"]


class FocusAreaSerializer(serializers.ModelSerializer):
    period = PeriodSerializer(read_only=True)
    projects = ProjectRefSerializer(source="visible_projects", many=True, read_only=True)

    class Meta:
        model = FocusArea
        fields = ["id", "period", "number", "title", "description", "kl_quote", "local_ambition", "projects"]
