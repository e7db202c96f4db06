"""The API's reads of the focus areas: everyone logged in reads them, with the projects she may see."""

from django.db.models import Exists, OuterRef, Prefetch

from focusareas.models import FocusArea
from portfolio.models import Project
from portfolio.models.projects import HistoricalProject_focus_areas  # simple_history makes it beside Project
from portfolio.selectors import projects_visible_to


def focus_areas_for_api(user):
    """Every period's focus areas, the current period's first, each with its visible projects by number:
    one query for the rows, one for their projects."""
    if not user.is_authenticated:
        return FocusArea.objects.none()
    projects = Prefetch(
        "projects", queryset=projects_visible_to(user).order_by("number"), to_attr="visible_projects"
    )
    return (
        FocusArea.objects.select_related("period")
        .prefetch_related(projects)
        .order_by("-period__is_current", "-period__start_year", "number", "pk")
    )


def focus_areas_changed_since(queryset, since):
    """A focus area keeps no history of its own (the periods are loaded by migration); what changes is
    which projects are in it, which each project's history keeps (its focus areas at every change). So:
    the focus areas that a project changed since then is in, or was in before (a project taken out)."""
    changed = Project.history.filter(history_date__gte=since).values("id")
    links = HistoricalProject_focus_areas.objects.filter(focusarea=OuterRef("pk"), project__in=changed)
    return queryset.filter(Exists(links))
