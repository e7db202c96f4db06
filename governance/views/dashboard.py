"""The dashboard: `/` (where everyone lands, except project leaders outside the governance bodies, who
land on Mine projekter), `/dashboard/` (the same page for anyone, always) and `/dashboard/pdf`.

Every logged-in employee reads the whole portfolio, so the page's body is the same for all and is
cached as HTML (governance.dashboard.cached_html, invalidated on every change to what it shows).
"""

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from benefits.charts import focus_area_chart, totals_chart
from governance import dashboard
from governance.dashboard_forms import DashboardFilterForm, cache_key_parts
from governance.models import Membership
from portfolio.charts import LIGHT_SERIES, Series, bar_chart, paired_bar_chart, stacked_bar_chart
from portfolio.models import ACTIVE_PHASES, Phase, Project, User

BUDGET_SERIES = Series("budget", "Budget", "#004993", "○", pattern="hatch")
SPENT_SERIES = Series("spent", "Forbrugt", "#545454", "●")
PDF_TEMPLATE = "pdf/dashboard.html"


def lands_on_my_projects(user) -> bool:
    """A project leader or deputy of an active project who sits in no governance body. One query."""
    led = Project.objects.not_archived().filter(phase__in=ACTIVE_PHASES, leader=OuterRef("pk"))
    deputy = Project.deputies.through.objects.filter(
        user=OuterRef("pk"), project__archived=False, project__phase__in=ACTIVE_PHASES
    )
    member = Membership.objects.filter(user=OuterRef("pk"), end_date__isnull=True)
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(leads=Exists(led), deputises=Exists(deputy), sits=Exists(member))
        .values("leads", "deputises", "sits")
        .first()
    )
    return bool(row) and (row["leads"] or row["deputises"]) and not row["sits"]


def charts(data: dashboard.DashboardData) -> dict:
    """The dashboard's SVG charts; each is shown beside a table with the same numbers."""
    light_rows = [
        (
            f"{area.number}. {area.title}",
            {value: cell.count for value, cell in zip(dashboard.LIGHT_ORDER, cells, strict=True)},
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


def _context(form: DashboardFilterForm, today) -> dict:
    valid = not form.is_bound or form.is_valid()
    data = (
        dashboard.dashboard_data(today=today, **(form.filters() if form.is_bound else {})) if valid else None
    )
    return {
        "form": form,
        "data": data,
        "light_columns": dashboard.LIGHT_ORDER,
        "phase_columns": [Phase(phase) for phase in ACTIVE_PHASES],
        "heatmap_rows": dashboard.HEATMAP_ROWS,
        "today": today,
        **(charts(data) if data is not None else {}),
    }


def _page(request, *, path_name: str):
    form = DashboardFilterForm(request.GET or None)
    today = timezone.localdate()
    query = request.GET.urlencode()
    body = dashboard.cached_html(
        key_parts=[path_name, *cache_key_parts(request.GET)],
        today=today,
        render=lambda: render_to_string(
            "governance/_dashboard.html", {**_context(form, today), "path_name": path_name}
        ),
    )
    return render(
        request,
        "governance/dashboard.html",
        {"body": body, "pdf_query": f"?{query}" if query else ""},
    )


@require_GET
def overview(request):
    """Where everyone lands. Project leaders who sit in no governance body land on Mine projekter."""
    if not request.GET and lands_on_my_projects(request.user):
        return redirect("portfolio:my-projects")
    return _page(request, path_name="overview")


@require_GET
def dashboard_page(request):
    return _page(request, path_name="dashboard")


@require_GET
def dashboard_pdf(request):
    """The dashboard as PDF, for the same filters (rendered now: a few pages)."""
    from portfolio.pdf import render_pdf

    form = DashboardFilterForm(request.GET or None)
    today = timezone.localdate()
    context = {
        **_context(form, today),
        "generated_at": timezone.localtime(),
        "link_base": settings.PORTAL_BASE_URL,
        "organisation_name": getattr(settings, "PORTAL_ORGANISATION_NAME", ""),
    }
    with translation.override(settings.LANGUAGE_CODE):
        pdf = render_pdf(render_to_string(PDF_TEMPLATE, context))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="overblik-{today:%Y-%m-%d}.pdf"'
    return response
