"""Template filters of a project's life: slip against the baseline, in words."""

from django import template

register = template.Library()


@register.filter
def slip_text(days) -> str:
    """Slip in days as read on the page: "+12 dage" late, "−3 dage" ahead, "Som planlagt", or "–" unknown."""
    if days is None or days == "":
        return "–"
    days = int(days)
    if days == 0:
        return "Som planlagt"
    unit = "dag" if abs(days) == 1 else "dage"
    return f"+{days} {unit}" if days > 0 else f"\u2212{abs(days)} {unit}"


@register.filter
def slip_state(days) -> str:
    """A CSS modifier for the slip cell (the words carry the meaning; colour only supports it)."""
    if days is None or days == "":
        return "none"
    return "late" if int(days) > 0 else "ahead" if int(days) < 0 else "on-plan"
