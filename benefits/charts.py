"""Benefit charts, shared by the benefit list, the dashboard and the PDFs (server-side SVG)."""

from portfolio.charts import Series, paired_bar_chart

PLANNED_SERIES = Series("planned", "Planlagt", "#004993", "○", pattern="hatch")
REALISED_SERIES = Series("realised", "Realiseret", "#358000", "●")


def totals_chart(totals):
    """Planned and realised financial benefit per year as bars, each with its number (see the table)."""
    return paired_bar_chart(
        totals.by_year,
        first=PLANNED_SERIES,
        second=REALISED_SERIES,
        title="Planlagt og realiseret økonomisk gevinst pr. år",
    )


def focus_area_chart(totals):
    """Planned and realised-to-date financial benefit per focus area."""
    return paired_bar_chart(
        [
            (f"{area.number}. {area.title}", planned, realised)
            for area, planned, realised in totals.by_focus_area
        ],
        first=PLANNED_SERIES,
        second=REALISED_SERIES,
        title="Planlagt og realiseret økonomisk gevinst pr. fokusområde",
    )
