"""The dashboard: `/dashboard/` (the same page for anyone, always) and `/dashboard/pdf`. The start page
(`/`, governance.start) shows the same body to those who look at the whole portfolio.

Every logged-in employee reads the whole portfolio, so the page's body is the same for all and is
cached as HTML (governance.dashboard.cache.cached_html, invalidated on every change to what it shows).
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from governance.dashboard.body import dashboard_context, dashboard_page_context
from governance.dashboard.forms import DashboardFilterForm
from governance.dashboard.pdf import render_dashboard_pdf


@require_GET
def dashboard_page(request):
    context = dashboard_page_context(request.GET, today=timezone.localdate(), path_name="dashboard")
    return render(request, "governance/dashboard.html", context)


@require_GET
def dashboard_pdf(request):
    """The dashboard as PDF, for the same filters (rendered now: a few pages)."""
    form = DashboardFilterForm(request.GET or None)
    today = timezone.localdate()
    pdf = render_dashboard_pdf(dashboard_context(form, today))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="overblik-{today:%Y-%m-%d}.pdf"'
    return response
