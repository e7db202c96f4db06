"""The one date filter of the templates, a builtin (settings.TEMPLATES), so no page needs to load it:
`{{ day|danish_date }}`, `{{ day|danish_date:"short" }}` (styles in portfolio.dates)."""

from django import template

from portfolio import dates

register = template.Library()


@register.filter
def danish_date(value, variant="long"):
    return dates.danish_date(value, variant)
