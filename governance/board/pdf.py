"""The Project Board status report as PDF: cover, portfolio summary with charts, all active projects
with their six lights and trend, projects missing a report, decisions requested, then one section
per project. A pure function: the data (board.selectors.board_report_data) in, PDF bytes out; the report's
job (board/reports.py, run by the Celery task) reads the data, calls it and stores the file.

The report is laid out in parts of PART_SIZE projects' sections (portfolio.pdf_parts.render_pdf_in_parts), so
its memory stays bounded at any portfolio size; the PDF shows what one render of board_report_html shows.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from governance.board.selectors import LIGHT_COLUMNS, BoardReportData
from portfolio.charts import LIGHT_SERIES, bar_chart, stacked_bar_chart
from portfolio.models import ACTIVE_PHASES, Phase
from portfolio.pdf import table_chunks
from portfolio.pdf_parts import render_pdf_in_parts

TEMPLATE = "pdf/board_report.html"
SERIES_BY_KEY = {series.key: series for series in LIGHT_SERIES}
# Rows per table of the project overview: many short tables lay out in linear time, one long one not.
TABLE_CHUNK = 40
# The report is laid out in parts (portfolio.pdf_parts.render_pdf_in_parts) of about PART_SIZE projects'
# sections, about 100 pages: the opening's sections (each begins a page; their ids in the template, the
# cover's first and without one), the overview of all active projects as its heading and one item per row
# (OverviewRow), then one item per project. An item's weight is in printed table rows; a project's section
# prints about as much as 25.
SECTIONS = ["forside", "overblik", "siden-sidste", "projekter", "mangler", "rapporter"]
PART_SIZE = 60
ROWS_PER_PROJECT = 25
# A row of the overview weighs as 4 printed rows: its 11 cells, 8 of them lights, make about as many boxes.
OVERVIEW_ROW_WEIGHT = 4


@dataclass(frozen=True)
class OverviewRow:
    """A row of the overview of all active projects, and the number of its table. An item of its own, so a
    part may end at any page of the overview (laid out in one part, the overview of 1,000 projects alone
    took 290 MB); the tables are the whole report's, so a part that begins inside one shows what one
    render shows there: the table going on with its header repeated."""

    table: int
    row: object


@dataclass(frozen=True)
class OverviewTable:
    """The rows of one of the overview's tables that a part shows."""

    number: int
    rows: list


def _items(data: BoardReportData) -> list:
    tables = table_chunks(data.projects, TABLE_CHUNK)
    overview = [OverviewRow(number, row) for number, rows in enumerate(tables) for row in rows]
    opening, rest = SECTIONS[: SECTIONS.index("projekter") + 1], SECTIONS[SECTIONS.index("projekter") + 1 :]
    return [*opening, *overview, *rest, *data.projects]


def _anchor(item) -> str:
    if isinstance(item, OverviewRow):
        return f"oversigt-{item.row.project.pk}"
    return item if isinstance(item, str) else f"projekt-{item.project.pk}"


def _starts_page(item) -> bool:
    return isinstance(item, str)


def _weigher(data: BoardReportData) -> Callable[[object], int]:
    changes = data.since_last.categories if data.since_last else []
    rows = {
        "forside": 1,
        "overblik": 20 + len(data.focus_areas),
        "siden-sidste": 5 + sum(len(listed) for _, listed in changes),
        "projekter": 3,
        "mangler": 10 + len(data.missing) + 4 * len(data.decisions_requested) + len(data.contract_watch),
        "rapporter": 1,
    }

    def weight(item) -> int:
        if isinstance(item, OverviewRow):
            return OVERVIEW_ROW_WEIGHT
        return rows[item] if isinstance(item, str) else ROWS_PER_PROJECT

    return weight


def _split(items) -> dict:
    """The template's context for a part of the items: the opening's sections, the overview's rows (in
    their tables) and the projects' sections it has."""
    tables: list[OverviewTable] = []
    for item in items:
        if isinstance(item, OverviewRow):
            if not tables or tables[-1].number != item.table:
                tables.append(OverviewTable(item.table, []))
            tables[-1].rows.append(item.row)
    return {
        "sections": [item for item in items if isinstance(item, str)],
        "overview_tables": tables,
        "project_rows": [item for item in items if not isinstance(item, str | OverviewRow)],
    }


def board_report_html(data: BoardReportData, *, now=None) -> str:
    """The report's HTML in one piece (what render_board_report lays out in parts); handy for tests and
    previews."""
    return render_to_string(TEMPLATE, _context(data, now=now) | _split(_items(data)))


def _context(data: BoardReportData, *, now=None) -> dict:
    now = now or timezone.now()
    phase_counts = dict.fromkeys(ACTIVE_PHASES, 0)
    for row in data.projects:
        phase_counts[row.project.phase] = phase_counts.get(row.project.phase, 0) + 1
    by_phase = [(Phase(value).label, phase_counts[value]) for value in ACTIVE_PHASES]
    focus_rows = []
    for area, counts in data.focus_areas:
        row = {value: counts.get(value, 0) for value, _, _ in data.by_light}
        focus_rows.append((area, {"values": list(row.values()), "total": sum(row.values())}))
    context = {
        "period": data.period,
        "data": data,
        "light_columns": LIGHT_COLUMNS,
        "by_phase": by_phase,
        "focus_rows": focus_rows,
        "generated_at": timezone.localtime(now),
        "light_chart": bar_chart(
            [(label, n, SERIES_BY_KEY[value]) for value, label, n in data.by_light],
            title="Aktive projekter efter samlet status",
            width=400,
            label_chars=18,
        ),
        "phase_chart": bar_chart(by_phase, title="Aktive projekter efter fase", width=400, label_chars=18),
        "focus_chart": stacked_bar_chart(
            [(f"{area.number}. {area.title}", counts) for area, counts in data.focus_areas],
            title="Samlet status pr. fokusområde",
            width=640,
            label_chars=46,
        ),
    }
    return context


def render_board_report(
    data: BoardReportData, *, now=None, progress: Callable[[int], None] | None = None
) -> bytes:
    """The Project Board report of `data` (board_report_data(period)) as PDF bytes.

    `progress(percent)` is called as the work proceeds: after each part (10 to 90, by projects laid out)
    and 100 when the PDF is written (the job reports 10 when it has read the data).
    """
    context = _context(data, now=now)

    def part_html(items, continued: bool) -> str:
        return render_to_string(TEMPLATE, context | _split(items))

    return render_pdf_in_parts(
        part_html,
        _items(data),
        anchor=_anchor,
        weight=_weigher(data),
        part_weight=PART_SIZE * ROWS_PER_PROJECT,
        starts_page=_starts_page,
        progress=progress,
    )
