"""The traffic lights of the Project Board report PDF (templates/pdf/board_report.html) in few boxes: the
report prints some 2,000 lights at 150 projects, and WeasyPrint's time goes with the boxes it lays out."""

import functools

from django import template
from django.utils.html import format_html

from portfolio.models import Light
from portfolio.templatetags.portal import LIGHT_SYMBOLS

register = template.Library()


@register.simple_tag
def light_cell(value):
    """A table cell showing the light `value` as {% light %} in a cell does (symbol, then the label in
    words), with the light's classes on the cell and the symbol an inline box (pdf.css .light__mark):
    three boxes instead of six, and no inline-block to lay out."""
    return _light_html("td", value or Light.NOT_REPORTED)


@register.simple_tag
def light_text(value):
    """The light `value` as {% light %} shows it in running text, its symbol an inline box too."""
    return _light_html("span", value or Light.NOT_REPORTED)


@functools.lru_cache(maxsize=16)
def _light_html(tag, value):
    try:
        light = Light(value)
    except ValueError:
        light = Light.NOT_REPORTED
    return format_html(
        '<{0} class="light light--{1}"><span class="light__mark light__mark--{1}">{2}</span> {3}</{0}>',
        tag,
        light.value,
        LIGHT_SYMBOLS[light],
        light.label,
    )
