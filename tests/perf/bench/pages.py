"""The pages the benchmark requests: one Page per row of the table.

To add a page, add one Page to PAGES: Page(label, url or callable returning the url[, status][, hook]
[, user]). The callables run inside Django (in the measuring subprocess), so they import lazily: this
module is also read by the parent process, which has no Django.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass

BENCH_USERNAME = "bench"
FLOOR_LABEL = "Gulv: triviel visning (login-redirect)"
DASHBOARD_LABEL = "Overblik"
# The hook changes one project and one benefit before each request, so every measured request renders anew
# after a real change (change_one_project).
DASHBOARD_COLD_LABEL = "Overblik, gengivet på ny"
# For information: every block's lights and benefit totals counted and summed again (recount_everything).
DASHBOARD_RECOUNTED_LABEL = "Overblik, alt talt forfra"
PROJECT_PAGE_LABEL = "Projektside"
FOLLOW_UP_LABEL = "Gevinstopfølgning"


def plan_page():
    """The synthetic indsatsplan (next year's, approved)."""
    from governance.models import AnnualPlan

    plan = AnnualPlan.objects.filter(title__startswith="GEN-").order_by("-year").first()
    if plan is None:
        raise LookupError("the benchmark database has no synthetic indsatsplan")
    return f"/plans/{plan.year}/"


def project_with_full_history():
    """The project page of the project with the most submitted status reports (the longest history)."""
    from django.db.models import Count, Q

    from portfolio.models import Project

    project = (
        Project.objects.not_archived()
        .annotate(reports=Count("status_reports", filter=Q(status_reports__state="submitted")))
        .order_by("-reports", "number")
        .first()
    )
    if project is None:
        raise LookupError("the benchmark database has no projects")
    return project.get_absolute_url()


def programme_group_member():
    """A permanent member of the programme group, appointed once in the benchmark database, for the pages
    only the programme group sees (Datakvalitet)."""
    import datetime

    from django.contrib.auth import get_user_model

    from governance.bodies.services import membership_start
    from governance.models import Body, Membership

    user, _ = get_user_model().objects.get_or_create(
        username=f"{BENCH_USERNAME}-programgruppe",
        defaults={"first_name": "Benchmark", "last_name": "Programgruppe"},
    )
    body = Body.objects.filter(kind=Body.Kind.PROGRAMME_GROUP, archived=False).order_by("pk").first()
    if not Membership.objects.filter(body=body, user=user, project__isnull=True).exists():
        membership_start(actor=None, body=body, user=user, start_date=datetime.date(2000, 1, 1))
    return user


def next_board_meeting():
    """The page of the next Project Board meeting (its missing reports and "Siden sidste møde")."""
    from django.utils import timezone

    from portfolio.models import ReportingPeriod

    period = (
        ReportingPeriod.objects.filter(meeting_date__gte=timezone.localdate(), cancelled=False)
        .order_by("meeting_date")
        .first()
    )
    if period is None:
        raise LookupError("the benchmark database has no coming Project Board meeting")
    return f"/board/{period.pk}/"


def invalidate_dashboard():
    """Bump the dashboard's change count in a transaction of its own (committed on return), so that the
    next GET of / misses the cache and renders the dashboard anew."""
    from django.db import transaction

    from governance.dashboard.cache import dashboard_invalidate

    with transaction.atomic():
        dashboard_invalidate()


_changes = {"step": 1}


def change_one_project():
    """A real change before each request, as a project leader's and a benefit owner's: one active
    project's budget and one financial benefit's target move by 1 kr. (up, and back at the next request),
    each written by an UPDATE as the portal writes it. The dashboard's token moves with them, and its
    figures kept per block of projects are counted and summed again in those two blocks, as after any
    change (portfolio.blocks)."""
    from django.db.models import F

    from benefits.models import Benefit
    from portfolio.models import ACTIVE_PHASES, Project

    if "project" not in _changes:
        project = Project.objects.not_archived().filter(phase__in=ACTIVE_PHASES).order_by("pk").first()
        benefit = Benefit.objects.filter(archived=False, is_financial=True, unit="kr").order_by("-pk").first()
        if project is None or benefit is None:
            raise LookupError("the benchmark database has no active project or financial benefit")
        _changes.update(project=project.pk, benefit=benefit.pk)
    step, _changes["step"] = _changes["step"], -_changes["step"]
    Project.objects.filter(pk=_changes["project"]).update(budget=F("budget") + step)
    Benefit.objects.filter(pk=_changes["benefit"]).update(target=F("target") + step)


def recount_everything():
    """Make every block's kept dashboard figures count as changed (as after an install that found a
    trigger missing), and the dashboard's token move: the next GET of / counts and sums the whole
    portfolio again."""
    from django.db import connection

    from portfolio.blocks.triggers import count_change, registered_kinds

    with connection.cursor() as cursor:
        for kind in registered_kinds():
            cursor.execute(count_change(connection, kind))
    invalidate_dashboard()


@dataclass(frozen=True)
class Page:
    """One row of the table.

    target: the URL, or a callable returning it (run inside Django, once per size).
    status: the expected HTTP status of every request.
    user: a callable returning the user the page is requested as (run once per size; default: the plain
    employee every other page is requested as).
    before_request: called before each request of the page (warm-ups, the counted one and every timed
    one), outside the timing and the query count; e.g. to make every request a cache miss.
    informative: a row for information only, with no goal of its own."""

    label: str
    target: str | Callable[[], str]
    status: int = 200
    before_request: Callable[[], None] | None = None
    user: Callable[[], object] | None = None
    informative: bool = False


ALL_PAGES = [
    Page(DASHBOARD_LABEL, "/"),
    Page(DASHBOARD_COLD_LABEL, "/", before_request=change_one_project),
    Page(DASHBOARD_RECOUNTED_LABEL, "/", before_request=recount_everything, informative=True),
    Page("Projektliste", "/projects/"),
    Page("Projektliste, filtreret", "/projects/?phase=gennemfoerelse&ordering=-name"),
    Page(PROJECT_PAGE_LABEL, project_with_full_history),
    Page("Køreplan", "/roadmap/"),
    Page("Køreplan, filtreret", "/roadmap/?phase=gennemfoerelse&months=24&group=org_unit"),
    Page("Fokusområder", "/focus-areas/"),
    Page("Gevinster", "/benefits/"),
    Page(FOLLOW_UP_LABEL, "/benefits/follow-up/"),
    Page("Systemliste", "/systems/"),
    Page("Styring", "/governance/"),
    Page("Organ med 5 års møder", "/governance/bodies/programgruppe/"),
    Page("Indsatsplan", plan_page),
    Page("Kapacitet", "/capacity/"),
    Page("Kapacitet, med udkastet", "/capacity/?scenario=draft"),
    Page("Datakvalitet", "/data-quality/", user=programme_group_member),
    Page("Project Board-møde", next_board_meeting),
    # Issue 21: the API's two largest lists, first page, through the browser session (the API accepts it).
    # The projects a page of 50 (the API's page_size), full at every size: the default 100 holds only the
    # 50 projects of the smallest portfolio, so its growth would compare half a page with a full one.
    Page("API: projekter", "/api/v1/projects/?page_size=50"),
    Page("API: statusrapporter", "/api/v1/status-reports/"),
    Page(FLOOR_LABEL, "/accounts/login/", 302),
]


def selected_pages(pages, wanted):
    """The rows whose label holds one of the comma-separated words of `wanted` (any case), and the floor,
    which the project page's goal is measured against; all rows when `wanted` is empty."""
    words = [word.strip().casefold() for word in wanted.split(",") if word.strip()]
    if not words:
        return list(pages)
    return [p for p in pages if p.label == FLOOR_LABEL or any(w in p.label.casefold() for w in words)]


# BENCH_PAGES=gevinst,overblik measures only those rows (while working on a page); the measuring
# subprocesses inherit it, so parent and child agree on the rows.
PAGES = selected_pages(ALL_PAGES, os.environ.get("BENCH_PAGES", ""))
