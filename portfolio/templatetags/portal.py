import functools

from django import template
from django.conf import settings
from django.utils.html import format_html

from portfolio.models import Light
from portfolio.pdf import printable, shorten
from portfolio.selectors import TREND_TEXT
from portfolio.stale import token_for

register = template.Library()

# Each light has a shape as well as a colour, so it reads in greyscale and for the colour-blind.
LIGHT_SYMBOLS = {
    Light.GREEN: "●",
    Light.YELLOW: "▲",
    Light.RED: "■",
    Light.NOT_REPORTED: "○",
}


@register.inclusion_tag("pdf/_municipality.html")
def municipality_mark():
    """The municipality's logo and name at the top of a PDF's first page (settings.MUNICIPALITY_NAME and
    MUNICIPALITY_LOGO); nothing when neither is set."""
    return {"name": settings.MUNICIPALITY_NAME, "logo": settings.MUNICIPALITY_LOGO}


@register.simple_tag
def municipality_name():
    """The municipality's name (settings.MUNICIPALITY_NAME) for a PDF's running header; "" when unset."""
    return settings.MUNICIPALITY_NAME


@register.filter
def pdf_text(text, limit=None):
    """User text in a print layout (portfolio.pdf.printable); with a limit, on one line and cut to it."""
    return shorten(text, int(limit)) if limit else printable(text)


@register.simple_tag
def trend_text(trend):
    """ "↑ bedre", "→ uændret", "↓ dårligere" or "– ingen" for a light_trend() result."""
    return TREND_TEXT.get(trend, TREND_TEXT[None])


# The light's trend to the period before, after the light (as includes/trend.html): nothing when unknown.
TREND_HTML = {
    key: format_html('<br><small class="{}"><span aria-hidden="true">{}</span> {}</small>', css, arrow, word)
    for key, css, arrow, word in (
        ("better", "trend trend--better", "↑", "bedre"),
        ("worse", "trend trend--worse", "↓", "dårligere"),
        ("same", "trend", "→", "uændret"),
    )
}


@register.simple_tag
def trend(value):
    """A light_trend() result as an arrow and a word under the light; a tag, not an include: the project
    page's status history shows twelve."""
    return TREND_HTML.get(value, "")


@register.simple_tag(takes_context=True)
def include_once(context, template_name):
    """`template_name` rendered with the page's context the first time the page asks, the same HTML after:
    base.html shows the main menu and the user's links twice (the bar and the phone's drawer)."""
    key = ("include_once", template_name)
    html = context.render_context.get(key)
    if html is None:
        template = context.template.engine.get_template(template_name)
        html = context.render_context[key] = template.render(context)
    return html


@register.simple_tag
def light_cell(value):
    """A compact light for a table cell (the heatmap): its symbol shown, its label read out and in the
    tooltip; no report at all (None) is a dash."""
    if value is None:
        return format_html(
            '<span class="light light--empty" title="{0}">–<span class="sr-only"> {0}</span></span>',
            "Ingen rapport",
        )
    try:
        light_value = Light(value)
    except ValueError:
        light_value = Light.NOT_REPORTED
    return format_html(
        '<span class="light light--{}" title="{}"><span class="light__symbol" aria-hidden="true">{}</span>'
        '<span class="sr-only">{}</span></span>',
        light_value.value,
        light_value.label,
        LIGHT_SYMBOLS[light_value],
        light_value.label,
    )


@register.simple_tag
def light(value, label_prefix=""):
    """A traffic light with its symbol and its Danish label, never colour alone."""
    return _light_html(value or Light.NOT_REPORTED, label_prefix)


# A status history shows six lights a row: each of the few (value, prefix) pairs is built once.
@functools.lru_cache(maxsize=64)
def _light_html(value, label_prefix):
    try:
        light_value = Light(value)
    except ValueError:
        light_value = Light.NOT_REPORTED
    text = f"{label_prefix}{light_value.label}"
    return format_html(
        '<span class="light light--{}"><span class="light__symbol" aria-hidden="true">{}</span> {}</span>',
        light_value.value,
        LIGHT_SYMBOLS[light_value],
        text,
    )


@register.filter
def stale_token(obj):
    """The edit token (portfolio.stale) of an object a small inline form on a list page edits."""
    return token_for(obj)
