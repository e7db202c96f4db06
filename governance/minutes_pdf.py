"""A meeting's minutes as PDF: body, date, place, attendees, the agenda with each item's decisions and
actions, and the minutes text. Rendered on request (a few pages) through portfolio.pdf.render_pdf."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portfolio.pdf import render_pdf

TEMPLATE = "pdf/minutes.html"


def minutes_html(meeting, *, now=None) -> str:
    """`meeting` as loaded by views.meetings.meeting_for_page (agenda with item_decisions/item_actions)."""
    context = {
        "meeting": meeting,
        "body": meeting.body,
        "generated_at": timezone.localtime(now or timezone.now()),
        "organisation_name": getattr(settings, "PORTAL_ORGANISATION_NAME", ""),
    }
    return render_to_string(TEMPLATE, context)


def render_minutes_pdf(meeting, *, now=None) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(minutes_html(meeting, now=now))
