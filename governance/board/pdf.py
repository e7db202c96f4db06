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
# Projects' sections per laid-out part: about 100 pages, a few tens of MB in WeasyPrint; fewer parts only
# save the page each part lays out again.
PART_SIZE = 60


def _project_anchor(row) -> str:
    return f"projekt-{row.project.pk}"


def board_report_html(data: BoardReportData, *, now=None) -> str:
    """The report's HTML in one piece (what render_board_report lays out in parts); handy for tests and
    previews."""
    return render_to_string(TEMPLATE, _context(data, now=now) | {"project_rows": data.projects})


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

    def part_html(rows, continued: bool) -> str:
        return render_to_string(TEMPLATE, context | {"project_rows": rows, "continued": continued})

    return render_pdf_in_parts(
        part_html, data.projects, anchor=_project_anchor, part_size=PART_SIZE, progress=progress
    )
