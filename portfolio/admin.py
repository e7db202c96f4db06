from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from portfolio.models import (
    ExternalIdentity,
    ExternalInitiative,
    ITSystem,
    Milestone,
    OrgUnit,
    Project,
    ProjectPhasePlan,
    ProjectSystem,
    ReportingPeriod,
    ResourceNeed,
    Risk,
    StatusReport,
    UnitCapacity,
    User,
)


class ExternalIdentityInline(admin.TabularInline):
    """Shown, not edited: the identity provider's key is written by the sign-in (portfolio/sso/people.py)."""

    model = ExternalIdentity
    extra = 0
    can_delete = False
    fields = readonly_fields = ("protocol", "issuer", "subject", "first_signed_in", "last_signed_in")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    inlines = [ExternalIdentityInline]
    fieldsets = (*UserAdmin.fieldsets, ("Organisation", {"fields": ("title", "org_unit", "is_manager")}))
    list_display = ("username", "first_name", "last_name", "title", "org_unit", "is_manager", "is_staff")
    list_filter = ("is_manager", "is_staff", "groups")
    list_select_related = ("org_unit",)


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "is_central_it", "archived")
    list_filter = ("kind", "archived")
    search_fields = ("name",)
    list_select_related = ("parent",)


@admin.register(ExternalInitiative)
class ExternalInitiativeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "owner")
    list_filter = ("owner",)
    search_fields = ("name",)


class PhasePlanInline(admin.TabularInline):
    model = ProjectPhasePlan
    extra = 0


@admin.register(Project)
class ProjectAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    list_display = ("number", "name", "kind", "phase", "anchoring", "leader", "archived")
    list_filter = ("kind", "phase", "project_model", "archived", "focus_areas")
    search_fields = ("number", "name", "description")
    list_select_related = ("anchoring", "leader")
    filter_horizontal = ("focus_areas", "deputies", "members")
    autocomplete_fields = ("owner", "leader", "anchoring")
    inlines = [PhasePlanInline]

    def has_delete_permission(self, request, obj=None):
        return False  # Nothing is hard-deleted: archive instead.


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ("meeting_date", "reporting_deadline", "start_date", "cancelled")
    date_hierarchy = "meeting_date"


@admin.register(StatusReport)
class StatusReportAdmin(SimpleHistoryAdmin):
    list_display = ("project", "period", "version", "state", "overall", "submitted_at")
    list_filter = ("state", "overall", "period")
    search_fields = ("project__number", "project__name")
    list_select_related = ("project", "period")
    raw_id_fields = ("project", "period", "supersedes", "author")

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Submitted reports are immutable; a correction is a new version made in the portal.
        return obj is None or not obj.is_submitted


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ("title", "project", "due_date", "completed_on")
    list_select_related = ("project",)
    raw_id_fields = ("project",)


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ("title", "project", "probability", "consequence", "status")
    list_select_related = ("project",)
    raw_id_fields = ("project", "owner")


@admin.register(ResourceNeed)
class ResourceNeedAdmin(SimpleHistoryAdmin):
    list_display = ("project", "org_unit", "year", "quarter", "hours")
    list_select_related = ("project", "org_unit")
    list_filter = ("year", "quarter", "org_unit")
    raw_id_fields = ("project",)


@admin.register(UnitCapacity)
class UnitCapacityAdmin(SimpleHistoryAdmin):
    list_display = ("org_unit", "year", "quarter", "hours")
    list_select_related = ("org_unit",)
    list_filter = ("year", "org_unit")


class ProjectSystemInline(admin.TabularInline):
    model = ProjectSystem
    extra = 0
    raw_id_fields = ("project",)


@admin.register(ITSystem)
class ITSystemAdmin(SimpleHistoryAdmin):
    list_display = ("name", "vendor", "lifecycle", "criticality", "on_common_infrastructure", "contract_end")
    list_filter = ("lifecycle", "criticality", "on_common_infrastructure")
    search_fields = ("name", "vendor")
    raw_id_fields = ("system_owner", "system_responsible")
    inlines = [ProjectSystemInline]
