from django.contrib import admin
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from benefits.models import Benefit, BenefitMeasurement, BenefitReminder, BusinessCase, BusinessCaseLine
from benefits.services import benefit_permissions_sync


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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The owner's right to record measurements follows the owner, also when changed here.
        benefit_permissions_sync(benefit=obj)


@admin.register(BenefitReminder)
class BenefitReminderAdmin(admin.ModelAdmin):
    list_display = ("benefit", "due_on", "recipient", "sent_at")
    list_select_related = ("benefit", "recipient")
    raw_id_fields = ("benefit", "recipient")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
