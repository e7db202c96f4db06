from django.db.models import Count, Prefetch, Q

from focusareas.models import FocusArea, StrategyPeriod


def periods_with_focus_areas():
    """All strategy periods, newest first, each with its focus areas and their count of active projects.

    Projects are counted by relation name: focusareas does not import portfolio (dependencies point one way).
    """
    areas = FocusArea.objects.annotate(
        active_project_count=Count(
            "projects",
            filter=Q(projects__archived=False)
            & Q(projects__phase__in=["ide", "analyse", "gennemfoerelse", "realisering"]),
        )
    ).order_by("number")
    return StrategyPeriod.objects.prefetch_related(Prefetch("focus_areas", queryset=areas)).order_by(
        "-is_current", "-start_year"
    )


def current_focus_areas():
    """The focus areas of the current strategy period, in their numbered order."""
    return FocusArea.objects.filter(period__is_current=True).order_by("number")
