"""The roadmap (Køreplan) as server-side SVG: one row per project with its phases as bars, the original plan
as a thin line under a bar where it differs, milestones as marks, and Project Board meetings and today as
vertical lines, over a window of months.

A pure function of plain data (no models, no queries), in the style of portfolio.charts and with its
helpers: every text escaped, readable without colour (each phase bar carries its letter, each milestone
state its own shape, each line its label; a legend explains them), and a table beside it on the page.
Each bar and mark is a link to its project with a <title> as tooltip and accessible name.
"""

import datetime
from dataclasses import dataclass, field
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString

from portfolio.charts import GRID, MUTED, TEXT, _open, _wrap, finish
from portfolio.dates import danish_date
from portfolio.roadmap.rows import (
    DEFAULT_STYLE,
    DUE,
    MARK_LABELS,
    OVERDUE,
    OVERDUE_COLOR,
    PHASE_STYLES,
    REACHED,
    Bar,
    Line,
    Mark,
    Row,
    month_start,
)

MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
DAY = datetime.timedelta(days=1)


def _month(first: datetime.date, months: int) -> datetime.date:
    """The first of the month `months` after `first`'s month."""
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass
class _Layout:
    start: datetime.date
    end: datetime.date  # exclusive: the first day after the window
    plot_x: float
    plot_width: float
    days: int = field(init=False)

    def __post_init__(self):
        self.days = max((self.end - self.start).days, 1)

    def x(self, day: datetime.date) -> float:
        day = min(max(day, self.start), self.end)
        return self.plot_x + self.plot_width * (day - self.start).days / self.days

    def inside(self, day: datetime.date) -> bool:
        return self.start <= day < self.end


_ids = count(1)
HEADER = 48
ROW = 30
HEADING_ROW = 26
FOOTER = 20
LEGEND_LINE = 20
BAR_TOP, BAR_HEIGHT = 6, 13  # within a row
BASELINE_Y = 24  # within a row
MARK_Y = 12.5  # within a row
MARK_SIZE = 6.5


def _ticks(layout: _Layout, months: int, top: float, bottom: float) -> list[str]:
    """Year labels on the first line, month (or quarter, when months are narrow) labels on the second, and
    a light grid line at each month (or quarter)."""
    out = []
    month_width = layout.plot_width / max(months, 1)
    by_quarter = month_width < 26  # noqa: PLR2004 - "jan" needs about 26 px
    yearly = month_width < 8  # noqa: PLR2004 - "K1" needs about 8 px a month
    for n in range(months):
        day = _month(layout.start, n)
        x = layout.x(day)
        if n == 0 or day.month == 1:
            anchor = "start"
            out.append(
                f'<text x="{x + 3:.1f}" y="13" font-size="11" font-weight="bold" fill="{TEXT}" '
                f'text-anchor="{anchor}">{day.year}</text>'
            )
        if yearly:
            show = day.month == 1
            label = ""
        elif by_quarter:
            show = day.month % 3 == 1
            label = f"K{(day.month - 1) // 3 + 1}"
        else:
            show = True
            label = MONTHS[day.month - 1]
        if not show:
            continue
        stroke = TEXT if day.month == 1 else GRID
        out.append(f'<line x1="{x:.1f}" y1="{top - 30}" x2="{x:.1f}" y2="{bottom}" stroke="{stroke}"/>')
        if label:
            out.append(f'<text x="{x + 3:.1f}" y="{top - 20}" font-size="10" fill="{MUTED}">{label}</text>')
    return out


def _bar(layout: _Layout, row: Row, bar: Bar, y: float) -> list[str]:
    """A phase's bar, clipped to the window (a notch where it continues), and its original plan below."""
    if bar.end < layout.start or bar.start >= layout.end:
        return []
    style = PHASE_STYLES.get(bar.phase, DEFAULT_STYLE)
    x1, x2 = layout.x(bar.start), layout.x(bar.end + DAY)
    width = max(x2 - x1, 2)
    before, after = bar.start < layout.start, bar.end + DAY > layout.end
    continues = (
        " (fortsætter "
        + " og ".join(word for word, flag in (("før", before), ("efter", after)) if flag)
        + " vinduet)"
        if before or after
        else ""
    )
    period = f"{danish_date(bar.start, 'short')} – {danish_date(bar.end, 'short')}"
    tooltip = f"{row.label}: {bar.label} {period}{continues}"
    top = y + BAR_TOP
    out = [
        f'<a href="{escape(row.url)}" class="roadmap-bar roadmap-bar--{escape(bar.phase)}">'
        f"<title>{escape(tooltip)}</title>"
        f'<rect x="{x1:.1f}" y="{top}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{style.fill}" '
        f'stroke="#ffffff" stroke-width="1"/>'
    ]
    if style.letter and width >= 12:  # noqa: PLR2004
        out.append(
            f'<text x="{x1 + width / 2:.1f}" y="{top + BAR_HEIGHT - 3}" text-anchor="middle" font-size="10" '
            f'font-weight="bold" fill="{style.text}">{style.letter}</text>'
        )
    mid = top + BAR_HEIGHT / 2
    if before:
        out.append(
            f'<polygon class="roadmap-clip roadmap-clip--start" points="{x1:.1f},{mid} {x1 + 6:.1f},{top} '
            f'{x1 + 6:.1f},{top + BAR_HEIGHT}" fill="#ffffff" stroke="{TEXT}" stroke-width="1"/>'
        )
    if after:
        out.append(
            f'<polygon class="roadmap-clip roadmap-clip--end" points="{x2:.1f},{mid} {x2 - 6:.1f},{top} '
            f'{x2 - 6:.1f},{top + BAR_HEIGHT}" fill="#ffffff" stroke="{TEXT}" stroke-width="1"/>'
        )
    out.append("</a>")
    if bar.baseline_differs and bar.baseline_end >= layout.start and bar.baseline_start < layout.end:
        b1, b2 = layout.x(bar.baseline_start), layout.x(bar.baseline_end + DAY)
        line_y = y + BASELINE_Y
        text = (
            f"{row.label}: {bar.label}, oprindelig plan "
            f"{danish_date(bar.baseline_start, 'short')} – {danish_date(bar.baseline_end, 'short')}"
        )
        out.append(
            f'<g class="roadmap-baseline"><title>{escape(text)}</title>'
            f'<line x1="{b1:.1f}" y1="{line_y}" x2="{max(b2, b1 + 1):.1f}" y2="{line_y}" stroke="{TEXT}" '
            f'stroke-width="2"/>'
            f'<line x1="{b1:.1f}" y1="{line_y - 3}" x2="{b1:.1f}" y2="{line_y + 3}" stroke="{TEXT}"/>'
            f'<line x1="{b2:.1f}" y1="{line_y - 3}" x2="{b2:.1f}" y2="{line_y + 3}" stroke="{TEXT}"/></g>'
        )
    return out


def _shape(state: str, cx: float, cy: float, size: float = MARK_SIZE) -> str:
    """A milestone's mark: filled diamond (reached), hollow diamond (due), downward triangle (overdue)."""
    if state == OVERDUE:
        top = cy - size * 0.8
        points = f"{cx - size:.1f},{top:.1f} {cx + size:.1f},{top:.1f} {cx:.1f},{cy + size:.1f}"
        return f'<polygon points="{points}" fill="{OVERDUE_COLOR}" stroke="#ffffff" stroke-width="1.5"/>'
    points = (
        f"{cx:.1f},{cy - size:.1f} {cx + size:.1f},{cy:.1f} {cx:.1f},{cy + size:.1f} {cx - size:.1f},{cy:.1f}"
    )
    fill, stroke = (TEXT, "#ffffff") if state == REACHED else ("#ffffff", TEXT)
    return f'<polygon points="{points}" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'


def _mark(layout: _Layout, row: Row, mark: Mark, y: float) -> list[str]:
    if not layout.inside(mark.day):
        return []
    cx = layout.x(mark.day) + layout.plot_width / layout.days / 2
    day = danish_date(mark.day, "short")
    text = f"{row.label}: milepæl »{mark.title}« {day} ({MARK_LABELS[mark.state].lower()})"
    return [
        f'<a href="{escape(row.url)}" class="roadmap-mark roadmap-mark--{mark.state}">'
        f"<title>{escape(text)}</title>{_shape(mark.state, cx, y + MARK_Y)}</a>"
    ]


def _legend(x0: float, y0: float, width: float, *, baseline: bool = True) -> tuple[list[str], float]:
    """The legend's items, wrapped into lines: the phases' letters, the original plan's line, the three
    milestone shapes, the notch of a clipped bar, and the two kinds of vertical line."""
    items = []
    for phase, label in (
        ("ide", "Idé"),
        ("analyse", "Analyse"),
        ("gennemfoerelse", "Gennemførelse"),
        ("realisering", "Realisering"),
    ):
        style = PHASE_STYLES[phase]
        items.append(
            (
                f'<rect x="0" y="-9" width="18" height="12" fill="{style.fill}"/>'
                f'<text x="9" y="1" text-anchor="middle" font-size="10" font-weight="bold" '
                f'fill="{style.text}">{style.letter}</text>',
                label,
            )
        )
    if baseline:
        items.append(
            (f'<line x1="0" y1="-3" x2="18" y2="-3" stroke="{TEXT}" stroke-width="2"/>', "Oprindelig plan")
        )
    for state in (REACHED, DUE, OVERDUE):
        items.append((_shape(state, 9, -3, 5.5), f"Milepæl {MARK_LABELS[state].lower()}"))
    items.append(
        (
            f'<polygon points="0,-3 6,-9 6,3" fill="#ffffff" stroke="{TEXT}"/>'
            f'<rect x="6" y="-9" width="12" height="12" fill="{PHASE_STYLES["analyse"].fill}"/>',
            "Fortsætter uden for vinduet",
        )
    )
    items.append(
        (
            f'<line x1="9" y1="-11" x2="9" y2="5" stroke="{MUTED}" stroke-dasharray="3 2" '
            'stroke-width="1.5"/>',
            "PB: Project Board-møde",
        )
    )
    items.append(
        (f'<line x1="9" y1="-11" x2="9" y2="5" stroke="{OVERDUE_COLOR}" stroke-width="2"/>', "I dag")
    )
    out, x, y = [], x0, y0 + 12
    for symbol, label in items:
        item_width = 24 + len(label) * 6.2 + 16
        if x > x0 and x + item_width > x0 + width:
            x, y = x0, y + LEGEND_LINE
        out.append(
            f'<g transform="translate({x:.1f},{y:.1f})">{symbol}'
            f'<text x="24" y="1" font-size="11" fill="{TEXT}">{escape(label)}</text></g>'
        )
        x += item_width
    return out, y - y0 + 10


def _lines(layout: _Layout, lines, top: float, bottom: float) -> list[str]:
    """Each line with its label; a meeting's label is left out where it would overlap the one before (its
    line keeps its <title>, and the page lists the dates)."""
    out, last_label = [], None
    for line in lines:
        if not layout.inside(line.day):
            continue
        x = layout.x(line.day) + layout.plot_width / layout.days / 2
        if line.kind == "today":
            stroke = f'stroke="{OVERDUE_COLOR}" stroke-width="2"'
            label_y, weight, show = bottom + 13, ' font-weight="bold"', True
        else:
            stroke = f'stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="4 3"'
            label_y, weight = top - 4, ""
            show = last_label is None or x - last_label >= 18  # noqa: PLR2004 - "PB" is about 14 px wide
            last_label = x if show else last_label
        label = (
            f'<text x="{x:.1f}" y="{label_y}" text-anchor="middle" font-size="10"{weight} '
            f'fill="{TEXT}">{escape(line.label)}</text>'
            if show
            else ""
        )
        out.append(
            f'<g class="roadmap-line roadmap-line--{escape(line.kind)}"><title>{escape(line.title)}</title>'
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" {stroke}/>{label}</g>'
        )
    return out


def timeline_chart(
    rows,
    *,
    start: datetime.date,
    months: int,
    today: datetime.date,
    meetings=(),
    title: str,
    desc: str = "",
    width: int = 1180,
    label_width: int = 250,
    legend: bool = True,
) -> SafeString:
    """The roadmap of `rows` (Row) over `months` months from the first of `start`'s month: phases as bars
    (clipped at the window's edges, a notch where they continue; entirely outside: not drawn), the
    original plan as a line under a bar where it differs, milestones as marks, `meetings` (dates of
    Project Board meetings) and `today` as vertical lines."""
    uid = f"roadmap{next(_ids)}"
    start = month_start(start)
    layout = _Layout(start, _month(start, months), label_width + 8, width - label_width - 16)
    rows = list(rows)
    body = sum(HEADING_ROW if row.heading else ROW for row in rows)
    top, bottom = HEADER, HEADER + max(body, ROW)
    if not desc:
        projects = sum(1 for row in rows if not row.heading)
        last = _month(start, months) - DAY
        desc = (
            f"{projects} {'projekt' if projects == 1 else 'projekter'} fra {danish_date(start, 'month')} "
            f"til {danish_date(last, 'month')}. Tabellen under diagrammet har de samme "
            "faser og milepæle."
        )
    # The original plan is in the legend only where a row shows one (a project before its gate has none).
    baseline = any(bar.baseline_differs for row in rows for bar in row.bars)
    legend_out, legend_height = (
        _legend(8, bottom + FOOTER, width - 16, baseline=baseline) if legend else ([], 0)
    )
    height = bottom + FOOTER + legend_height
    out = _open(width, height, title, desc, uid, role="group")
    out += _ticks(layout, months, top, bottom)
    y = top
    for index, row in enumerate(rows):
        if row.heading:
            out.append(f'<rect x="0" y="{y + 2}" width="{width}" height="{HEADING_ROW - 4}" fill="#eef2f6"/>')
            out.append(
                f'<text x="6" y="{y + HEADING_ROW / 2 + 4}" font-size="12" font-weight="bold" '
                f'fill="{TEXT}">{escape(_wrap(row.label, 120, 1)[0])}</text>'
            )
            y += HEADING_ROW
            continue
        if index % 2:
            out.append(f'<rect x="0" y="{y}" width="{width}" height="{ROW}" fill="#f7f7f7"/>')
        out.append(
            f'<a href="{escape(row.url)}" class="roadmap-label"><text x="6" y="{y + ROW / 2 + 4}" '
            f'font-size="11" fill="{TEXT}">{escape(_wrap(row.label, int(label_width / 6.4), 1)[0])}'
            f"</text></a>"
        )
        if row.note:
            note = (
                f'<text x="{layout.plot_x + 6}" y="{y + ROW / 2 + 4}" font-size="11" font-style="italic" '
                f'fill="{MUTED}">{escape(row.note)}</text>'
            )
            if row.note_url:
                note = f'<a href="{escape(row.note_url)}" class="roadmap-note">{note}</a>'
            out.append(f'<g class="roadmap-no-plan">{note}</g>')
        for bar in row.bars:
            out += _bar(layout, row, bar, y)
        for mark in row.marks:
            out += _mark(layout, row, mark, y)
        y += ROW
    lines = [*(Line(day, "PB", f"Project Board-møde {danish_date(day, 'short')}") for day in meetings)]
    lines.append(Line(today, "I dag", f"I dag, {danish_date(today, 'short')}", kind="today"))
    out += _lines(layout, lines, top, bottom)
    out.append(f'<line x1="{layout.plot_x}" y1="{top}" x2="{layout.plot_x}" y2="{bottom}" stroke="{GRID}"/>')
    out += legend_out
    return finish(out)
