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

from django.db.models import Case, F, Func, IntegerField, Q, Subquery, When, Window
from django.db.models.functions import Least, Rank
from django.urls import reverse

from benefits.block_totals import period_totals
from benefits.selectors import benefits_with_latest
from benefits.totals import list_totals
from focusareas.models import FocusArea, StrategyPeriod
from governance.bodies.selectors import steering_group

# Other rooms cache figures read from what the dashboard shows the same way (the board's report counts).
from governance.dashboard.cache import cached_value  # noqa: F401
from governance.dashboard.kept_lights import kept_active_figures
from governance.dashboard.lights import active_figures
from governance.decisions.selectors import awaiting_decision
from portfolio.models import (
    ACTIVE_PHASES,
    ITSystem,
    Light,
    Project,
    ReportingPeriod,
    StatusReport,
    add_months,
)
from portfolio.selectors import (
    DEFAULT_WATCH_MONTHS,
    contract_watch,
    contract_watch_queryset,
    current_period,
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


def heatmap_periods_up_to(period, today: datetime.date) -> list:
    """The heatmap's periods, oldest first: the last HEATMAP_PERIODS held (not cancelled) up to `period`
    (the coming Project Board), or up to `today` without one. One query."""
    return list(
        ReportingPeriod.objects.filter(
            cancelled=False, meeting_date__lte=(period.meeting_date if period else today)
        ).order_by("-meeting_date")[:HEATMAP_PERIODS]
    )[::-1]


def dashboard_data(*, today: datetime.date, strategy_period=None, kind="", anchoring=None, focus_area=None):
    """Everything the dashboard shows, for the filters given (None/"" = all). A fixed number of queries,
    and the figures are counted and summed in the database: no query returns a row per project."""
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
    active = projects.filter(phase__in=ACTIVE_PHASES)

    # The focus areas shown (one query) and the coming Project Board with the heatmap's periods (two).
    areas = (
        list(FocusArea.objects.filter(period=strategy_period).order_by("number")) if strategy_period else []
    )
    if focus_area is not None:
        areas = [area for area in areas if area.pk == focus_area.pk] or [focus_area]
    period = current_period(today)
    heatmap_periods = heatmap_periods_up_to(period, today)

    # 1. The active projects counted and summed in the database, all and per focus area shown, with the
    # heatmap's worst rows: one query, a few dozen rows (governance/dashboard/lights.py). A strategy
    # period's without other filters: from the figures kept per block of projects, counted again only
    # where projects or their reports have changed (kept_lights.py).
    unfiltered = strategy_period is not None and not kind and anchoring is None and focus_area is None
    figures = {
        "period": period,
        "heatmap_periods": heatmap_periods,
        "area_ids": [area.pk for area in areas],
        "worst_first": WORST_FIRST,
        "trend_first": TREND_FIRST,
        "rows": HEATMAP_ROWS,
    }
    if unfiltered:
        groups, top = kept_active_figures(active, strategy_period=strategy_period, **figures)
    else:
        groups, top = active_figures(active, **figures)
    every = [group for group in groups if group.area is None]

    def count_cell(groups_counted, extra, **match) -> Cell:
        count = sum(
            group.count
            for group in groups_counted
            if all(getattr(group, key) == value for key, value in match.items())
        )
        return Cell(count, _list_url(base + extra))

    by_light = [
        (value, Light(value).label, count_cell(every, [("light", value)], light=value))
        for value in LIGHT_ORDER
    ]
    light_matrix, phase_matrix, budget_by_area = [], [], []
    for area in areas:
        in_area = [group for group in groups if group.area == area.pk]
        area_param = [] if focus_area is not None else [("focus_area", str(area.pk))]
        light_cells = [
            count_cell(in_area, [*area_param, ("light", value)], light=value) for value in LIGHT_ORDER
        ]
        phase_cells = [
            count_cell(in_area, [*area_param, ("phase", phase)], phase=phase) for phase in ACTIVE_PHASES
        ]
        total = count_cell(in_area, area_param)
        light_matrix.append((area, light_cells, total))
        phase_matrix.append((area, phase_cells, total))
        budget_by_area.append((area, _sum(in_area, "budget"), _sum(in_area, "spent")))
    phase_totals = [count_cell(every, [("phase", phase)], phase=phase) for phase in ACTIVE_PHASES]

    # 2. Who has not reported for the coming Project Board: counted with the rest.
    missing = count_cell(every, [("missing_status", "on")], reported=False) if period is not None else None

    # 3. The heatmap's rows: their lights in its periods, one query.
    heatmap = _heatmap(top, heatmap_periods)

    # 5. What awaits the steering group: escalations to it, gate and change requests to it, the plan
    # submitted for approval and the ideas asking for funding. Five queries.
    steering = steering_group()
    awaiting = awaiting_decision([steering], with_meetings=False)[0] if steering is not None else None

    # 6. Benefits of the filtered projects (any phase: benefits come after the project). A strategy
    # period's without other filters: from the totals kept per block of projects, summed again only where
    # the rows have changed (three queries, four more per change); else summed here (four).
    if unfiltered:
        totals = period_totals(strategy_period, areas)
    else:
        totals = list_totals(benefits_with_latest().filter(archived=False, project__in=projects), areas)
    this_year = next(((p, r) for y, p, r in totals.by_year if y == today.year), (Decimal(0), Decimal(0)))

    watched, watch_total = _contract_watch(today)
    return DashboardData(
        strategy_period=strategy_period,
        areas=areas,
        period=period,
        active=count_cell(every, []),
        by_light=by_light,
        missing=missing,
        turning_worse=sum(group.count for group in every if group.trend == "worse"),
        light_matrix=light_matrix,
        phase_matrix=phase_matrix,
        phase_totals=phase_totals,
        heatmap_periods=heatmap_periods,
        heatmap=heatmap,
        heatmap_all_url=_list_url(base + [("ordering", "light")]),
        awaiting=awaiting,
        benefits=totals,
        benefit_year=today.year,
        benefit_planned_this_year=this_year[0],
        benefit_realised_this_year=this_year[1],
        budget_total=_sum(every, "budget"),
        spent_total=_sum(every, "spent"),
        forecast_total=_sum(every, "forecast"),
        budget_by_area=budget_by_area,
        watch_systems=watched,
        watch_total=watch_total,
    )


def _contract_watch(today) -> tuple[list, int]:
    """The first WATCH_ROWS systems of contract_watch(today) and how many it has in all, in one query that
    reads only the systems whose first date is among the first WATCH_ROWS (ties included: contract_watch
    orders those exactly, by their names too). The systems are ranked, and counted, by their dates alone
    in subqueries: only the few chosen are joined to their owners."""
    horizon = add_months(today, DEFAULT_WATCH_MONTHS)
    notice = Q(notice_deadline__gte=today, notice_deadline__lte=horizon)
    end = Q(contract_end__gte=today, contract_end__lte=horizon)
    first_date = Case(
        When(notice & end, then=Least("notice_deadline", "contract_end")),
        When(notice, then=F("notice_deadline")),
        default=F("contract_end"),
    )
    systems = contract_watch_queryset(ITSystem.objects.filter(archived=False), today, DEFAULT_WATCH_MONTHS)
    ranked = systems.annotate(watch_rank=Window(Rank(), order_by=first_date.asc()))
    total = systems.order_by().values(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
    firsts = ITSystem.objects.filter(pk__in=ranked.filter(watch_rank__lte=WATCH_ROWS).values("pk"))
    watched = contract_watch(today, queryset=firsts.annotate(watch_total=Subquery(total)))
    return watched[:WATCH_ROWS], watched[0].watch_total if watched else 0


def _sum(groups, name) -> Decimal:
    return sum((getattr(group, name) for group in groups), Decimal(0))


def _heatmap(top, heatmap_periods) -> list:
    """HeatmapRows of the worst projects `top` (lights.active_figures), with their newest submitted light
    in each of `heatmap_periods`. One query."""
    column = {p.pk: i for i, p in enumerate(heatmap_periods)}
    lights: dict[int, list] = {row["pk"]: [None] * len(heatmap_periods) for row in top}
    if top and heatmap_periods:
        reports = (
            StatusReport.objects.filter(
                period__in=heatmap_periods, state=StatusReport.State.SUBMITTED, project__in=list(lights)
            )
            .order_by("version")
            .values_list("project_id", "period_id", "overall")
        )
        for project_id, period_id, overall in reports:
            lights[project_id][column[period_id]] = overall  # later versions overwrite earlier ones
    return [HeatmapRow(project=row, cells=lights[row["pk"]], trend=row.pop("trend")) for row in top]
