from django import template
from django.utils.html import format_html

from portfolio.models import Light

register = template.Library()

# Each light has a shape as well as a colour, so it reads in greyscale and for the colour-blind.
LIGHT_SYMBOLS = {
    Light.GREEN: "●",
    Light.YELLOW: "▲",
    Light.RED: "■",
    Light.NOT_REPORTED: "○",
}


@register.simple_tag
def light(value, label_prefix=""):
    """A traffic light with its symbol and its Danish label, never colour alone."""
    value = value or Light.NOT_REPORTED
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
