"""The dashboard as PDF: the page's context in, PDF bytes out (rendered in the request: a few pages)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portfolio.pdf import render_pdf

PDF_TEMPLATE = "pdf/dashboard.html"


def render_dashboard_pdf(context: dict) -> bytes:
    """The PDF of the dashboard whose page context is `context` (governance.dashboard.views)."""
    context = {
        **context,
        "generated_at": timezone.localtime(),
        "link_base": settings.PORTAL_BASE_URL,
    }
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(render_to_string(PDF_TEMPLATE, context))
