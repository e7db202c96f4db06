from django.contrib import admin
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from benefits.models import Benefit, BenefitMeasurement, BusinessCase, BusinessCaseLine


class BusinessCaseLineInline(admin.TabularInline):
    model = BusinessCaseLine
    extra = 0


@admin.register(BusinessCase)
class BusinessCaseAdmin(SimpleHistoryAdmin):
    list_display = ("project", "updated_at")
    raw_id_fields = ("project",)
    inlines = [BusinessCaseLineInline]


class MeasurementInline(admin.TabularInline):
    model = BenefitMeasurement
    extra = 0
    raw_id_fields = ("recorded_by",)


@admin.register(Benefit)
class BenefitAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    list_display = ("title", "project", "type", "is_financial", "owner", "due_date", "archived")
    list_filter = ("type", "is_financial", "archived")
    search_fields = ("title", "project__name")
    list_select_related = ("project", "owner")
    raw_id_fields = ("project", "owner")
    inlines = [MeasurementInline]

    def has_delete_permission(self, request, obj=None):
        return False
