"""What the benefit resources show: the fields the benefits pages show, flat for a table, ids for joining.
The follow-up figures (achievement, trend, next measurement, overdue, behind) are the pages' own
(benefits.selectors.decorate); a business case's lines and totals are its page's (benefits.business_case)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.refs import PersonSerializer, ProjectRefSerializer
from benefits.business_case import business_case_summary, summary_lines
from benefits.models import BUSINESS_CASE_YEARS, Benefit, BenefitMeasurement, BusinessCase, BusinessCaseLine
from benefits.selectors import decorate


def percent(**kwargs):
    return serializers.DecimalField(
        max_digits=None, decimal_places=1, allow_null=True, read_only=True, **kwargs
    )


def amount():
    return serializers.DecimalField(max_digits=17, decimal_places=2, read_only=True)


class BenefitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Benefit
        fields = ["id", "title"]


class BenefitSerializer(serializers.ModelSerializer):
    project = ProjectRefSerializer(read_only=True)
    owner = PersonSerializer(read_only=True)
    type_label = serializers.CharField(source="get_type_display", read_only=True)
    unit_text = serializers.CharField(read_only=True, help_text="Enheden, som den skrives efter et tal.")
    latest_value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, read_only=True)
    last_measured_on = serializers.DateField(allow_null=True, read_only=True)
    achievement_pct = percent(source="achievement", help_text="Opnået af målet ved seneste måling (%).")
    trend = serializers.ChoiceField(
        choices=["better", "same", "worse"],
        allow_null=True,
        read_only=True,
        help_text="Seneste måling mod målet i forhold til målingen før.",
    )
    next_measurement_due = serializers.DateField(
        source="next_due", allow_null=True, read_only=True, help_text="Tom, når opfølgningen er afsluttet."
    )
    overdue = serializers.BooleanField(
        read_only=True, help_text="Seneste måling er ældre end måleplanens interval."
    )
    behind = serializers.BooleanField(
        read_only=True, help_text="Seneste måling ligger under en lige linje fra udgangspunkt til mål."
    )
    expected_pct_today = percent(source="expected_today", help_text="Hvor den lige linje står i dag (%).")
    project_missing_business_case = serializers.BooleanField(read_only=True)

    class Meta:
        model = Benefit
        fields = [
            "id",
            "project",
            "title",
            "description",
            "type",
            "type_label",
            "is_financial",
            "is_disbenefit",
            "owner",
            "unit",
            "unit_label",
            "unit_text",
            "baseline",
            "baseline_date",
            "target",
            "due_date",
            "measurement_plan",
            "measurement_interval_months",
            "archived",
            "latest_value",
            "last_measured_on",
            "achievement_pct",
            "trend",
            "next_measurement_due",
            "overdue",
            "behind",
            "expected_pct_today",
            "project_missing_business_case",
        ]

    def to_representation(self, instance):
        # The row's follow-up as the list page decorates it, as of today.
        return super().to_representation(
            decorate(instance, self.context.get("today") or timezone.localdate())
        )


class MeasurementSerializer(serializers.ModelSerializer):
    benefit = BenefitRefSerializer(read_only=True)
    project = ProjectRefSerializer(source="benefit.project", read_only=True)
    unit_text = serializers.CharField(source="benefit.unit_text", read_only=True)
    achievement_pct = percent(help_text="Opnået af målet ved denne måling (%).")
    recorded_by = PersonSerializer(read_only=True)

    class Meta:
        model = BenefitMeasurement
        fields = [
            "id",
            "benefit",
            "project",
            "measured_on",
            "value",
            "unit_text",
            "achievement_pct",
            "comment",
            "recorded_by",
            "created_at",
        ]


class YearsSerializer(serializers.Serializer):
    """An amount in kr. per business case year 0-5 (year 0 is the project's start year)."""

    year_0 = amount()
    year_1 = amount()
    year_2 = amount()
    year_3 = amount()
    year_4 = amount()
    year_5 = amount()


class YearsWithTotalSerializer(YearsSerializer):
    total = amount()


class BusinessCaseLineSerializer(YearsWithTotalSerializer):
    """One non-empty row of the business case (a cost or a saving), its amount per year and in all."""

    name = serializers.CharField(read_only=True)
    category = serializers.ChoiceField(choices=BusinessCaseLine.Category.choices, read_only=True)
    category_label = serializers.CharField(read_only=True)
    row = serializers.ChoiceField(choices=BusinessCaseLine.Row.choices, read_only=True)
    row_label = serializers.CharField(read_only=True)


class BusinessCaseTotalsSerializer(serializers.Serializer):
    """The totals per year as the business case page computes them: net = savings − investment − running
    costs; cumulative is the net summed up to the year."""

    investment = YearsWithTotalSerializer(read_only=True)
    running_cost = YearsWithTotalSerializer(read_only=True)
    savings = YearsWithTotalSerializer(read_only=True)
    net = YearsWithTotalSerializer(read_only=True)
    cumulative = YearsSerializer(read_only=True)


def _years(values, total=None) -> dict:
    years = {f"year_{year}": value for year, value in zip(BUSINESS_CASE_YEARS, values, strict=True)}
    return years if total is None else {**years, "total": total}


class BusinessCaseSerializer(serializers.ModelSerializer):
    project = ProjectRefSerializer(read_only=True)
    lines = serializers.SerializerMethodField()
    # A nested serializer, not a method field: the CSV's columns (totals.net.year_0, …) come from its fields.
    totals = BusinessCaseTotalsSerializer(source="totals_by_year", read_only=True)
    payback_year = serializers.SerializerMethodField()

    class Meta:
        model = BusinessCase
        fields = ["id", "project", "notes", "lines", "totals", "payback_year", "updated_at"]

    def to_representation(self, instance):
        # The summary of the lines prefetched with the row (no query of its own).
        instance.summary = summary = business_case_summary(instance, lines=instance.lines.all())
        instance.totals_by_year = {
            "investment": _years(summary.investment, summary.total_investment),
            "running_cost": _years(summary.running, summary.total_running),
            "savings": _years(summary.savings, summary.total_savings),
            "net": _years(summary.net, summary.total_net),
            "cumulative": _years(summary.cumulative),
        }
        return super().to_representation(instance)

    @extend_schema_field(BusinessCaseLineSerializer(many=True))
    def get_lines(self, case):
        return BusinessCaseLineSerializer(
            [
                {
                    "name": f"{BusinessCaseLine.Category(category).label}: {BusinessCaseLine.Row(row).label}",
                    "category": category,
                    "category_label": BusinessCaseLine.Category(category).label,
                    "row": row,
                    "row_label": BusinessCaseLine.Row(row).label,
                    **_years(values, total),
                }
                for category, row, values, total in summary_lines(case.summary)
            ],
            many=True,
        ).data

    @extend_schema_field(
        serializers.IntegerField(
            allow_null=True, help_text="Første år (0-5), hvor den samlede nettoeffekt er ≥ 0."
        )
    )
    def get_payback_year(self, case):
        return case.summary.payback_year
