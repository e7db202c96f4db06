from django.contrib import admin

from focusareas.models import FocusArea, StrategyPeriod


class FocusAreaInline(admin.StackedInline):
    model = FocusArea
    extra = 0


@admin.register(StrategyPeriod)
class StrategyPeriodAdmin(admin.ModelAdmin):
    list_display = ("name", "start_year", "end_year", "is_current")
    inlines = [FocusAreaInline]


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "period")
    list_filter = ("period",)
    search_fields = ("title",)
