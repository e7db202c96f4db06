"""Template words for a project's plan against its baseline."""

from django import template
from django.utils.html import format_html

from portfolio.dates import danish_date
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


@register.simple_tag
def date_range(start, end, open_end=""):
    """A date range on one line: "7. jan. 2026 – 17. nov. 2026"; only a start: "7. jan. 2026 – <open_end>"
    (default –); neither: "–". A tag, not an include: the project page's phase table shows up to 18."""
    if not start and not end:
        return "–"
    return format_html(
        '<span class="nowrap">{}</span> – <span class="nowrap">{}</span>',
        danish_date(start, "short") or "–",
        danish_date(end, "short") if end else open_end or "–",
    )
