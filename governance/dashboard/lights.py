"""The active projects' figures for the dashboard, counted and summed in the database in one statement
whatever the size of the portfolio: the counts and money by phase, latest light, report for the coming
meeting and trend; the same per focus area; and the heatmap's worst rows.

Each project's latest submitted report is the one portfolio.selectors.latest_submitted_reports() puts
first (the newest period, then the newest version in it), stored on the project's row
(Project.latest_report, kept by portfolio.models.status.mark_latest_reports()): read with the row, not
searched for per project. The heatmap's trend compares the project's two newest reported periods among
the heatmap's, as light_trend() does.

The per-project part is Django's query (each active project with its latest report and that report's
period) and three stages of SQL over it (_stages: the heatmap's period and whether reported for the
coming meeting, the heatmap's lights, the trend), each read once, as a materialised common table
expression that the next stage, and at last the grouping and the ordering, share (PostgreSQL and SQLite
alike), so no expression is evaluated twice. The heatmap's lights are mostly the latest report's: only a
project whose latest report lies outside the heatmap's periods is looked up further."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import F

from portfolio.models import Light, Project, StatusReport
from portfolio.selectors import LIGHT_RANK

SUBMITTED = StatusReport.State.SUBMITTED


def _per_project(active):
    """One row per active project with its latest report's period (latest_period), overall light
    (latest_overall) and money (spent, forecast), all NULL when it has none: the project's row joined to
    the report it stores (Project.latest_report) by the report's primary key. The rest of what
    active_figures() reads per project is worked out from them in SQL of its own (_stages)."""
    return active.values(
        "pk",
        "number",
        "name",
        "phase",
        "budget",
        latest_period=F("latest_report__period"),
        latest_overall=F("latest_report__overall"),
        spent=F("latest_report__budget_spent"),
        forecast=F("latest_report__budget_forecast"),
    ).order_by()


def _stages(*, period, heatmap_periods) -> tuple[str, str, str]:
    """SQL over _per_project()'s rows p: the columns that q adds, a row per project (heat_now: its newest
    reported heatmap period; reported: whether it has reported for `period`); and the expressions, over
    q, of the overall light of its report in heat_now and in the reported heatmap period before it. Each
    light is its period's newest submitted version's, read from the index statusreport_project_latest,
    which holds it, not from the report's row.

    The latest reported period, when it is among the heatmap's, is also the newest heatmap period
    reported in (no later period is), and the light of its newest version is the latest report's, which
    q holds; and when it is `period`, the project has reported for `period`. Only otherwise are the
    reports asked (CASE and COALESCE evaluate only what they need, on PostgreSQL and SQLite alike)."""
    q = connection.ops.quote_name
    report = q(StatusReport._meta.db_table)
    submitted = f"s.state = '{SUBMITTED}'"

    def newest(field: str, period_column, project: str) -> str:
        return f"""(SELECT s.{field} FROM {report} s WHERE s.project_id = {project}
            AND s.period_id = {period_column} AND {submitted} ORDER BY s.version DESC LIMIT 1)"""  # noqa: S608 # nosec B608

    reported = "FALSE"
    if period is not None:
        pk = int(period.pk)
        reported = f"""CASE WHEN p.latest_period = {pk} THEN TRUE ELSE EXISTS (SELECT 1 FROM {report} s
            WHERE s.project_id = p.pk AND s.period_id = {pk} AND {submitted}) END"""  # noqa: S608 # nosec B608
    none = "CAST(NULL AS INTEGER)", "CAST(NULL AS TEXT)"  # typed: PostgreSQL compares them
    if not heatmap_periods:
        return f"{none[0]} AS heat_now, {reported} AS reported", none[1], none[1]
    ids = [int(p.pk) for p in heatmap_periods]  # oldest first
    listed = ", ".join(map(str, ids))
    # Else the newest of the heatmap's periods that holds a report of the project, probed newest first.
    probes = [
        f"(SELECT s.period_id FROM {report} s WHERE s.project_id = p.pk AND s.period_id = {pk} "  # noqa: S608 # nosec B608
        f"AND {submitted} LIMIT 1)"
        for pk in reversed(ids)
    ]
    newest_reported = _first(probes)
    heat_now = f"CASE WHEN p.latest_period IN ({listed}) THEN p.latest_period ELSE {newest_reported} END"
    columns = f"{heat_now} AS heat_now, {reported} AS reported"
    now_light = (
        f"CASE WHEN q.heat_now IS NULL THEN NULL WHEN q.heat_now = q.latest_period THEN q.latest_overall "
        f"ELSE {newest('overall', 'q.heat_now', 'q.pk')} END"
    )

    # The light before: the newest of the heatmap's periods before heat_now that holds a report (a
    # submitted report always has a light, so COALESCE's first light is that period's).
    def first_light(older: list) -> str:
        return _first([newest("overall", pk, "q.pk") for pk in reversed(older)])

    befores = " ".join(f"WHEN {pk} THEN {first_light(ids[:i])}" for i, pk in enumerate(ids) if i)
    before_light = f"CASE q.heat_now {befores} END" if befores else none[1]
    return columns, now_light, before_light


def _first(expressions: list) -> str:
    """SQL: the first of `expressions` that is not NULL (SQLite's COALESCE takes two or more)."""
    return f"COALESCE({', '.join(expressions)})" if len(expressions) > 1 else expressions[0]


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


def active_figures(active, **figures):
    """([Group] of all active projects and of each focus area in `area_ids`, the `rows` worst projects as
    dicts: pk, number, name, phase, latest_overall, trend), ordered by `worst_first` of their latest light,
    `trend_first` of their trend, then number; `figures`: active_figures_by_block()'s keywords but the
    block size (period, heatmap_periods, area_ids, worst_first, trend_first, rows). One query."""
    return active_figures_by_block(active, block_size=None, **figures).get(0, ([], []))


def top_order(worst_first: dict, trend_first: dict):
    """The sort key of a top row (a dict of active_figures()'s) in the order the query gives them: the
    project numbers compared by code point, as the query does (SQLite's BINARY; "C" on PostgreSQL)."""
    return lambda row: (
        worst_first[row["latest_overall"]],
        trend_first.get(row["trend"], trend_first[None]),
        row["number"],
    )


def active_figures_by_block(
    active, *, period, heatmap_periods, area_ids, worst_first, trend_first, rows, block_size: int | None
) -> dict:
    """{block: active_figures() of the active projects in that block (project id // block_size)}, for the
    blocks with an active project; block 0 holds all of them when `block_size` is None. One query."""
    inner, params = _per_project(active).query.sql_with_params()
    columns, now_light, before_light = _stages(period=period, heatmap_periods=heatmap_periods)
    q = connection.ops.quote_name
    links = q(Project.focus_areas.through._meta.db_table)
    worst = " ".join(f"WHEN '{value}' THEN {rank}" for value, rank in worst_first.items())
    trend_order = " ".join(f"WHEN '{value}' THEN {rank}" for value, rank in trend_first.items() if value)
    no_trend = trend_first[None]
    area_list = ", ".join(str(int(pk)) for pk in area_ids) or "NULL"
    block = f"v.pk / {int(block_size)}" if block_size else "0"
    by_block = f"{block}, " if block_size else ""  # GROUP BY 0 would name a column
    number = "v.number" if connection.vendor == "sqlite" else 'v.number COLLATE "C"'
    order = f"CASE v.light {worst} END, CASE v.trend {trend_order} ELSE {no_trend} END, {number}"
    # The worst rows: of all (ordered and limited), or of each block (numbered within it).
    if block_size:
        top = f"""SELECT kind, block, area, pk, number, name, phase, light, reported, trend, n, budget, spent,
                   forecast FROM (
            SELECT 'top' AS kind, {block} AS block, CAST(NULL AS INTEGER) AS area, v.pk, v.number, v.name,
                   v.phase, v.light, CAST(NULL AS BOOLEAN) AS reported, v.trend, CAST(NULL AS BIGINT) AS n,
                   CAST(NULL AS NUMERIC) AS budget, CAST(NULL AS NUMERIC) AS spent,
                   CAST(NULL AS NUMERIC) AS forecast,
                   ROW_NUMBER() OVER (PARTITION BY {block} ORDER BY {order}) AS place
            FROM v
        ) ranked WHERE place <= {int(rows)}"""  # noqa: S608  # nosec B608 - our own SQL and integers
    else:
        top = f"""SELECT * FROM (
            SELECT 'top', 0, CAST(NULL AS INTEGER), v.pk, v.number, v.name, v.phase, v.light,
                   CAST(NULL AS BOOLEAN), v.trend, CAST(NULL AS BIGINT), CAST(NULL AS NUMERIC),
                   CAST(NULL AS NUMERIC), CAST(NULL AS NUMERIC)
            FROM v ORDER BY {order} LIMIT {int(rows)}
        ) top"""  # noqa: S608  # nosec B608 - our own SQL and integers
    # p: Django's row per project with its latest report's period, light and money; q: the same with its
    # heatmap period and whether it has reported (_stages); l: with its light and the heatmap's two lights;
    # v: with its trend, from the two lights (each stage materialised: a column of the one before is read,
    # not its subquery written out again). Then three parts with the same columns (kind, block, area, pk,
    # number, name, phase, light, reported, trend, count, budget, spent, forecast); the first names their
    # types for PostgreSQL, and so does the last, whose NULLs a derived table would otherwise make text.
    sql = f"""
        WITH p AS MATERIALIZED ({inner}),
        q AS MATERIALIZED (SELECT p.*, {columns} FROM p),
        l AS MATERIALIZED (
            SELECT q.pk, q.number, q.name, q.phase, q.budget, q.reported,
                   COALESCE(q.latest_overall, '{Light.NOT_REPORTED}') AS light, q.spent, q.forecast,
                   {now_light} AS now_light, {before_light} AS before_light
            FROM q
        ),
        v AS MATERIALIZED (
            SELECT l.pk, l.number, l.name, l.phase, l.budget, l.reported, l.light, l.spent, l.forecast,
                   {_trend(_rank("l.now_light"), _rank("l.before_light"))} AS trend
            FROM l
        )
        SELECT 'all' AS kind, {block} AS block, CAST(NULL AS INTEGER) AS area, CAST(NULL AS INTEGER) AS pk,
               CAST(NULL AS TEXT) AS number, CAST(NULL AS TEXT) AS name, v.phase, v.light, v.reported,
               v.trend, COUNT(*) AS n, {_cents("v.budget")} AS budget, {_cents("v.spent")} AS spent,
               {_cents("v.forecast")} AS forecast
        FROM v GROUP BY {by_block}v.phase, v.light, v.reported, v.trend
        UNION ALL
        SELECT 'area', {block}, l.focusarea_id, NULL, NULL, NULL, v.phase, v.light, NULL, NULL, COUNT(*),
               {_cents("v.budget")}, {_cents("v.spent")}, NULL
        FROM v JOIN {links} l ON l.project_id = v.pk AND l.focusarea_id IN ({area_list})
        GROUP BY {by_block}l.focusarea_id, v.phase, v.light
        UNION ALL
        {top}
    """  # noqa: S608  # nosec B608 - our own quoted names and integers; Django's query keeps its params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        result = cursor.fetchall()
    figures: dict = {}
    for (
        kind,
        block_number,
        area,
        pk,
        number,
        name,
        phase,
        light_value,
        reported,
        trend_value,
        count,
        *money,
    ) in result:
        groups, top_rows = figures.setdefault(block_number, ([], []))
        if kind == "top":
            top_rows.append(
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
    return figures
