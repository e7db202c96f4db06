"""Template words for a project's plan against its baseline."""

from django import template

from portfolio.lifecycle.selectors import slip_text

register = template.Library()


@register.filter
def slip(days):
    """A slip in days in words ("12 dage forsinket", "3 dage før tid", "Som planlagt"); "–" without one."""
    return slip_text(days) or "–"
