from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance.models import (
    AgendaItem,
    AnnualPlan,
    AnnualPlanItem,
    BoardCalendar,
    BoardReport,
    Body,
    Decision,
    Idea,
    Meeting,
    Membership,
    SecurityReview,
    StatusReminder,
)


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False  # Nothing is hard-deleted: end, archive or supersede instead.


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user", "project")


@admin.register(Body)
class BodyAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("name", "kind", "escalates_to", "archived")
    list_filter = ("kind",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("user", "body", "role", "start_date", "end_date")
    list_filter = ("body", "role")
    list_select_related = ("user", "body")
    raw_id_fields = ("user", "project")


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    raw_id_fields = ("project",)


@admin.register(Meeting)
class MeetingAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("body", "date", "cancelled")
    list_filter = ("body",)
    date_hierarchy = "date"
    inlines = [AgendaItemInline]
    filter_horizontal = ("attendees",)


@admin.register(Decision)
class DecisionAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("decided_on", "body", "kind", "project")
    list_filter = ("body", "kind")
    search_fields = ("text",)
    list_select_related = ("body", "project")
    raw_id_fields = ("meeting", "agenda_item", "project", "requested_in", "escalated_from", "recorded_by")


@admin.register(BoardReport)
class BoardReportAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("period", "status", "progress", "finished_at")
    list_filter = ("status",)


class AnnualPlanItemInline(admin.TabularInline):
    model = AnnualPlanItem
    extra = 0
    raw_id_fields = ("project",)


@admin.register(AnnualPlan)
class AnnualPlanAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("year", "version", "status", "approved_at")
    list_filter = ("status",)
    inlines = [AnnualPlanItemInline]


@admin.register(Idea)
class IdeaAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("title", "proposer", "status", "funded_amount")
    list_filter = ("status",)
    raw_id_fields = ("proposer", "project", "funding_decision")


@admin.register(SecurityReview)
class SecurityReviewAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("year", "kind", "due_date", "completed_on")


@admin.register(BoardCalendar)
class BoardCalendarAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("first_meeting_date", "interval_days", "deadline_working_days", "horizon_weeks")


@admin.register(StatusReminder)
class StatusReminderAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ("period", "project", "recipient", "sent_at")
    list_select_related = ("period", "project", "recipient")
