"""The project page's short lists of names, read as plain values by queries compiled once
(portfolio.prepared): for a few rows, building and compiling a query of model instances cost the page
several times the query itself."""

from dataclasses import dataclass

from django.db.models import Value

from portfolio.models import Project
from portfolio.prepared import PreparedQuery


def _project_people(*, project):
    """The project's deputies (role 0) and project group (role 1): (role, first name, last name, username),
    each role in the order the users were created."""
    columns = ("role", "user__first_name", "user__last_name", "user__username", "user_id")
    deputies = Project.deputies.through.objects.filter(project=project).annotate(role=Value(0))
    members = Project.members.through.objects.filter(project=project).annotate(role=Value(1))
    people = deputies.values_list(*columns).union(members.values_list(*columns), all=True)
    return people.order_by("role", "user_id")


# On every view of a project's page, compiled once (portfolio.prepared): two queries of users built and
# compiled cost ~0.4 ms for a few names.
_PROJECT_PEOPLE = PreparedQuery(_project_people, "project")


def project_people(project):
    """The names of the project's deputies and of its project group, as User's str() writes them."""
    people = ([], [])
    for role, first_name, last_name, username, _ in _PROJECT_PEOPLE.rows(project=project.pk):
        people[role].append(f"{first_name} {last_name}".strip() or username)
    return people


@dataclass(frozen=True)
class FocusAreaLine:
    """A focus area as the project page names it, with its strategy period's years (shown when the period
    is not the current one)."""

    name: str  # as FocusArea's str(): "3. Title"
    is_current: bool
    start_year: int
    end_year: int


def _project_focus_areas(*, project):
    """The project's focus areas in FocusArea's order (the period's start year, then the number)."""
    return (
        Project.focus_areas.through.objects.filter(project=project)
        .order_by("focusarea__period__start_year", "focusarea__number", "focusarea_id")
        .values_list(
            "focusarea__number",
            "focusarea__title",
            "focusarea__period__is_current",
            "focusarea__period__start_year",
            "focusarea__period__end_year",
        )
    )


_PROJECT_FOCUS_AREAS = PreparedQuery(_project_focus_areas, "project")


def project_focus_areas(project) -> list[FocusAreaLine]:
    return [
        # SQLite gives the boolean as 0 or 1.
        FocusAreaLine(f"{number}. {title}", bool(is_current), start_year, end_year)
        for number, title, is_current, start_year, end_year in _PROJECT_FOCUS_AREAS.rows(project=project.pk)
    ]
