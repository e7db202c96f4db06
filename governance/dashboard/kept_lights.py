"""The dashboard's lights of a strategy period's active projects (lights.active_figures), from the
figures kept per block of projects (portfolio.blocks): a submitted status report, or a changed project,
is counted again for its block alone. Counts and sums (in øre) add up across blocks exactly; the worst
rows are each block's worst, merged in the same order, so the first `rows` of them are the portfolio's
(tests/governance/test_dashboard_kept_lights.py checks both against active_figures())."""

import hashlib

from benefits.spread import kroner, ore
from focusareas.models import FocusArea
from governance.dashboard.lights import Group, active_figures_by_block, top_order
from portfolio.blocks.kept import in_blocks, kept_sums
from portfolio.blocks.models import BLOCK_SIZE
from portfolio.blocks.triggers import Source
from portfolio.models import Project, StatusReport

KIND = "lights"


def sources() -> list:
    """The rows the lights read (portfolio.blocks.triggers.register): submitted status reports (a draft
    is not shown), the project's own row where the dashboard reads it (its latest report too), its focus
    areas, and a focus area's period (which decides the projects of a strategy period)."""
    submitted = f"{{row}}.state = '{StatusReport.State.SUBMITTED}'"
    return [
        Source(StatusReport._meta.db_table, "{row}.project_id", rows=submitted),
        Source(
            Project._meta.db_table,
            "{row}.id",
            columns=("archived", "phase", "budget", "number", "name", "latest_report_id"),
        ),
        Source(Project.focus_areas.through._meta.db_table, "{row}.project_id"),
        Source(FocusArea._meta.db_table, None, columns=("period_id",), inserts=False),
    ]


def kept_active_figures(active, *, strategy_period, **figures):
    """active_figures(active, **figures) of `active` (the active projects of `strategy_period`, without
    other filters) from the kept figures: kept_sums()'s queries, and one more to count changed blocks
    again."""
    period, worst_first, trend_first, rows = (
        figures[name] for name in ("period", "worst_first", "trend_first", "rows")
    )
    order = repr((sorted(worst_first.items()), sorted(trend_first.items(), key=repr), rows))
    key = "|".join(
        [
            str(strategy_period.pk),
            str(period.pk) if period is not None else "-",
            ",".join(str(p.pk) for p in figures["heatmap_periods"]),
            ",".join(map(str, figures["area_ids"])),
            hashlib.sha256(order.encode()).hexdigest()[:12],
        ]
    )

    def sum_blocks(blocks: list) -> dict:
        in_these = active.filter(in_blocks(blocks, "pk"))
        by_block = active_figures_by_block(in_these, block_size=BLOCK_SIZE, **figures)
        return {block: _as_json(*by_block.get(block, ([], []))) for block in blocks}

    merged: dict = {}
    top: list = []
    for kept in kept_sums(KIND, key, sum_blocks):
        for area, phase, light, reported, trend, count, *money in kept["groups"]:
            sums = merged.setdefault((area, phase, light, reported, trend), [0, 0, 0, 0])
            for index, amount in enumerate((count, *money)):
                sums[index] += amount
        top.extend(kept["top"])
    groups = [
        Group(area, phase, light, reported, trend, count, *(kroner(amount) for amount in money))
        for (area, phase, light, reported, trend), (count, *money) in merged.items()
    ]
    return groups, sorted(top, key=top_order(worst_first, trend_first))[:rows]


def _as_json(groups: list, top: list) -> dict:
    return {
        "groups": [
            [
                g.area,
                g.phase,
                g.light,
                g.reported,
                g.trend,
                g.count,
                *map(ore, (g.budget, g.spent, g.forecast)),
            ]
            for g in groups
        ],
        "top": top,
    }
