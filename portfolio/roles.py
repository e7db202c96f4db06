"""The user's part in the projects and benefits, for the menu and the start page: one query per request."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from portfolio.models import ACTIVE_PHASES, Project, User
from portfolio.prepared import PreparedQuery


@dataclass(frozen=True)
class PortalRoles:
    leads_active: bool  # leader or deputy of an active, not archived project (has status reports to write)
    in_project: bool  # leader, deputy or project group member of a project not archived ("Mine projekter")
    owns_benefits: bool  # owner of a benefit not archived ("Mine gevinster")


NO_ROLES = PortalRoles(leads_active=False, in_project=False, owns_benefits=False)


def _has(**lookup):
    """Exists: the user row (OuterRef "pk") has a related row matching `lookup`, followed by the reverse
    relation's name (so portfolio reads the benefits' owners without importing benefits)."""
    return Exists(User.objects.filter(pk=OuterRef("pk"), **lookup))


def _in_project(**project_lookup):
    """Exists: a project matching `project_lookup` that the user (OuterRef "pk") leads or deputises on.
    Two subqueries, each an index lookup: one with the OR over a join to the deputies read every project
    (it grew with the portfolio on every page with the menu)."""
    projects = Project.objects.filter(**project_lookup)
    return Exists(projects.filter(leader=OuterRef("pk"))) | Exists(projects.filter(deputies=OuterRef("pk")))


def _roles_of(user):
    return (
        User.objects.filter(pk=user)
        .annotate(
            leads_active=_in_project(archived=False, phase__in=ACTIVE_PHASES),
            leads=_in_project(archived=False),
            member=_has(member_projects__archived=False),
            owns_benefits=_has(owned_benefits__archived=False),
        )
        .values_list("leads_active", "leads", "member", "owns_benefits")[:1]
    )


# Asked on every page with the menu: compiled once (building it cost ~40 times running it).
_ROLES_QUERY = PreparedQuery(_roles_of, "user")


def portal_roles(request) -> PortalRoles:
    """The request's user's roles, read once (one query) and kept on the request: the menu and the start
    page ask the same."""
    cached = getattr(request, "_portal_roles", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return NO_ROLES
    rows = _ROLES_QUERY.rows(user=user.pk)
    roles = NO_ROLES
    if rows:
        leads_active, leads, member, owns_benefits = rows[0]
        roles = PortalRoles(
            leads_active=bool(leads_active),
            in_project=bool(leads or member),
            owns_benefits=bool(owns_benefits),
        )
    request._portal_roles = roles
    return roles
