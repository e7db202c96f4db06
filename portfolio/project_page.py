"""The project page's reads: the project and each of its sections in one query, compiled once
(portfolio.prepared.PreparedInstances). For a project's few rows the ORM's building and compiling of a
section's query cost several times the query (0.5-1.5 ms a section, a dozen sections on every view); the
querysets below stay the definitions, and the instances are the ORM's own."""

from django.db.models import Count
from django.http import Http404

from portfolio.addresses import Addresses
from portfolio.forms import MAX_ID
from portfolio.history import entries_of_records, newest_records, prefetch_snapshots
from portfolio.models import START_CHECKLIST_FIELDS, Project, ProjectPhasePlan
from portfolio.page_lists import project_focus_areas, project_people
from portfolio.prepared import PreparedInstances
from portfolio.selectors import (
    in_phase_order,
    project_status_history,
    risk_matrix,
    with_trends,
)

# The project with what its page reads from its own row's relations; among those every logged-in
# employee reads (selectors.projects_visible_to).
_PROJECT = PreparedInstances(
    lambda project: (
        Project.objects.not_archived()
        .select_related("anchoring", "leader", "owner", "national_initiative", "closing_report")
        .filter(pk=project)
    ),
    "project",
)
# Unordered: the page puts them in the phases' order in Python (in_phase_order).
_PHASE_PLANS = PreparedInstances(
    lambda project: ProjectPhasePlan.objects.filter(project=project).order_by(), "project"
)


def project_for_page(user, pk) -> Project:
    """The project `user` reads on its page, or 404; its phase plans as if prefetched (the roadmap row and
    the closing checks read project.phase_plans.all())."""
    # An id past the database's integers matches nothing (the ORM says so too; the driver would raise).
    if user.is_authenticated and int(pk) <= MAX_ID:
        found = _PROJECT.objects(project=int(pk))
        if found:
            project = found[0]
            plans = project.phase_plans.get_queryset()
            plans._result_cache, plans._prefetch_done = _PHASE_PLANS.objects(project=project.pk), True
            project._prefetched_objects_cache = {"phase_plans": plans}
            return project
    raise Http404("No Project matches the given query.")


def _section(relation, build):
    """A section of the project's rows through the relation named `relation`: `build` refines the related
    manager's queryset; each row's project is the page's own (as the related manager sets it)."""
    query = PreparedInstances(lambda project: build(getattr(Project(pk=project), relation)), "project")
    project_field = Project._meta.get_field(relation).field.name

    def read(project):
        return query.objects(project=project.pk, known={project_field: project})

    return read


_risks = _section("risks", lambda risks: risks.select_related("owner"))
# As the prefetch named it, for the systems section (portfolio/_project_systems.html).
_system_links = _section(
    "system_links",
    lambda links: links.filter(system__archived=False).select_related("system").order_by("system__name"),
)
_status_reports = _section(
    "status_reports", lambda reports: project_status_history(reports.instance, limit=13)
)
_milestones = _section(
    "milestones", lambda milestones: milestones.filter(archived=False).select_related("owner")
)
# Owned by benefits and governance: followed by relation name, never imported (see DESIGN.md).
_benefits = _section("benefits", lambda benefits: benefits.filter(archived=False).select_related("owner"))
_decisions = _section(
    "decisions",
    lambda decisions: decisions.select_related(
        "body__escalates_to", "meeting", "escalated_from__body"
    ).annotate(answer_count=Count("escalations")),
)
# The project's gate and change requests to its bodies (governance's), with where each stands.
_requests = _section(
    "requests",
    lambda requests: requests.select_related("body", "agenda_item__meeting", "decision", "requested_by"),
)


def _with_links(rows, viewname, *args):
    """`rows`, each with its address as `page_url`, reversed once for the list (portfolio.addresses)."""
    url_of = Addresses(viewname, len(args) + 1)
    for row in rows:
        row.page_url = url_of(*args, row.pk)
    return rows


# The project's change history (django-simple-history's records of it), as history_entries reads them.
_HISTORY = PreparedInstances(lambda project: newest_records(Project(pk=project).history.all()), "project")


# Looked up once: each read of Project.history builds a manager class (simple_history), ~0.2 ms.
_HISTORICAL_PROJECT = Project.history.model


def _history(project):
    records = prefetch_snapshots(_HISTORICAL_PROJECT, _HISTORY.objects(project=project.pk))
    return entries_of_records(_HISTORICAL_PROJECT, records)


def project_page(project):
    """Everything the project page shows, each section in one query."""
    risks = _risks(project)
    deputies, members = project_people(project)
    project.active_system_links = _system_links(project)
    return {
        "project": project,
        "phase_plans": in_phase_order(project.phase_plans.all()),
        "focus_areas": project_focus_areas(project),
        "deputies": deputies,
        "members": members,
        "status_reports": _with_links(
            with_trends(_status_reports(project))[:12], "portfolio:status-detail", project.pk
        ),
        "milestones": _milestones(project),
        "risks": risks,
        "risk_matrix": risk_matrix(risks),
        "benefits": _with_links(_benefits(project), "benefits:detail"),
        "decisions": _decisions(project),
        "requests": _requests(project),
        "history": _history(project),
        "checklist": [
            (Project._meta.get_field(name).verbose_name.capitalize(), getattr(project, name))
            for name in START_CHECKLIST_FIELDS
        ],
    }
