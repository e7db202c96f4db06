"""The steering group's dashboard (/): where the programme stands before each meeting.

It answers, without lists to scroll: how many active projects per focus area and phase, which are red
or turning worse, which have not reported for the coming Project Board, whether the benefits come,
where the money goes, and what awaits the steering group's decision.

Exactness: every count is of the projects that its link's project-list URL returns. A link is the
dashboard's base filters (active, strategy period, and the chosen kind, anchoring and focus area, all
filters of /projects/) plus the cell's own (light, phase, focus area, missing status).

Speed: the figures are read in a fixed number of queries whatever the portfolio's size, and the
rendered dashboard is cached (governance/dashboard/cache.py).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from benefits.selectors import benefits_with_latest
from benefits.totals import list_totals
from focusareas.models import FocusArea, StrategyPeriod
from governance.bodies.selectors import steering_group

# Other rooms cache figures read from what the dashboard shows the same way (the board's report counts).
from governance.dashboard.cache import cached_value  # noqa: F401
from governance.decisions.selectors import awaiting_decision
from portfolio.models import ACTIVE_PHASES, Light, Project, ReportingPeriod, StatusReport
from portfolio.selectors import (
    DEFAULT_WATCH_MONTHS,
    contract_watch,
    current_period,
    latest_submitted_reports,
    light_trend,
    with_focus_area,
)

HEATMAP_PERIODS = 8
HEATMAP_ROWS = 25
WATCH_ROWS = 10  # the page stays the same size however many systems the portfolio has
# The heatmap's order, worst first: red, yellow, not reported, green; within a light, turning worse first.
WORST_FIRST = {Light.RED: 0, Light.YELLOW: 1, Light.NOT_REPORTED: 2, Light.GREEN: 3}
TREND_FIRST = {"worse": 0, None: 1, "same": 2, "better": 3}
LIGHT_ORDER = (Light.RED, Light.YELLOW, Light.GREEN, Light.NOT_REPORTED)


@dataclass
class Cell:
    count: int
    url: str


@dataclass
class HeatmapRow:
    project: dict  # pk, number, name, phase, latest_overall
    cells: list  # one light value (or None: no report) per heatmap period, oldest first
    trend: str | None

    @property
    def latest(self) -> str:
        return self.project["latest_overall"] or Light.NOT_REPORTED


@dataclass
class DashboardData:
    strategy_period: StrategyPeriod | None
    areas: list  # the focus areas shown as matrix rows
    period: ReportingPeriod | None  # the coming Project Board
    active: Cell
    by_light: list  # [(light value, label, Cell)] for the active projects
    missing: Cell | None  # active projects without a submitted report for `period`
    turning_worse: int
    light_matrix: list  # [(area, [Cell per LIGHT_ORDER], total Cell)]
    phase_matrix: list  # [(area, [Cell per ACTIVE_PHASES], total Cell)]
    phase_totals: list  # [Cell per ACTIVE_PHASES]
    heatmap_periods: list
    heatmap: list  # HeatmapRow, worst first, at most HEATMAP_ROWS
    heatmap_all_url: str
    awaiting: object  # governance.decisions.selectors.Awaiting of the steering group, or None
    benefits: object  # benefits.totals.Totals
    benefit_year: int
    benefit_planned_this_year: Decimal
    benefit_realised_this_year: Decimal
    budget_total: Decimal
    spent_total: Decimal
    forecast_total: Decimal
    budget_by_area: list  # [(area, budget, spent)]
    watch_systems: list = field(default_factory=list)  # the first WATCH_ROWS, soonest first
    watch_total: int = 0
    watch_months: int = DEFAULT_WATCH_MONTHS

    @property
    def light_totals(self) -> list:
        cells = {value: cell for value, _label, cell in self.by_light}
        return [cells[value] for value in LIGHT_ORDER]


def _list_url(params: list[tuple[str, str]]) -> str:
    return reverse("portfolio:project-list") + ("?" + urlencode(params) if params else "")


def base_params(*, strategy_period, kind="", anchoring=None, focus_area=None) -> list[tuple[str, str]]:
    """The project-list filters that select the dashboard's active projects."""
    params = [("active", "on")]
    if strategy_period is not None:
        params.append(("strategy_period", str(strategy_period.pk)))
    if kind:
        params.append(("kind", kind))
    if anchoring is not None:
        params.append(("anchoring", str(anchoring.pk)))
    if focus_area is not None:
        params.append(("focus_area", str(focus_area.pk)))
    return params


def filtered_projects(*, strategy_period, kind="", anchoring=None, focus_area=None):
    """Projects (not archived, any phase) matching the dashboard's filters, as the project list reads
    them: "in the period" is having at least one of its focus areas."""
    projects = Project.objects.not_archived()
    if strategy_period is not None:
        projects = with_focus_area(projects, focusarea__period=strategy_period)
    if kind:
        projects = projects.filter(kind=kind)
    if anchoring is not None:
        projects = projects.filter(anchoring=anchoring)
    if focus_area is not None:
        projects = with_focus_area(projects, focusarea=focus_area)
    return projects


def dashboard_data(*, today: datetime.date, strategy_period=None, kind="", anchoring=None, focus_area=None):
    """Everything the dashboard shows, for the filters given (None/"" = all). A fixed number of queries."""
    if strategy_period is None:
        strategy_period = StrategyPeriod.objects.current().first()
    filters = {
        "strategy_period": strategy_period,
        "kind": kind,
        "anchoring": anchoring,
        "focus_area": focus_area,
    }
    base = base_params(**filters)
    projects = filtered_projects(**filters)
    latest = latest_submitted_reports().filter(project=OuterRef("pk"))

    # 1. The active projects with their latest light and money: one query.
    active_rows = list(
        projects.filter(phase__in=ACTIVE_PHASES)
        .annotate(
            latest_overall=Subquery(latest.values("overall")[:1]),
            latest_spent=Subquery(latest.values("budget_spent")[:1]),
            latest_forecast=Subquery(latest.values("budget_forecast")[:1]),
        )
        .order_by("number")
        .values(
            "pk", "number", "name", "phase", "budget", "latest_overall", "latest_spent", "latest_forecast"
        )
    )
    for row in active_rows:
        row["latest_overall"] = row["latest_overall"] or Light.NOT_REPORTED
    active_ids = [row["pk"] for row in active_rows]
    # The same projects as a subquery: a long list of ids would be a long statement to parse.
    active_subquery = projects.filter(phase__in=ACTIVE_PHASES).values("pk")

    # 2. The focus areas shown, and which of them each active project is in: two queries.
    areas = (
        list(FocusArea.objects.filter(period=strategy_period).order_by("number")) if strategy_period else []
    )
    if focus_area is not None:
        areas = [area for area in areas if area.pk == focus_area.pk] or [focus_area]
    area_ids = {area.pk for area in areas}
    project_areas: dict[int, set[int]] = {}
    if active_ids and area_ids:
        links = Project.focus_areas.through.objects.filter(
            project__in=active_subquery, focusarea__in=area_ids
        ).values_list("project_id", "focusarea_id")
        for project_id, area_id in links:
            project_areas.setdefault(project_id, set()).add(area_id)

    def count_cell(rows, extra) -> Cell:
        return Cell(len(rows), _list_url(base + extra))

    by_light_rows = {value: [r for r in active_rows if r["latest_overall"] == value] for value in LIGHT_ORDER}
    by_light = [
        (value, Light(value).label, count_cell(by_light_rows[value], [("light", value)]))
        for value in LIGHT_ORDER
    ]

    light_matrix, phase_matrix = [], []
    for area in areas:
        in_area = [r for r in active_rows if area.pk in project_areas.get(r["pk"], ())]
        area_param = [] if focus_area is not None else [("focus_area", str(area.pk))]
        light_cells = [
            count_cell([r for r in in_area if r["latest_overall"] == value], [*area_param, ("light", value)])
            for value in LIGHT_ORDER
        ]
        phase_cells = [
            count_cell([r for r in in_area if r["phase"] == phase], [*area_param, ("phase", phase)])
            for phase in ACTIVE_PHASES
        ]
        total = count_cell(in_area, area_param)
        light_matrix.append((area, light_cells, total))
        phase_matrix.append((area, phase_cells, total))
    phase_totals = [
        count_cell([r for r in active_rows if r["phase"] == phase], [("phase", phase)])
        for phase in ACTIVE_PHASES
    ]

    # 3. The coming Project Board and who has not reported for it: two queries.
    period = current_period(today)
    missing = None
    if period is not None:
        reported = (
            set(
                StatusReport.objects.filter(
                    period=period, state=StatusReport.State.SUBMITTED, project__in=active_subquery
                ).values_list("project_id", flat=True)
            )
            if active_ids
            else set()
        )
        missing = count_cell([r for r in active_rows if r["pk"] not in reported], [("missing_status", "on")])

    # 4. The heatmap: the last HEATMAP_PERIODS periods up to the coming one, newest version per cell.
    heatmap_periods = list(
        ReportingPeriod.objects.filter(
            cancelled=False, meeting_date__lte=(period.meeting_date if period else today)
        ).order_by("-meeting_date")[:HEATMAP_PERIODS]
    )[::-1]
    column = {p.pk: i for i, p in enumerate(heatmap_periods)}
    lights: dict[int, list] = {pk: [None] * len(heatmap_periods) for pk in active_ids}
    if active_ids and heatmap_periods:
        reports = (
            StatusReport.objects.filter(
                period__in=heatmap_periods, state=StatusReport.State.SUBMITTED, project__in=active_subquery
            )
            .order_by("version")
            .values_list("project_id", "period_id", "overall")
        )
        for project_id, period_id, overall in reports:
            lights[project_id][column[period_id]] = overall  # later versions overwrite earlier ones
    rows = []
    for row in active_rows:
        reported_cells = [value for value in lights[row["pk"]] if value]
        trend = light_trend(reported_cells[-1], reported_cells[-2]) if len(reported_cells) >= 2 else None
        rows.append(HeatmapRow(project=row, cells=lights[row["pk"]], trend=trend))
    rows.sort(key=lambda r: (WORST_FIRST[r.latest], TREND_FIRST[r.trend], r.project["number"]))

    # 5. What awaits the steering group: escalations to it, gate and change requests to it, the plan
    # submitted for approval and the ideas asking for funding. Five queries.
    steering = steering_group()
    awaiting = awaiting_decision([steering], with_meetings=False)[0] if steering is not None else None

    # 6. Benefits of the filtered projects (any phase: benefits come after the project), two queries.
    benefit_qs = benefits_with_latest().filter(archived=False, project__in=projects)
    totals = list_totals(benefit_qs, areas)
    this_year = next(((p, r) for y, p, r in totals.by_year if y == today.year), (Decimal(0), Decimal(0)))

    # 7. Budget and spent (the latest report's figure) of the active projects, per focus area.
    def money(value):
        return Decimal(value or 0)

    budget_by_area = []
    for area in areas:
        in_area = [r for r in active_rows if area.pk in project_areas.get(r["pk"], ())]
        budget_by_area.append(
            (
                area,
                sum((money(r["budget"]) for r in in_area), Decimal(0)),
                sum((money(r["latest_spent"]) for r in in_area), Decimal(0)),
            )
        )

    watched = contract_watch(today)
    return DashboardData(
        strategy_period=strategy_period,
        areas=areas,
        period=period,
        active=count_cell(active_rows, []),
        by_light=by_light,
        missing=missing,
        turning_worse=sum(1 for r in rows if r.trend == "worse"),
        light_matrix=light_matrix,
        phase_matrix=phase_matrix,
        phase_totals=phase_totals,
        heatmap_periods=heatmap_periods,
        heatmap=rows[:HEATMAP_ROWS],
        heatmap_all_url=_list_url(base + [("ordering", "light")]),
        awaiting=awaiting,
        benefits=totals,
        benefit_year=today.year,
        benefit_planned_this_year=this_year[0],
        benefit_realised_this_year=this_year[1],
        budget_total=sum((money(r["budget"]) for r in active_rows), Decimal(0)),
        spent_total=sum((money(r["latest_spent"]) for r in active_rows), Decimal(0)),
        forecast_total=sum((money(r["latest_forecast"]) for r in active_rows), Decimal(0)),
        budget_by_area=budget_by_area,
        watch_systems=watched[:WATCH_ROWS],
        watch_total=len(watched),
    )
