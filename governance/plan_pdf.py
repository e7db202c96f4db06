"""The indsatsplan as PDF: cover with approval status and date, a summary per focus area (SVG chart and
table), the ranked list with rationale and resources, and each project's phase and light at approval.
Rendered on request through portfolio.pdf.render_pdf; an approved plan is printed from its snapshot."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from governance import services
from governance.models import AnnualPlan
from portfolio.charts import bar_chart
from portfolio.pdf import render_pdf

TEMPLATE = "pdf/plan.html"


def plan_html(plan: AnnualPlan, *, now=None) -> str:
    items = services.plan_items_for_display(plan)
    overview = services.plan_overview(plan, items)
    context = {
        "plan": plan,
        "items": items,
        "overview": overview,
        "chart": bar_chart(
            [(f"{row['area'].number}. {row['area'].title}", row["count"]) for row in overview["coverage"]],
            title="Indsatser pr. fokusområde",
            width=640,
            label_chars=46,
        ),
        "generated_at": timezone.localtime(now or timezone.now()),
        "organisation_name": getattr(settings, "PORTAL_ORGANISATION_NAME", ""),
    }
    return render_to_string(TEMPLATE, context)


def render_plan_pdf(plan: AnnualPlan, *, now=None) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(plan_html(plan, now=now))
