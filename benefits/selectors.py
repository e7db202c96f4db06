"""Reads of many benefits at once, shared by the benefit list, exports, reminders, dashboards and follow-up:
each in a fixed number of queries. The single pages' reads (one benefit, business case or project) are in
detail_selectors.py."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Sum

from benefits import rules_sql
from benefits.models import Benefit, BenefitMeasurement, BusinessCase
from focusareas.models import FocusArea
from portfolio.models import Phase, Project, ProjectKind
from portfolio.paging import page_in_one_query

# Projects on the standard model must have a business case once they are past analyse.
BUSINESS_CASE_REQUIRED_PHASES = (Phase.EXECUTION, Phase.REALISATION, Phase.CLOSED)
# The steering group's follow-up: the large cross-cutting and the joint-municipal (K98) projects.
FOLLOW_UP_KINDS = (ProjectKind.TVAERGAAENDE, ProjectKind.FAELLESKOMMUNAL)


def missing_business_case_q(prefix="") -> Q:
    """Standard-model projects beyond analyse without a business case (`prefix` e.g. "project__")."""
    case = BusinessCase.objects.filter(project=OuterRef(f"{prefix}pk" if prefix else "pk"))
    return Q(
        **{
            f"{prefix}project_model": Project.ProjectModel.STANDARD,
            f"{prefix}phase__in": BUSINESS_CASE_REQUIRED_PHASES,
        }
    ) & ~Q(Exists(case))


def benefits_with_latest(queryset=None):
    """Benefits annotated with their latest and previous measurement (value and date)."""
    queryset = Benefit.objects.all() if queryset is None else queryset
    newest = BenefitMeasurement.objects.filter(benefit=OuterRef("pk")).order_by("-measured_on", "-id")
    return queryset.annotate(
        last_measured_on=Subquery(newest.values("measured_on")[:1]),
        latest_value=Subquery(newest.values("value")[:1]),
        previous_value=Subquery(newest.values("value")[1:2]),
    )


def benefit_list(user):
    """The rows of /benefits/: every benefit of a project in the portfolio, not archived."""
    if not user.is_authenticated:
        return Benefit.objects.none()
    case = BusinessCase.objects.filter(project=OuterRef("project"))
    return (
        benefits_with_latest(Benefit.objects.filter(archived=False, project__archived=False))
        .select_related("project", "owner")
        .annotate(project_has_business_case=Exists(case))
        .prefetch_related(
            Prefetch("project__focus_areas", queryset=FocusArea.objects.select_related("period"))
        )
        .order_by("project__number", "title", "pk")
    )


def trend(benefit, value, previous) -> str | None:
    """ "better", "same" or "worse": the latest value against the one before, towards the target."""
    if value is None or previous is None:
        return None
    now, before = benefit.improvement(value), benefit.improvement(previous)
    if benefit.is_disbenefit:
        now, before = -now, -before  # a dis-benefit that grows is not an improvement for the reader
        return "same" if now == before else ("worse" if now > before else "better")
    return "same" if now == before else ("better" if now > before else "worse")


def decorate(benefit, today: datetime.date):
    """Set the computed attributes a row shows (from the annotations of benefits_with_latest)."""
    benefit.achievement = benefit.achievement_pct(benefit.latest_value)
    benefit.trend = trend(benefit, benefit.latest_value, benefit.previous_value)
    benefit.next_due = benefit.next_measurement_due(benefit.last_measured_on)
    benefit.overdue = benefit.is_overdue(benefit.last_measured_on, today)
    benefit.behind = benefit.is_behind(benefit.latest_value, benefit.last_measured_on)
    benefit.expected_today = benefit.expected_pct(today)
    project = benefit.project
    has_case = getattr(benefit, "project_has_business_case", None)
    benefit.project_missing_business_case = (
        has_case is False
        and project.project_model == Project.ProjectModel.STANDARD
        and project.phase in BUSINESS_CASE_REQUIRED_PHASES
    )
    return benefit


def benefit_rows(queryset, *, today: datetime.date, overdue=False, behind=False) -> list:
    """Materialise and decorate the rows, then apply the filters that depend on today and the plan."""
    rows = [decorate(benefit, today) for benefit in queryset]
    if overdue:
        rows = [row for row in rows if row.overdue]
    if behind:
        rows = [row for row in rows if row.behind]
    return rows


class _PlanRow:
    """Just the fields the plan's rules read, with Benefit's own methods: overdue and behind for every
    filtered row without building (and decorating) a model instance per row."""

    __slots__ = (
        "pk",
        "archived",
        "baseline",
        "target",
        "baseline_date",
        "due_date",
        "measurement_interval_months",
        "latest_value",
        "last_measured_on",
    )
    FIELDS = __slots__

    def __init__(self, values):
        for name, value in zip(self.FIELDS, values, strict=True):
            setattr(self, name, value)

    measurement_anchor = Benefit.measurement_anchor
    is_overdue = Benefit.is_overdue
    achievement_pct = Benefit.achievement_pct
    expected_pct = Benefit.expected_pct
    is_behind = Benefit.is_behind


def plan_filtered_ids(queryset, *, today: datetime.date, overdue=False, behind=False) -> list:
    """The ids of the rows of `queryset` (benefits_with_latest's, in its order) that are overdue and/or
    behind by Benefit's own rules, from one light query of the plan's fields (no model instances)."""
    plans = (_PlanRow(values) for values in queryset.prefetch_related(None).values_list(*_PlanRow.FIELDS))
    return [
        plan.pk
        for plan in plans
        if (not overdue or plan.is_overdue(plan.last_measured_on, today))
        and (not behind or plan.is_behind(plan.latest_value, plan.last_measured_on))
    ]


@dataclass
class BenefitPage:
    """One page of the benefit list: the paginator's page with its decorated rows, and `keep`, the ids
    of every row matching the filters when some of them were applied in Python (else None: all of
    the queryset matches)."""

    page: object
    keep: set | None = None


def benefit_page(queryset, *, today: datetime.date, page_number, per_page, overdue=False, behind=False):
    """The page `page_number` of the rows of `queryset` (in its order), decorated: only the page's rows
    are materialised as model instances. Two queries.

    Without the overdue/behind filters the page is paginated in SQL (a count, then the page's rows).
    With them, which depend on today and the plan, the plan's fields of every row are read (one light
    query) and filtered by Benefit's rules, then the page's rows are read by id."""
    queryset = queryset.prefetch_related(None)  # the list does not show the projects' focus areas
    if not (overdue or behind):
        page = Paginator(queryset, per_page).get_page(page_number)
        page.object_list = [decorate(benefit, today) for benefit in page.object_list]
        return BenefitPage(page)
    ids = plan_filtered_ids(queryset, today=today, overdue=overdue, behind=behind)
    page = Paginator(ids, per_page).get_page(page_number)
    page_ids = list(page.object_list)
    page.object_list = (
        [decorate(benefit, today) for benefit in queryset.filter(pk__in=page_ids)] if page_ids else []
    )
    return BenefitPage(page, keep=set(ids))


def projects_missing_business_case(user):
    """Standard-model projects beyond analyse without a business case, for the lists' warning."""
    if not user.is_authenticated:
        return Project.objects.none()
    return (
        Project.objects.not_archived()
        .filter(missing_business_case_q())
        .select_related("leader")
        # What the lists' warning shows: number, name, phase and leader (User.__str__).
        .only("pk", "number", "name", "phase", "leader__first_name", "leader__last_name", "leader__username")
        .order_by("number")
    )


# The follow-up's projects a page, and the overdue measurements it lists (the count covers them all).
FOLLOW_UP_PROJECTS_PER_PAGE = 20
FOLLOW_UP_OVERDUE_SHOWN = 50
FOLLOW_UP_PROJECT_FIELDS = (
    *("pk", "number", "name", "kind", "phase", "project_model"),
    *("leader__first_name", "leader__last_name", "leader__username"),  # User.__str__
)


@dataclass
class FollowUp:
    """Gevinstopfølgning: one page of projects (each with benefit_rows, planned, realised,
    missing_business_case), the totals of every project, and the first overdue measurements."""

    page: object
    planned: Decimal
    realised: Decimal
    overdue: list  # the first FOLLOW_UP_OVERDUE_SHOWN, decorated, in project and title order
    overdue_count: int


def follow_up(user, today: datetime.date, page_number=None) -> FollowUp:
    """The steering group's follow-up: cross-cutting and K98 projects, each with its benefits, planned
    vs realised to date (financial kr.), and its overdue measurements. Four queries: the page's projects
    (with the count of all), the measurement intervals in use, the totals and the count of overdue
    measurements summed in SQL (rules_sql), and the page's and the shown overdue benefits as rows."""
    selected = Project.objects.not_archived().filter(kind__in=FOLLOW_UP_KINDS)
    projects = (
        selected.select_related("leader")
        .annotate(has_business_case=Exists(BusinessCase.objects.filter(project=OuterRef("pk"))))
        # What a project's heading shows: the count of all sorts every row, so carry only these.
        .only(*FOLLOW_UP_PROJECT_FIELDS)
        .order_by("number")
    )
    page = page_in_one_query(projects, page_number, FOLLOW_UP_PROJECTS_PER_PAGE)
    benefits = Benefit.objects.filter(archived=False, project__in=selected.values("pk")).order_by()
    intervals = benefits.values_list("measurement_interval_months", flat=True).distinct()
    overdue = rules_sql.overdue_q(today, intervals)
    sums = rules_sql.with_latest(benefits).aggregate(
        planned=Sum(rules_sql.PLANNED_AMOUNT, filter=rules_sql.COUNTS_FINANCIALLY),
        realised=Sum(rules_sql.LATEST_IMPROVEMENT, filter=rules_sql.COUNTS_FINANCIALLY),
        overdue=Count("pk", filter=overdue),
    )
    # The first overdue ones in project number and title order, chosen by the database with the rows.
    shown = (
        rules_sql.with_latest(benefits)
        .filter(overdue)
        .order_by("project__number", "title", "pk")
        .values("pk")
    )
    page_ids = [project.pk for project in page.object_list]
    rows = (
        benefits_with_latest(
            Benefit.objects.filter(Q(project__in=page_ids) | Q(pk__in=shown[:FOLLOW_UP_OVERDUE_SHOWN]))
        )
        .filter(archived=False)
        .select_related("owner", "project")
        .order_by("project__number", "title", "pk")
        if page_ids or sums["overdue"]
        else []
    )
    by_project: dict = {}
    overdue_rows = []
    for benefit in rows:
        benefit.project_has_business_case = True  # flagged on the project row instead
        decorate(benefit, today)
        if benefit.project_id in page_ids:
            by_project.setdefault(benefit.project_id, []).append(benefit)
        if benefit.overdue and len(overdue_rows) < FOLLOW_UP_OVERDUE_SHOWN:
            overdue_rows.append(benefit)
    for project in page.object_list:
        project.benefit_rows = by_project.get(project.pk, [])
        kr = [b for b in project.benefit_rows if b.counts_financially]
        project.planned = sum((b.planned_amount for b in kr), Decimal(0))
        project.realised = sum((b.improvement(b.latest_value) or Decimal(0) for b in kr), Decimal(0))
        project.overdue_rows = [b for b in project.benefit_rows if b.overdue]
        project.missing_business_case = (
            not project.has_business_case
            and project.project_model == Project.ProjectModel.STANDARD
            and project.phase in BUSINESS_CASE_REQUIRED_PHASES
        )
    return FollowUp(
        page=page,
        planned=sums["planned"] or Decimal(0),
        realised=sums["realised"] or Decimal(0),
        overdue=overdue_rows,
        overdue_count=sums["overdue"],
    )


# ----------------------------------------------------------------------------------------- Mine gevinster

# A measurement counts as due when the plan asks for it within this many days (or it is already late).
DUE_SOON_DAYS = 30
# How many of the most urgent rows the start page's part shows.
MY_BENEFIT_PART_ROWS = 5


def _urgency(benefit) -> tuple:
    """Overdue first (the longest overdue first), then due soon, then the rest by the next due date; a
    closed follow-up last."""
    rank = 0 if benefit.overdue else 1 if benefit.due_soon else 2 if benefit.next_due else 3
    return (rank, benefit.next_due or benefit.due_date, benefit.project.number, benefit.title, benefit.pk)


def my_benefits(user, today: datetime.date) -> list:
    """The benefits `user` owns (not archived, of a project not archived), decorated, most urgent first.
    `due_soon`: the next measurement falls within DUE_SOON_DAYS and is not yet late. One query."""
    if not user.is_authenticated:
        return []
    case = BusinessCase.objects.filter(project=OuterRef("project"))
    queryset = (
        benefits_with_latest(Benefit.objects.filter(owner=user, archived=False, project__archived=False))
        .select_related("project")
        .annotate(project_has_business_case=Exists(case))
    )
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    rows = []
    for benefit in queryset:
        decorate(benefit, today)
        benefit.due_soon = not benefit.overdue and benefit.next_due is not None and benefit.next_due <= soon
        rows.append(benefit)
    return sorted(rows, key=_urgency)


@dataclass
class MyBenefitWork:
    """What a benefit owner has to do: counts and the few most urgent rows (overdue, then due soon)."""

    total: int  # benefits owned
    overdue: int
    due_soon: int
    urgent: list  # at most MY_BENEFIT_PART_ROWS decorated benefits, overdue or due soon
    due_soon_days: int = DUE_SOON_DAYS

    @property
    def to_measure(self) -> int:
        return self.overdue + self.due_soon


def my_benefit_work(user, today: datetime.date) -> MyBenefitWork:
    """The start page's part of Mine gevinster (templates/benefits/_my_benefits_part.html). One query."""
    rows = my_benefits(user, today)
    urgent = [row for row in rows if row.overdue or row.due_soon]
    return MyBenefitWork(
        total=len(rows),
        overdue=sum(1 for row in rows if row.overdue),
        due_soon=sum(1 for row in rows if row.due_soon),
        urgent=urgent[:MY_BENEFIT_PART_ROWS],
    )
