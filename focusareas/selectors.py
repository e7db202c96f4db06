from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from focusareas.models import FocusArea, StrategyPeriod


def periods_with_focus_areas():
    """All strategy periods, newest first, each with its focus areas and their count of active projects.

    Projects are counted by relation name: focusareas does not import portfolio (dependencies point one way).
    """
    # A count per area in a subquery rather than a join grouped by every column of the area (its long
    # texts): the grouping sorted a row per project link.
    active_links = (
        FocusArea.projects.through.objects.filter(
            focusarea=OuterRef("pk"),
            project__archived=False,
            project__phase__in=["ide", "analyse", "gennemfoerelse", "realisering"],
        )
        .order_by()
        .values("focusarea")
        .annotate(count=Count("pk"))
        .values("count")
    )
    areas = FocusArea.objects.annotate(active_project_count=Coalesce(Subquery(active_links), 0)).order_by(
        "number"
    )
    return StrategyPeriod.objects.prefetch_related(Prefetch("focus_areas", queryset=areas)).order_by(
        "-is_current", "-start_year"
    )


def current_focus_areas():
    """The focus areas of the current strategy period, in their numbered order."""
    return FocusArea.objects.filter(period__is_current=True).order_by("number")
