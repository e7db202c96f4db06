"""The active projects' figures for the dashboard, counted and summed in the database in one statement
whatever the size of the portfolio: the counts and money by phase, latest light, report for the coming
meeting and trend; the same per focus area; and the heatmap's worst rows.

Each project's latest submitted report is the one portfolio.selectors.latest_submitted_reports() puts
first (the newest period, then the newest version in it), found in index lookups rather than by sorting
all of the project's reports: the periods newest first until one holds a submitted report of the project
(statusreport_project_latest answers each step), then that period's newest version. The heatmap's trend
compares the project's two newest reported periods among the heatmap's, as light_trend() does.

The per-project part is Django's query; it is read once, as a materialised common table expression that
the grouping and the ordering share (PostgreSQL and SQLite alike), so no expression is evaluated twice."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import CharField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Cast

from portfolio.models import Light, Project, ReportingPeriod, StatusReport
from portfolio.selectors import LIGHT_RANK, submitted_report_for

SUBMITTED = StatusReport.State.SUBMITTED


def _reported_period(periods, offset: int = 0) -> Subquery:
    """The newest (offset 1: the second newest) of `periods` in which the row's project has a submitted
    report."""
    reported = StatusReport.objects.filter(
        project=OuterRef(OuterRef("pk")), period=OuterRef("pk"), state=SUBMITTED
    )
    newest_first = periods.filter(Exists(reported)).order_by("-meeting_date").values("pk")
    return Subquery(newest_first[offset : offset + 1])


def _newest_version(period: str, field: str = "pk") -> Subquery:
    """The id (or `field`) of the newest submitted version of the row's project's report for the period
    that the row's annotation `period` names (None without one)."""
    reports = StatusReport.objects.filter(project=OuterRef("pk"), period=OuterRef(period), state=SUBMITTED)
    return Subquery(reports.order_by("-version").values(field)[:1])


def _per_project(active, *, period, heatmap_periods):
    """One row per active project: its latest report (id), the overall light of its reports in its two
    newest reported heatmap periods, and whether it has reported for `period`. The lights are read from
    the index statusreport_project_latest, which holds them, not from the reports' rows."""
    rows = active.annotate(latest_period=_reported_period(ReportingPeriod.objects.all()))
    if heatmap_periods:
        # The heatmap's periods are the newest uncancelled ones up to a date: a range of meeting dates.
        shown = ReportingPeriod.objects.filter(
            cancelled=False,
            meeting_date__gte=heatmap_periods[0].meeting_date,
            meeting_date__lte=heatmap_periods[-1].meeting_date,
        )
        rows = rows.annotate(heat_now=_reported_period(shown), heat_before=_reported_period(shown, 1))
        rows = rows.annotate(
            now_light=_newest_version("heat_now", "overall"),
            before_light=_newest_version("heat_before", "overall"),
        )
    else:
        none = Cast(Value(None), CharField())  # typed: PostgreSQL compares it with lights
        rows = rows.annotate(now_light=none, before_light=none)
    return (
        rows.annotate(
            latest_id=_newest_version("latest_period"),
            reported=submitted_report_for(period) if period is not None else Value(False),
        )
        .values(
            *("pk", "number", "name", "phase", "budget"), "latest_id", "now_light", "before_light", "reported"
        )
        .order_by()
    )


@dataclass
class Group:
    """Active projects alike in phase, latest light, report for the coming meeting and trend (`area`:
    those of one focus area; None: all, each counted once)."""

    area: int | None
    phase: str
    light: str
    reported: bool
    trend: str | None
    count: int
    budget: Decimal
    spent: Decimal
    forecast: Decimal


def _rank(column: str) -> str:
    whens = " ".join(f"WHEN '{light}' THEN {rank}" for light, rank in LIGHT_RANK.items())
    return f"CASE {column} {whens} END"


def _trend(now: str, before: str) -> str:
    """SQL: light_trend() of two ranks, NULL for none."""
    return (
        f"CASE WHEN {now} IS NULL OR {before} IS NULL THEN NULL WHEN {now} = {before} THEN 'same' "
        f"WHEN {now} > {before} THEN 'better' ELSE 'worse' END"
    )


def _cents(column: str) -> str:
    """A sum of kroner in whole øre: exact on SQLite too, which keeps decimals as floating point."""
    return f"SUM(ROUND({column} * 100))"


def active_figures(
    active, *, period, heatmap_periods, area_ids, worst_first: dict, trend_first: dict, rows: int
):
    """([Group] of all active projects and of each focus area in `area_ids`, the `rows` worst projects as
    dicts: pk, number, name, phase, latest_overall, trend), ordered by `worst_first` of their latest light,
    `trend_first` of their trend, then number. One query."""
    inner, params = _per_project(
        active, period=period, heatmap_periods=heatmap_periods
    ).query.sql_with_params()
    q = connection.ops.quote_name
    report, links = q(StatusReport._meta.db_table), q(Project.focus_areas.through._meta.db_table)
    worst = " ".join(f"WHEN '{value}' THEN {rank}" for value, rank in worst_first.items())
    trend_order = " ".join(f"WHEN '{value}' THEN {rank}" for value, rank in trend_first.items() if value)
    no_trend = trend_first[None]
    area_list = ", ".join(str(int(pk)) for pk in area_ids) or "NULL"
    # p: Django's row per project; v: the same with its reports' light, money and trend (each report read
    # once). Then three parts with the same columns (kind, area, pk, number, name, phase, light, reported,
    # trend, count, budget, spent, forecast); the first names their types for PostgreSQL, and so does the
    # last, whose NULLs a derived table would otherwise make text.
    sql = f"""
        WITH p AS MATERIALIZED ({inner}),
        v AS MATERIALIZED (
            SELECT p.pk, p.number, p.name, p.phase, p.budget, p.reported,
                   COALESCE(r.overall, '{Light.NOT_REPORTED}') AS light, r.budget_spent AS spent,
                   r.budget_forecast AS forecast,
                   {_trend(_rank("p.now_light"), _rank("p.before_light"))} AS trend
            FROM p LEFT JOIN {report} r ON r.id = p.latest_id
        )
        SELECT 'all' AS kind, CAST(NULL AS INTEGER) AS area, CAST(NULL AS INTEGER) AS pk,
               CAST(NULL AS TEXT) AS number, CAST(NULL AS TEXT) AS name, v.phase, v.light, v.reported,
               v.trend, COUNT(*) AS n, {_cents("v.budget")} AS budget, {_cents("v.spent")} AS spent,
               {_cents("v.forecast")} AS forecast
        FROM v GROUP BY v.phase, v.light, v.reported, v.trend
        UNION ALL
        SELECT 'area', l.focusarea_id, NULL, NULL, NULL, v.phase, v.light, NULL, NULL, COUNT(*),
               {_cents("v.budget")}, {_cents("v.spent")}, NULL
        FROM v JOIN {links} l ON l.project_id = v.pk AND l.focusarea_id IN ({area_list})
        GROUP BY l.focusarea_id, v.phase, v.light
        UNION ALL
        SELECT * FROM (
            SELECT 'top', CAST(NULL AS INTEGER), v.pk, v.number, v.name, v.phase, v.light,
                   CAST(NULL AS BOOLEAN), v.trend, CAST(NULL AS BIGINT), CAST(NULL AS NUMERIC),
                   CAST(NULL AS NUMERIC), CAST(NULL AS NUMERIC)
            FROM v
            ORDER BY CASE v.light {worst} END, CASE v.trend {trend_order} ELSE {no_trend} END, v.number
            LIMIT {int(rows)}
        ) top
    """  # noqa: S608  # nosec B608 - our own quoted names and integers; Django's query keeps its params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        result = cursor.fetchall()
    groups, top = [], []
    for kind, area, pk, number, name, phase, light_value, reported, trend_value, count, *money in result:
        if kind == "top":
            top.append(
                {
                    "pk": pk,
                    "number": number,
                    "name": name,
                    "phase": phase,
                    "latest_overall": light_value,
                    "trend": trend_value,
                }
            )
            continue
        budget, spent, forecast = (Decimal(int(cents or 0)).scaleb(-2) for cents in money)
        groups.append(
            Group(area, phase, light_value, bool(reported), trend_value, count, budget, spent, forecast)
        )
    return groups, top
