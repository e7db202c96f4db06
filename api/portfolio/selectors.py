"""The API's reads: the browser's selectors, with what a flat export needs joined in."""

import datetime

from django.db.models import OuterRef, Prefetch, Q, Subquery
from guardian.shortcuts import get_objects_for_user

from governance.dashboard.selectors import cached_value
from portfolio import selectors
from portfolio.models import STATUS_DIMENSIONS, Project, ReportingPeriod, StatusReport

REPORT_STATUS = "portfolio.report_status"


def projects_for_api(user):
    """The project list's rows (selectors.project_list, which the list page's filters work on), with the
    latest submitted report's light per dimension: one query for the rows, one for their focus areas. The
    report's id is the project's own column (Project.latest_report)."""
    latest = selectors.latest_submitted_reports().filter(project=OuterRef("pk"))
    lights = {
        f"latest_{dimension}": Subquery(latest.values(dimension)[:1]) for dimension in STATUS_DIMENSIONS
    }
    return selectors.project_list(user).select_related("national_initiative").annotate(**lights)


def status_reports_visible_to(user):
    """Every submitted version of every visible project's reports; drafts only for those who may report the
    project's status (its leader and deputies, by their object permission, or a global permission such as
    the programme group's): a draft is not yet said to anyone."""
    if not user.is_authenticated:
        return StatusReport.objects.none()
    # The visible projects (selectors.projects_visible_to: those not archived) as a condition on the joined
    # project, not an IN over their ids: with an IN, SQLite reads every report project by project and
    # sorts them all for a page (see newest_periods_first).
    visible = StatusReport.objects.filter(project__archived=False)
    if user.has_perm(REPORT_STATUS):
        return visible
    # An IN over the reportable projects, not a correlated EXISTS: the database reads that list once, where
    # PostgreSQL priced an EXISTS per report so high that it compiled the count with its JIT (seconds).
    return visible.filter(Q(state=StatusReport.State.SUBMITTED) | Q(project__in=_reportable(user)))


def _reportable(user):
    """The projects whose status the user reports by an object permission (leader, deputy)."""
    return get_objects_for_user(user, REPORT_STATUS, klass=Project, accept_global_perms=False).values("pk")


def submitted_reports_count() -> int:
    """The submitted reports of the projects not archived: the part of status_reports_visible_to that is
    the same for every reader. Cached under the dashboard's token, which every write to status reports and
    projects replaces in its transaction (governance/dashboard/cache.py; only a draft's write does not, and
    drafts are not counted here), so it is never stale. A miss counts each visible project's reports in the
    (project, state, …) index rather than joining every report to its project (5,000 projects: ~12 ms, not
    ~32)."""

    def count():
        visible = Project.objects.filter(archived=False).values("pk")
        return StatusReport.objects.filter(state=StatusReport.State.SUBMITTED, project__in=visible).count()

    return cached_value(name="api-submitted-reports", key_parts=[], compute=count)


def status_reports_count(user) -> int:
    """How many reports status_reports_visible_to(user) holds, exactly (a report is a draft or submitted),
    without counting every report on each request: the submitted ones cached (submitted_reports_count), the
    drafts the user sees counted live. Those are a few per period: `period__in` every period (a condition
    every report meets) lets SQLite find them by the (period, state, project) index, period by period,
    where it would otherwise scan every report. Two queries on a hit (the token, the drafts), three on a
    miss."""
    if not user.is_authenticated:
        return 0
    archived = Project.objects.filter(archived=True).values("pk")
    drafts = StatusReport.objects.filter(
        state=StatusReport.State.DRAFT, period__in=ReportingPeriod.objects.values("pk")
    ).exclude(project__in=archived)
    if not user.has_perm(REPORT_STATUS):
        drafts = drafts.filter(project__in=_reportable(user))
    return submitted_reports_count() + drafts.count()


def newest_periods_first(reports):
    """`reports` (ordered newest meeting first) with a condition every report meets, a range over all
    meeting dates: it lets SQLite, which keeps no table statistics, read a page's reports period by period
    from the newest and sort only within a period, instead of sorting every report (at 5,000 projects
    ~100 ms -> ~20 ms). PostgreSQL finds that plan by itself. For a page only: a count pays for the join."""
    return reports.filter(period__meeting_date__range=(datetime.date.min, datetime.date.max))


def status_reports_for_api(user):
    return (
        status_reports_visible_to(user)
        .select_related("project", "period", "author")
        .order_by("-period__meeting_date", "project__number", "-version", "pk")
    )


def milestones_for_api(user):
    return selectors.milestones_visible_to(user).select_related("project", "owner").order_by("due_date", "pk")


def risks_for_api(user):
    """Each project's risks, open before closed ("open" > "closed"), the most likely and gravest first."""
    return (
        selectors.risks_visible_to(user)
        .select_related("project", "owner")
        .order_by("project__number", "-status", "-probability", "-consequence", "pk")
    )


def systems_for_api(user):
    """The system list's rows (selectors.system_list, which its filters work on), each with the projects
    that use it: one query for the rows, one for their projects."""
    links = Prefetch("project_links", queryset=selectors.active_project_links(), to_attr="active_links")
    return selectors.system_list(user).prefetch_related(links)
