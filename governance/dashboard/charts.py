"""The dashboard's SVG charts (one design for the page and its PDF); each is shown beside a table with the
same numbers."""

from benefits.charts import focus_area_chart, totals_chart
from governance.dashboard.selectors import LIGHT_ORDER, DashboardData
from portfolio.charts import LIGHT_SERIES, Series, bar_chart, paired_bar_chart, stacked_bar_chart
from portfolio.models import ACTIVE_PHASES, Phase

BUDGET_SERIES = Series("budget", "Budget", "#004993", "○", pattern="hatch")
SPENT_SERIES = Series("spent", "Forbrugt", "#545454", "●")


def charts(data: DashboardData) -> dict:
    """The dashboard's SVG charts; each is shown beside a table with the same numbers."""
    light_rows = [
        (
            f"{area.number}. {area.title}",
            {value: cell.count for value, cell in zip(LIGHT_ORDER, cells, strict=True)},
        )
        for area, cells, _total in data.light_matrix
    ]
    phase_items = [
        (Phase(phase).label, cell.count) for phase, cell in zip(ACTIVE_PHASES, data.phase_totals, strict=True)
    ]
    benefit_year_chart, benefit_note = totals_chart(data.benefits) if data.benefits.by_year else (None, "")
    benefit_area_chart, _ = focus_area_chart(data.benefits) if data.benefits.count else (None, "")
    budget_chart, budget_note = (
        paired_bar_chart(
            [(f"{area.number}. {area.title}", budget, spent) for area, budget, spent in data.budget_by_area],
            first=BUDGET_SERIES,
            second=SPENT_SERIES,
            title="Budget og forbrug for aktive projekter pr. fokusområde",
        )
        if data.budget_total or data.spent_total
        else (None, "")
    )
    return {
        "light_chart": stacked_bar_chart(
            light_rows,
            series=LIGHT_SERIES,
            title="Aktive projekter pr. fokusområde efter seneste status",
            width=560,
        )
        if light_rows
        else None,
        "phase_chart": bar_chart(phase_items, title="Aktive projekter pr. fase"),
        "benefit_year_chart": benefit_year_chart,
        "benefit_note": benefit_note,
        "benefit_area_chart": benefit_area_chart,
        "budget_chart": budget_chart,
        "budget_note": budget_note,
    }
