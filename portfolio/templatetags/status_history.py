"""The project page's status history rows, built in Python: twelve rows of some twenty lookups, six lights
and a trend each cost the page about 1.5 ms in the template engine (issue 22)."""

from django import template
from django.template.defaultfilters import truncatewords
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString

from portfolio.dates import danish_date
from portfolio.templatetags.portal import light, trend

register = template.Library()

_DRAFT = SafeString('<br><span class="tag">Kladde</span>')
_ROW = (
    '<tr>\n        <th scope="row"><a href="{}">{}</a>{}{}{}</th>\n'
    "        <td>{}{}</td><td>{}</td><td>{}</td>\n"
    "        <td>{}</td><td>{}</td><td>{}</td>\n"
    "        <td>{} %</td>\n"
    "        <td>{}</td>\n"
    "      </tr>"
)


@register.simple_tag
def status_history_row(report):
    """One report's row: its meeting linked to the report (`page_url`), its version and what corrects it,
    its lights with the overall light's trend (`superseded_by_version` and `trend` from
    portfolio.selectors.with_trends), how far the project is, and the summary's first 30 words."""
    corrected = report.superseded_by_version
    if not corrected:
        correction = ""
    elif corrected.is_submitted:
        correction = format_html("<br><small>Erstattet af version {}</small>", localize(corrected.version))
    else:
        correction = format_html(
            "<br><small>Rettes i version {} (kladde)</small>", localize(corrected.version)
        )
    return format_html(
        _ROW,
        report.page_url,
        danish_date(report.period.meeting_date, "short"),
        format_html("<br><small>version {}</small>", localize(report.version)) if report.version > 1 else "",
        correction,
        "" if report.is_submitted else _DRAFT,
        light(report.overall),
        trend(report.trend),
        light(report.schedule),
        light(report.economy),
        light(report.resources),
        light(report.deliverables),
        light(report.benefits),
        localize(report.percent_complete),
        truncatewords(report.summary, 30),
    )
