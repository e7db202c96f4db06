"""The roadmap as an A3 landscape PDF: the rows of the page (all matching projects up to PDF_PROJECTS) in
charts of a page each, then the table. A pure function: the roadmap's data in, PDF bytes out (rendered in
the request, like the dashboard's PDF)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portfolio.pdf import render_pdf, table_chunks
from portfolio.roadmap.chart import timeline_chart

PDF_TEMPLATE = "pdf/roadmap.html"
# Printed inside the request: at most this many projects, so it stays a few pages whatever the portfolio.
PDF_PROJECTS = 100
CHART_ROWS = 24  # rows (group headings included) in one page's chart
TABLE_CHUNK = 20  # projects in one table: many short tables lay out in linear time (as in the board report)
PDF_WIDTH = 1480


def render_roadmap_pdf(*, rows, table, window, today, meetings, total, group_label, now=None) -> bytes:
    """The PDF of the roadmap's chart `rows` and `table` groups over `window`; `total` is the number of
    matching projects (more than the rows show when the cap left some out)."""
    shown = sum(len(projects) for _, projects in table)
    charts = [
        timeline_chart(
            chunk,
            start=window.start,
            months=window.months,
            today=today,
            meetings=meetings,
            title=f"Køreplan, side {number} af {-(-len(rows) // CHART_ROWS)}",
            width=PDF_WIDTH,
            label_width=340,
        )
        for number, chunk in enumerate(table_chunks(rows, CHART_ROWS), start=1)
    ]
    table_parts = [
        (heading, table_chunks(projects, TABLE_CHUNK), len(projects)) for heading, projects in table
    ]
    context = {
        "charts": charts,
        "table": table_parts,
        "window": window,
        "today": today,
        "meetings": meetings,
        "shown": shown,
        "total": total,
        "left_out": total - shown,
        "group_label": group_label,
        "generated_at": timezone.localtime(now or timezone.now()),
    }
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(render_to_string(PDF_TEMPLATE, context))
