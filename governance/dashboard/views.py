"""The dashboard: `/` (where everyone lands, except project leaders outside the governance bodies, who
land on Mine projekter), `/dashboard/` (the same page for anyone, always) and `/dashboard/pdf`.

Every logged-in employee reads the whole portfolio, so the page's body is the same for all and is
cached as HTML (governance.dashboard.cache.cached_html, invalidated on every change to what it shows).
"""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from governance.dashboard.cache import cached_html
from governance.dashboard.charts import charts
from governance.dashboard.forms import DashboardFilterForm, cache_key_parts
from governance.dashboard.pdf import render_dashboard_pdf
from governance.dashboard.selectors import HEATMAP_ROWS, LIGHT_ORDER, dashboard_data, lands_on_my_projects
from portfolio.models import ACTIVE_PHASES, Phase


def _context(form: DashboardFilterForm, today) -> dict:
    valid = not form.is_bound or form.is_valid()
    data = dashboard_data(today=today, **(form.filters() if form.is_bound else {})) if valid else None
    return {
        "form": form,
        "data": data,
        "light_columns": LIGHT_ORDER,
        "phase_columns": [Phase(phase) for phase in ACTIVE_PHASES],
        "heatmap_rows": HEATMAP_ROWS,
        "today": today,
        **(charts(data) if data is not None else {}),
    }


def _page(request, *, path_name: str):
    form = DashboardFilterForm(request.GET or None)
    today = timezone.localdate()
    query = request.GET.urlencode()
    body = cached_html(
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
    form = DashboardFilterForm(request.GET or None)
    today = timezone.localdate()
    pdf = render_dashboard_pdf(_context(form, today))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="overblik-{today:%Y-%m-%d}.pdf"'
    return response
