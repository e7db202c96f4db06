"""Template words for a project's plan against its baseline."""

from django import template

from portfolio.lifecycle.selectors import slip_text

register = template.Library()


@register.filter
def slip(days):
    """A slip in days in words ("12 dage forsinket", "3 dage før tid", "Som planlagt"); "–" without one."""
    return slip_text(days) or "–"


@register.filter
def slip_state(days) -> str:
    """The slip cell's CSS modifier: late, ahead, on-plan or none (the words carry the meaning; colour
    only supports them)."""
    if days is None or days == "":
        return "none"
    return "late" if int(days) > 0 else "ahead" if int(days) < 0 else "on-plan"
