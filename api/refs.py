"""The small nested objects every resource uses for what it points at: a person, an org unit, a project.
Ids for joining in BI, a name for reading."""

from rest_framework import serializers

from portfolio.models import OrgUnit, Project, User


class PersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = User
        fields = ["id", "name"]


class OrgUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "name"]


class ProjectRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["id", "number", "name"]
