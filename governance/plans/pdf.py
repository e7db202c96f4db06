"""The indsatsplan as PDF: cover with approval status and date, a summary per focus area (SVG chart and
table), the ranked list with rationale and resources, and each project's phase and light at approval.
A pure function: the data (plans.selectors.plan_pdf_data: an approved plan's frozen snapshot, a draft's
live items) in, PDF bytes out. The Celery job (pdf_job.plan_pdf_render, stored on AnnualPlan.pdf) calls
it, or, when the plan is small enough (`fits_in_request`), the download view (plans.views.plan_pdf)."""

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import timezone

from governance.plans.selectors import PlanPdfData
from portfolio.charts import bar_chart
from portfolio.pdf import printable, printed_lines, render_pdf_with_progress

TEMPLATE = "pdf/plan.html"

# A plan is printed inside a web request only when it lays out in a few pages (well under a second):
# the cover and overview, and per item its name, rationale and focus areas, counted in printed lines
# of the ranking table's text column (about 30 characters of the widest letters). A larger plan is
# made by "Dan PDF" (Celery) and its stored file is downloaded.
IN_REQUEST_LINE_BUDGET = 200
ITEM_CHARS_PER_LINE = 30
ITEM_LINES = 2  # focus areas, spacing


def item_printed_lines(item: dict) -> int:
    """About how many printed lines an item takes in the plan's ranking."""
    name = item["project_name"] or item["activity"]
    lines = ITEM_LINES + printed_lines(printable(name), ITEM_CHARS_PER_LINE)
    if item["rationale"]:
        lines += printed_lines(printable(item["rationale"]), ITEM_CHARS_PER_LINE)
    return lines


def printed_estimate(data: PlanPdfData) -> int:
    """About how many printed lines the plan's ranking takes."""
    return sum(item_printed_lines(item) for item in data.items)


def fits_in_request(data: PlanPdfData) -> bool:
    # Stops counting once over the budget: the plan page asks this of every plan, however long.
    lines = 0
    for item in data.items:
        lines += item_printed_lines(item)
        if lines > IN_REQUEST_LINE_BUDGET:
            return False
    return True


def plan_html(data: PlanPdfData, *, now=None) -> str:
    overview = data.overview
    context = {
        "plan": data.plan,
        "items": data.items,
        "overview": overview,
        "chart": bar_chart(
            [(f"{row['area'].number}. {row['area'].title}", row["count"]) for row in overview["coverage"]],
            title="Indsatser pr. fokusområde",
            width=640,
            label_chars=46,
        ),
        # The money as well as the count: one large indsats weighs more than three small ones.
        "amount_chart": bar_chart(
            [
                (f"{row['area'].number}. {row['area'].title}", round(row["amount"]))
                for row in overview["coverage"]
            ],
            title="Beløb pr. fokusområde (kr.)",
            width=640,
            label_chars=46,
            unit=" kr.",
        ),
        "generated_at": timezone.localtime(now or timezone.now()),
    }
    return render_to_string(TEMPLATE, context)


def render_plan_pdf(data: PlanPdfData, *, now=None, progress: Callable[[int], None] | None = None) -> bytes:
    """The plan as PDF bytes. `progress(percent)`, like the board report's: 40 when the HTML is rendered,
    90 when the pages are laid out, 100 when the PDF is written."""

    return render_pdf_with_progress(lambda: plan_html(data, now=now), progress=progress)
