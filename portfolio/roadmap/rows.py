"""What the roadmap draws, as plain data: a project's row with its phase bars and milestone marks, a group's
heading row, the vertical lines, and the look of each phase and milestone state. The selectors build these;
portfolio.roadmap.chart draws them."""

import datetime
from dataclasses import dataclass

from portfolio.charts import TEXT

REACHED, DUE, OVERDUE = "reached", "due", "overdue"
MARK_LABELS = {REACHED: "Nået", DUE: "Kommende", OVERDUE: "Overskredet"}
MARK_SYMBOLS = {REACHED: "◆", DUE: "◇", OVERDUE: "▼"}


@dataclass(frozen=True)
class PhaseStyle:
    letter: str
    fill: str
    text: str


# The phases' bars: lightest to darkest in the order of the phases, each with its letter.
PHASE_STYLES = {
    "ide": PhaseStyle("I", "#c9dcf0", TEXT),
    "analyse": PhaseStyle("A", "#7ea6d2", TEXT),
    "gennemfoerelse": PhaseStyle("G", "#004993", "#ffffff"),
    "realisering": PhaseStyle("R", "#2d5f2a", "#ffffff"),
}
DEFAULT_STYLE = PhaseStyle("", "#747474", "#ffffff")
OVERDUE_COLOR = "#b51d09"


@dataclass(frozen=True)
class Bar:
    """One phase: `start`..`end` (both days included; actual dates where the phase has them), its original
    plan where one was frozen."""

    phase: str
    label: str
    start: datetime.date
    end: datetime.date
    baseline_start: datetime.date | None = None
    baseline_end: datetime.date | None = None

    @property
    def baseline_differs(self) -> bool:
        if self.baseline_start is None or self.baseline_end is None:
            return False
        return (self.baseline_start, self.baseline_end) != (self.start, self.end)


@dataclass(frozen=True)
class Mark:
    """A milestone: its day (reached on, or due on) and its state (REACHED, DUE or OVERDUE)."""

    title: str
    day: datetime.date
    state: str


@dataclass(frozen=True)
class Row:
    """A project's row (`label` and `url`, its bars and marks; `note` where it has no dated phase, with
    `note_url` to plan it), or a group's heading row (`heading=True`, only `label`)."""

    label: str
    url: str = ""
    bars: tuple[Bar, ...] = ()
    marks: tuple[Mark, ...] = ()
    note: str = ""
    note_url: str = ""
    heading: bool = False


@dataclass(frozen=True)
class Line:
    """A vertical line on a day: a Project Board meeting ("PB") or today ("I dag")."""

    day: datetime.date
    label: str
    title: str
    kind: str = "meeting"  # or "today"


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)
