"""Reads shared by views and reports: already scoped to the user and with the joins they need."""

from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from focusareas.models import FocusArea
from portfolio.history import history_entries
from portfolio.models import (
    PHASE_ORDER,
    ITSystem,
    Milestone,
    Phase,
    Project,
    ProjectSystem,
    ReportingPeriod,
    Risk,
    RiskLevel,
    RiskZone,
    StatusReport,
    add_months,
    risk_zone,
)


def current_period(today=None):
    """The reporting period whose meeting is the next one (or today); None if the calendar is empty."""
    today = today or timezone.localdate()
    return (
        ReportingPeriod.objects.filter(cancelled=False, meeting_date__gte=today)
        .order_by("meeting_date")
        .first()
        or ReportingPeriod.objects.filter(cancelled=False).order_by("-meeting_date").first()
    )


def latest_submitted_reports():
    """Submitted reports newest first: the newest period, then the newest version in it."""
    return StatusReport.objects.filter(state=StatusReport.State.SUBMITTED).order_by(
        "-period__meeting_date", "-version"
    )


def submitted_report_for(period):
    """Whether the project (the row) has a submitted report for `period`: "Mangler status" is its negation,
    in the project list's filter and on the programme group's Datakvalitet."""
    return Exists(
        StatusReport.objects.filter(project=OuterRef("pk"), period=period, state=StatusReport.State.SUBMITTED)
    )


def projects_visible_to(user):
    """Every logged-in employee reads the whole portfolio (an open municipality); archived projects
    are kept but out of the everyday lists."""
    if not user.is_authenticated:
        return Project.objects.none()
    return Project.objects.not_archived()


def with_focus_area(queryset, *, project="pk", **lookup):
    """The rows of `queryset` whose project (the row itself, or the relation `project` names) has a focus
    area matching `lookup`, e.g. focusarea__in=[…] or focusarea__period=…. Exists, not a join: no
    duplicate rows and no DISTINCT."""
    links = Project.focus_areas.through.objects.filter(project=OuterRef(project), **lookup)
    return queryset.filter(Exists(links))


def project_list(user):
    """The rows of the project list: one query, whatever the size of the portfolio."""
    latest = latest_submitted_reports().filter(project=OuterRef("pk"))
    return (
        projects_visible_to(user)
        .select_related("anchoring", "leader")
        .annotate(
            latest_overall=Subquery(latest.values("overall")[:1]),
            latest_meeting_date=Subquery(latest.values("period__meeting_date")[:1]),
        )
        .prefetch_related(Prefetch("focus_areas", queryset=FocusArea.objects.select_related("period")))
        .order_by("number")
    )


# A project's phase plans in the phases' order (Idé … Afsluttet, then Stoppet), whatever their dates: a
# finished phase has no forecast, and ordering by it put Afsluttet first. Sorted in Python: an ORDER BY
# Case of the phases cost the project page about 1 ms to build and compile, several times its query.
_PHASE_PLAN_RANK = {phase: i for i, phase in enumerate([*PHASE_ORDER, Phase.STOPPED])}


def in_phase_order(plans):
    """`plans` in the phases' order, then by pk (an unknown phase last)."""
    return sorted(plans, key=lambda plan: (_PHASE_PLAN_RANK.get(plan.phase, len(_PHASE_PLAN_RANK)), plan.pk))


def project_status_history(project, limit=None):
    # The page shows neither the author nor the report corrected (with_trends reads supersedes_id).
    reports = (
        StatusReport.objects.filter(project=project)
        .select_related("period")
        .order_by("-period__meeting_date", "-version")
    )
    return reports[:limit] if limit else reports


# The overall light against the period before, as arrow and word (the project page, the board report
# and the dashboard say it alike).
TREND_TEXT = {"better": "↑ bedre", "same": "→ uændret", "worse": "↓ dårligere", None: "– ingen"}
# Green is better than yellow is better than red; "not reported" has no place on the scale.
LIGHT_RANK = {"green": 3, "yellow": 2, "red": 1}


def light_trend(now, before):
    """From light `before` to light `now`: "better", "same", "worse", or None if either is unrated."""
    if LIGHT_RANK.get(now) is None or LIGHT_RANK.get(before) is None:
        return None
    if LIGHT_RANK[now] == LIGHT_RANK[before]:
        return "same"
    return "better" if LIGHT_RANK[now] > LIGHT_RANK[before] else "worse"


def with_trends(reports):
    """Mark which newer version in the list corrects each report (`superseded_by_version`, None if
    none), and each report's overall light against the project's report for the period before (its
    newest submitted version): "better", "same", "worse", or None when there is nothing to compare.
    `reports` come newest first."""
    submitted = [r for r in reports if r.is_submitted]
    corrections = {r.supersedes_id: r for r in reports if r.supersedes_id}
    for report in reports:
        report.superseded_by_version = corrections.get(report.pk)
        older = next((r for r in submitted if r.period.meeting_date < report.period.meeting_date), None)
        report.trend = light_trend(report.overall, older.overall if older else None)
    return reports


@dataclass(frozen=True)
class HeatCell:
    """One cell of the risk heat map: its open risks' count and its zone, named so it reads without colour."""

    probability: int
    consequence: int
    count: int

    @property
    def zone(self) -> RiskZone:
        return risk_zone(self.probability, self.consequence)

    @property
    def zone_label(self) -> str:
        return self.zone.label

    @property
    def zone_short(self) -> str:
        """The zone's first word ("Høj"), for the cell; the legend names the zones in full."""
        return self.zone.label.split()[0]

    @property
    def consequence_label(self) -> str:
        return RiskLevel(self.consequence).label


def risk_matrix(risks):
    """The 5×5 risk heat map of the open `risks`: rows by probability (5, "Meget høj", at the top), each
    [(RiskLevel, [HeatCell for consequence 1..5])]. No query: the risks are already loaded."""
    counts = {}
    for risk in risks:
        if risk.status == risk.Status.OPEN:
            key = (risk.probability, risk.consequence)
            counts[key] = counts.get(key, 0) + 1
    return [
        (
            RiskLevel(probability),
            [
                HeatCell(probability, consequence, counts.get((probability, consequence), 0))
                for consequence in RiskLevel.values
            ],
        )
        for probability in reversed(RiskLevel.values)
    ]


def milestones_visible_to(user):
    """The milestones the project pages show: those of the visible projects, archived ones left out."""
    return Milestone.objects.filter(archived=False, project__in=projects_visible_to(user))


def risks_visible_to(user):
    """The risks the project pages show: every risk, open or closed, of the visible projects."""
    return Risk.objects.filter(project__in=projects_visible_to(user))


def my_projects(user, period=None):
    """The projects `user` leads or is deputy for, with what is due before the next Project Board:
    the latest submitted light, whether the report for `period` is submitted or in draft, and the
    open milestones due by the period's meeting (overdue ones included) as `due_milestones`.
    Two queries in all, whatever the number of projects."""
    deputy_links = Project.deputies.through.objects.filter(project=OuterRef("pk"), user=user)
    projects = (
        project_list(user)
        .filter(Q(leader=user) | Exists(deputy_links))
        .annotate(is_leader=ExpressionWrapper(Q(leader=user), output_field=BooleanField()))
        .prefetch_related(None)
    )
    if period is None:
        no_milestones = Prefetch("milestones", queryset=Milestone.objects.none(), to_attr="due_milestones")
        return projects.annotate(report_submitted=Value(False), report_draft=Value(False)).prefetch_related(
            no_milestones
        )
    in_period = StatusReport.objects.filter(project=OuterRef("pk"), period=period)
    due = Milestone.objects.filter(
        archived=False, completed_on__isnull=True, due_date__lte=period.meeting_date
    ).order_by("due_date", "id")
    return projects.annotate(
        report_submitted=Exists(in_period.filter(state=StatusReport.State.SUBMITTED)),
        report_draft=Exists(in_period.filter(state=StatusReport.State.DRAFT)),
    ).prefetch_related(Prefetch("milestones", queryset=due, to_attr="due_milestones"))


# --------------------------------------------------------------------------- the system portfolio

DEFAULT_WATCH_MONTHS = 6


def systems_visible_to(user):
    """Every logged-in employee reads the system portfolio; archived systems are kept but out of the lists."""
    if not user.is_authenticated:
        return ITSystem.objects.none()
    return ITSystem.objects.filter(archived=False)


def system_list(user):
    """The rows of the system list, with their people and unit and the number of linked projects:
    one query, whatever the size of the portfolio. The number is a subquery, not a join and GROUP BY: a
    page then counts the links of its own rows only, and the list's count needs no join."""
    links = (
        ProjectSystem.objects.filter(system=OuterRef("pk"), project__archived=False)
        .order_by()
        .values("system")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        systems_visible_to(user)
        .select_related("owner_unit", "system_owner", "system_responsible")
        .annotate(project_count=Coalesce(Subquery(links), 0))
        .order_by("name", "pk")
    )


def active_project_links():
    """A system's links to the projects that use it, archived projects left out, by project number."""
    return (
        ProjectSystem.objects.filter(project__archived=False)
        .select_related("project", "project__leader")
        .order_by("project__number")
    )


def system_detail_queryset(user):
    return (
        systems_visible_to(user)
        .select_related("owner_unit", "system_owner", "system_responsible")
        .prefetch_related(Prefetch("project_links", queryset=active_project_links(), to_attr="active_links"))
    )


def watch_status(system, today, months, *, horizon_from=None):
    """Mark `system` with what the contract watch says about it for the window today..(horizon_from or
    today)+months: `watch_reasons` (Danish labels, empty when outside the window), `watch_date` (the first
    date that calls for action), `needs_infrastructure_check` (not on the fælleskommunal infrastruktur) and
    `notice_due_today` (the last day to give notice is the calendar's today: flagged wherever it is shown)."""
    horizon = add_months(horizon_from or today, months)
    reasons = []
    dates = []
    if system.notice_deadline is not None and today <= system.notice_deadline <= horizon:
        reasons.append("Frist for opsigelse")
        dates.append(system.notice_deadline)
    if system.contract_end is not None and today <= system.contract_end <= horizon:
        reasons.append("Kontraktudløb")
        dates.append(system.contract_end)
    system.watch_reasons = reasons
    system.watch_date = min(dates) if dates else None
    system.in_watch = bool(reasons)
    system.needs_infrastructure_check = bool(reasons) and not system.on_common_infrastructure
    system.watch_horizon = horizon
    system.notice_due_today = system.notice_deadline == timezone.localdate()
    return system


def contract_watch_queryset(queryset, today, months, *, horizon_from=None):
    """The systems of `queryset` whose contract ends, or whose notice deadline falls, within
    today..(horizon_from or today)+months (both days included)."""
    horizon = add_months(horizon_from or today, months)
    return queryset.filter(
        Q(contract_end__gte=today, contract_end__lte=horizon)
        | Q(notice_deadline__gte=today, notice_deadline__lte=horizon)
    )


def contract_watch(today=None, months=DEFAULT_WATCH_MONTHS, queryset=None, *, horizon_from=None):
    """Systems whose contract ends or whose notice deadline (contract end minus the notice period,
    month-end aware) falls within the next `months` months (counted from `horizon_from` when given: the
    board report counts from its meeting but starts today), soonest first. Each carries its
    `notice_deadline`, `watch_date`, `watch_reasons`, `needs_infrastructure_check` (the programme
    wants the fælleskommunal infrastruktur considered before a contract is extended) and
    `notice_due_today`. One query; for the system page, the dashboard and the board report."""
    today = today or timezone.localdate()
    if queryset is None:
        queryset = ITSystem.objects.filter(archived=False)
    rows = contract_watch_queryset(
        queryset.select_related("owner_unit", "system_owner", "system_responsible"),
        today,
        months,
        horizon_from=horizon_from,
    )
    systems = [watch_status(system, today, months, horizon_from=horizon_from) for system in rows]
    systems.sort(key=lambda system: (system.watch_date, system.name.lower(), system.pk))
    return systems


def system_page(system, *, today=None, months=DEFAULT_WATCH_MONTHS):
    """Everything the system page shows: projects grouped by relation, the watch box, the history."""
    today = today or timezone.localdate()
    links = getattr(system, "active_links", None)
    if links is None:
        links = list(active_project_links().filter(system=system))
    groups = [
        (value, label, [link.project for link in links if link.relation == value])
        for value, label in ProjectSystem.Relation.choices
    ]
    return {
        "system": watch_status(system, today, months),
        "project_groups": groups,
        "has_projects": bool(links),
        "months": months,
        "history": history_entries(system.history.all()),
    }
