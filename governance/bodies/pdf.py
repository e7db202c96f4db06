"""A meeting's minutes as PDF: body, date, place, members present and absent, who wrote the minutes, the
next meeting, the agenda with each item's decisions and
actions, and the minutes text. Rendered on request through portfolio.pdf.render_pdf, so what it lays out
is bounded, whatever is stored:

- the minutes text is bounded when written (models.validate_minutes: characters and lines);
- every text is made printable (portfolio.pdf.printable): control characters become spaces, runs of
  blank lines fold into one, and unbroken runs of characters get a break opportunity (WeasyPrint lays
  out one very long word in quadratic time);
- the document has a budget of printed lines (about 60 a page, a few tens of milliseconds a page):
  `MINUTES_LINE_BUDGET` for the minutes text (room for the largest minutes accepted) and
  `AGENDA_LINE_BUDGET` for the agenda, decisions and actions together (their number has no bound).
  What is over the budget is left out, and the PDF says so and links to the meeting's page.
"""

import math

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from governance.bodies.selectors import MinutesPeople, minutes_people
from governance.models import MINUTES_MAX_CHARS, MINUTES_MAX_LINES
from portfolio.pdf import printable, printed_lines, render_pdf

TEMPLATE = "pdf/minutes.html"

# Characters on a printed line (DejaVu Sans 9 pt, A4 portrait): about 100 of ordinary text, 55 of the
# widest letters (W). The budget counts with the widest, so it holds for any text.
CHARS_PER_LINE = 55
# The largest minutes accepted fit: each line at least one printed line, the characters on top.
MINUTES_LINE_BUDGET = MINUTES_MAX_LINES + math.ceil(MINUTES_MAX_CHARS / CHARS_PER_LINE)
AGENDA_LINE_BUDGET = 120


def _lines(text: str) -> int:
    return printed_lines(text, CHARS_PER_LINE)


class LineBudget:
    """Printed lines left for one part of the PDF; `cut` counts what was left out or shortened."""

    def __init__(self, lines: int):
        self.left = lines
        self.cut = 0

    def spend(self, lines: int) -> bool:
        """Take `lines` if they are left; otherwise take nothing and count the cut."""
        if lines > self.left:
            self.left = 0
            self.cut += 1
            return False
        self.left -= lines
        return True

    def text(self, text: str, *, overhead: int = 0) -> str:
        """`text` made printable, shortened to what is left (with "…"); "" when nothing is left."""
        text = printable(text)
        room = self.left
        if self.spend(_lines(text) + overhead):
            return text
        kept = []
        for line in text.split("\n"):
            if room <= overhead:
                break
            needed = max(1, math.ceil(len(line) / CHARS_PER_LINE))
            if needed > room - overhead:
                kept.append(line[: (room - overhead) * CHARS_PER_LINE])
                break
            kept.append(line)
            room -= needed
        self.left = 0
        return ("\n".join(kept).rstrip() + " …") if kept else ""


def _with_budget(meeting, budget: LineBudget) -> list:
    """The agenda items (each with pdf_title/pdf_description, and its decisions and actions with their
    printable text), as many as the budget holds."""
    agenda = []
    for item in meeting.agenda_items.all():
        item.pdf_title = budget.text(item.title, overhead=2 if item.project_id else 1)
        if not item.pdf_title:
            return agenda
        item.pdf_description = budget.text(item.description) if item.description else ""
        item.pdf_decisions = _decisions(item.item_decisions, budget)
        item.pdf_actions = _actions(item.item_actions, budget)
        agenda.append(item)
    return agenda


def _kept(records, budget: LineBudget, text: str) -> list:
    """The records (decisions or actions) as many as the budget holds, each with its `text` attribute's
    printable text as `pdf_<text>`; the first that does not fit ends the list."""
    kept = []
    for record in records:
        printed = budget.text(getattr(record, text), overhead=1)
        setattr(record, f"pdf_{text}", printed)
        if not printed:
            break
        kept.append(record)
    return kept


def _decisions(decisions, budget: LineBudget) -> list:
    return _kept(decisions, budget, "text")


def _actions(actions, budget: LineBudget) -> list:
    return _kept(actions, budget, "description")


def minutes_html(meeting, *, people: MinutesPeople | None = None, now=None) -> str:
    """`meeting` as loaded by views.meetings.meeting_for_page (agenda with item_decisions/item_actions) and
    the people the minutes name (selectors.minutes_people; read here when not given)."""
    people = people or minutes_people(meeting)
    agenda_budget = LineBudget(AGENDA_LINE_BUDGET)
    agenda = _with_budget(meeting, agenda_budget)
    general_decisions = _decisions(meeting.general_decisions, agenda_budget)
    general_actions = _actions(meeting.general_actions, agenda_budget)
    items_total = len(meeting.agenda_items.all())
    records_total = items_total + len(meeting.decisions.all()) + len(meeting.actions.all())
    records_shown = (
        len(agenda)
        + sum(len(item.pdf_decisions) + len(item.pdf_actions) for item in agenda)
        + len(general_decisions)
        + len(general_actions)
    )
    minutes_budget = LineBudget(MINUTES_LINE_BUDGET)
    minutes = minutes_budget.text(meeting.minutes)
    context = {
        "meeting": meeting,
        "body": meeting.body,
        "people": people,
        "agenda": agenda,
        "agenda_total": items_total,
        "general_decisions": general_decisions,
        "general_actions": general_actions,
        "left_out": records_total - records_shown,
        "shortened": bool(agenda_budget.cut or minutes_budget.cut),
        "minutes_text": minutes,
        "meeting_url": settings.PORTAL_BASE_URL + reverse("governance:meeting-detail", args=[meeting.pk]),
        "generated_at": timezone.localtime(now or timezone.now()),
    }
    return render_to_string(TEMPLATE, context)


def render_minutes_pdf(meeting, *, people: MinutesPeople | None = None, now=None) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(minutes_html(meeting, people=people, now=now))
