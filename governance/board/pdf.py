"""The Project Board status report as PDF: cover, portfolio summary with charts, all active projects
with their six lights and trend, projects missing a report, decisions requested, then one section
per project. A pure function: the data (board.selectors.board_report_data) in, PDF bytes out; the report's
job (board/reports.py, run by the Celery task) reads the data, calls it and stores the file.

The report is laid out in parts of PART_SIZE projects' sections (portfolio.pdf.render_pdf_in_parts), so
its memory stays bounded at any portfolio size; the PDF shows what one render of board_report_html shows.
"""

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import timezone

from governance.board.selectors import LIGHT_COLUMNS, BoardReportData
from portfolio.charts import LIGHT_SERIES, bar_chart, stacked_bar_chart
from portfolio.models import ACTIVE_PHASES, Phase
from portfolio.pdf import render_pdf_in_parts, table_chunks

TEMPLATE = "pdf/board_report.html"
SERIES_BY_KEY = {series.key: series for series in LIGHT_SERIES}
# Rows per table of the project overview: many short tables lay out in linear time, one long one not.
TABLE_CHUNK = 40
# The report is laid out in parts (portfolio.pdf.render_pdf_in_parts) of about PART_SIZE projects' sections,
# about 100 pages: the opening's sections (each begins a page; their ids in the template, the cover's first
# and without one), then one item per project. An item's weight is in printed table rows; a project's
# section prints about as much as 25.
SECTIONS = ["forside", "overblik", "siden-sidste", "projekter", "mangler", "rapporter"]
PART_SIZE = 60
ROWS_PER_PROJECT = 25


def _anchor(item) -> str:
    return item if isinstance(item, str) else f"projekt-{item.project.pk}"


def _starts_page(item) -> bool:
    return isinstance(item, str)


def _weigher(data: BoardReportData) -> Callable[[object], int]:
    changes = data.since_last.categories if data.since_last else []
    rows = {
        "forside": 1,
        "overblik": 20 + len(data.focus_areas),
        "siden-sidste": 5 + sum(len(listed) for _, listed in changes),
        "projekter": len(data.projects),
        "mangler": 10 + len(data.missing) + 4 * len(data.decisions_requested) + len(data.contract_watch),
        "rapporter": 1,
    }
    return lambda item: rows[item] if isinstance(item, str) else ROWS_PER_PROJECT


def board_report_html(data: BoardReportData, *, now=None) -> str:
    """The report's HTML in one piece (what render_board_report lays out in parts); handy for tests and
    previews."""
    context = _context(data, now=now) | {"sections": SECTIONS, "project_rows": data.projects}
    return render_to_string(TEMPLATE, context)


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
        "project_chunks": table_chunks(data.projects, TABLE_CHUNK),
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
        sections = [item for item in items if isinstance(item, str)]
        rows = [item for item in items if not isinstance(item, str)]
        return render_to_string(TEMPLATE, context | {"sections": sections, "project_rows": rows})

    return render_pdf_in_parts(
        part_html,
        [*SECTIONS, *data.projects],
        anchor=_anchor,
        weight=_weigher(data),
        part_weight=PART_SIZE * ROWS_PER_PROJECT,
        starts_page=_starts_page,
        progress=progress,
    )
