"""Server-side SVG charts: one code path for the pages and the PDFs.

Pure functions of plain data (labels and numbers); no model imports, no JavaScript. Every chart is
an accessible image (role="img", aria-label, <title>, <desc>), writes its numbers as text on or
beside the bars, and marks traffic lights with the same symbols as the `light` template tag and a
fill pattern as well as a colour, so a chart reads in greyscale and for the colour-blind. All text
is escaped; the result is marked safe for templates.

The page or PDF shows a table with the same numbers beside each chart (DESIGN.md).
"""

from dataclasses import dataclass
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
TEXT = "#1a1a1a"
MUTED = "#545454"
BAR = "#004993"
GRID = "#bfbfbf"

_ids = count(1)


@dataclass(frozen=True)
class Series:
    """One series of a stacked bar: a key into the data, a label, a colour, a symbol and a pattern."""

    key: str
    label: str
    color: str
    symbol: str = ""
    text_color: str = "#ffffff"
    # "solid", "hatch" (diagonal lines), "dots" or "outline" (white with a dashed border).
    pattern: str = "solid"


# Same symbols as portfolio.templatetags.portal.LIGHT_SYMBOLS; keys are the Light values.
LIGHT_SERIES = (
    Series("green", "Grøn", "#358000", "●", "#ffffff", "solid"),
    Series("yellow", "Gul", "#f2c94c", "▲", "#1a1a1a", "dots"),
    Series("red", "Rød", "#b51d09", "■", "#ffffff", "hatch"),
    Series("none", "Ikke rapporteret", "#ffffff", "○", "#1a1a1a", "outline"),
)


def _fmt(value) -> str:
    """A number the Danish way: thousands separated by a dot."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return f"{int(value):,}".replace(",", ".")


def _text_width(text: str, size: float) -> float:
    """A rough width of `text` in DejaVu Sans at `size` px (good enough for layout)."""
    return len(text) * size * 0.6


def _wrap(text: str, max_chars: int, max_lines: int = 2) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > max_chars:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(max_chars - 1, 1)].rstrip() + "…"
    return lines or [""]


def _open(width, height, title, desc, uid, role="img") -> list[str]:
    """The SVG's start: an image with a title and a description (`role` "group" for a chart whose marks
    are links: an image's content is presentational, so links inside it would be hidden and unreachable)."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="{role}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{uid}-title {uid}-desc" aria-label="{escape(title)}" '
        f'font-family="{FONT}" font-size="12">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(desc)}</desc>',
    ]


def finish(out: list[str]) -> SafeString:
    """Close the SVG begun by `_open` and mark it safe: every chart builds its text with `escape`, so this
    is the one place a chart's markup becomes safe for templates."""
    out.append("</svg>")
    svg = "".join(out)
    return mark_safe(svg)  # noqa: S308 - every text a chart writes is escaped  # nosec B308, B703


def _pattern_defs(series, uid) -> list[str]:
    """One pattern per series key (several bars share a series: an id twice is invalid, and WeasyPrint
    warns of it)."""
    defs, seen = [], set()
    for s in series:
        if s.key in seen:
            continue
        seen.add(s.key)
        pid = f"{uid}-p-{escape(s.key)}"
        if s.pattern == "hatch":
            defs.append(
                f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="6" height="6" '
                f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{s.color}"/>'
                f'<line x1="0" y1="0" x2="0" y2="6" stroke="#000000" stroke-width="2" '
                f'stroke-opacity="0.45"/></pattern>'
            )
        elif s.pattern == "dots":
            defs.append(
                f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="6" height="6">'
                f'<rect width="6" height="6" fill="{s.color}"/>'
                f'<circle cx="3" cy="3" r="1" fill="#000000" fill-opacity="0.35"/></pattern>'
            )
    return [f"<defs>{''.join(defs)}</defs>"] if defs else []


def _fill(series, uid) -> str:
    if series.pattern in {"hatch", "dots"}:
        return f'fill="url(#{uid}-p-{escape(series.key)})"'
    if series.pattern == "outline":
        return f'fill="{series.color}" stroke="{MUTED}" stroke-width="1" stroke-dasharray="3 2"'
    return f'fill="{series.color}"'


def bar_chart(
    items,
    *,
    title: str,
    desc: str = "",
    width: int = 480,
    bar_height: int = 18,
    gap: int = 8,
    label_chars: int = 26,
    color: str = BAR,
    unit: str = "",
) -> SafeString:
    """A horizontal bar chart of `items` [(label, value), …] with the value written by each bar.

    An item may carry a Series as a third element, e.g. (label, value, LIGHT_SERIES[0]): its bar is
    then drawn in that series' colour and pattern and its label is prefixed with the symbol."""
    items = [
        (str(item[0]), item[1] or 0, item[2] if len(item) > 2 else None)  # noqa: PLR2004
        for item in items
    ]
    uid = f"chart{next(_ids)}"
    label_width = min(_text_width("x" * label_chars, 11), width * 0.45)
    # Room right of the longest bar for the widest value written there (an amount with its unit is long).
    value_room = max([56] + [_text_width(_fmt(value) + unit, 12) + 10 for _, value, _ in items])
    plot_x = label_width + 8
    plot_width = max(width - plot_x - value_room, 10)
    maximum = max((value for _, value, _ in items), default=0) or 1
    height = max(len(items), 1) * (bar_height + gap) + gap
    if not desc:
        desc = "; ".join(f"{label}: {_fmt(value)}{unit}" for label, value, _ in items) or "Ingen data."
    out = _open(width, height, title, desc, uid)
    out += _pattern_defs([s for _, _, s in items if s is not None], uid)
    out.append(f'<line x1="{plot_x}" y1="0" x2="{plot_x}" y2="{height}" stroke="{GRID}"/>')
    for i, (label, value, series) in enumerate(items):
        y = gap + i * (bar_height + gap)
        bar = plot_width * value / maximum
        text_y = y + bar_height / 2 + 4
        shown = f"{series.symbol} {label}".strip() if series else label
        out.append(
            f'<text x="{plot_x - 6}" y="{text_y}" text-anchor="end" '
            f'font-size="11" fill="{TEXT}">{escape(_wrap(shown, label_chars, 1)[0])}</text>'
        )
        fill = _fill(series, uid) if series else f'fill="{color}"'
        if value:
            out.append(
                f'<rect x="{plot_x}" y="{y}" width="{max(bar, 1.5):.1f}" height="{bar_height}" {fill}/>'
            )
        out.append(
            f'<text x="{plot_x + bar + 4:.1f}" y="{text_y}" font-weight="bold" '
            f'fill="{TEXT}">{escape(_fmt(value) + unit)}</text>'
        )
    return finish(out)


def stacked_bar_chart(
    rows,
    *,
    series=LIGHT_SERIES,
    title: str,
    desc: str = "",
    width: int = 480,
    bar_height: int = 20,
    gap: int = 10,
    label_chars: int = 26,
    legend: bool = True,
) -> SafeString:
    """Horizontal stacked bars: `rows` [(label, {series key: value}), …], one bar per row, one
    segment per series (default: the traffic lights). Each segment carries its symbol and number when
    it is wide enough; the total is written after the bar and a legend with symbols sits below."""
    rows = [
        (str(label), {s.key: (values or {}).get(s.key, 0) or 0 for s in series}) for label, values in rows
    ]
    uid = f"chart{next(_ids)}"
    label_width = min(_text_width("x" * label_chars, 11), width * 0.45)
    plot_x = label_width + 8
    total_room = 40
    plot_width = max(width - plot_x - total_room, 10)
    maximum = max((sum(values.values()) for _, values in rows), default=0) or 1
    legend_height = 22 if legend else 0
    body_height = max(len(rows), 1) * (bar_height + gap) + gap
    height = body_height + legend_height
    if not desc:
        parts = []
        for label, values in rows:
            inner = ", ".join(f"{s.label} {_fmt(values[s.key])}" for s in series)
            parts.append(f"{label}: {inner} (i alt {_fmt(sum(values.values()))})")
        desc = "; ".join(parts) or "Ingen data."
    out = _open(width, height, title, desc, uid)
    out += _pattern_defs(series, uid)
    out.append(f'<line x1="{plot_x}" y1="0" x2="{plot_x}" y2="{body_height}" stroke="{GRID}"/>')
    for i, (label, values) in enumerate(rows):
        y = gap + i * (bar_height + gap)
        text_y = y + bar_height / 2 + 4
        out.append(
            f'<text x="{plot_x - 6}" y="{text_y}" text-anchor="end" font-size="11" '
            f'fill="{TEXT}">{escape(_wrap(label, label_chars, 1)[0])}</text>'
        )
        x = plot_x
        for s in series:
            value = values[s.key]
            if not value:
                continue
            segment = plot_width * value / maximum
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{segment:.1f}" height="{bar_height}" {_fill(s, uid)}>'
                f"<title>{escape(f'{label}, {s.label}: {_fmt(value)}')}</title></rect>"
            )
            text = f"{s.symbol} {_fmt(value)}".strip()
            if segment >= _text_width(text, 11) + 4:
                # A plate behind the text keeps it readable on hatched or dotted fills.
                plate_w = _text_width(text, 11) + 2
                plate = s.color if s.pattern != "outline" else "#ffffff"
                out.append(
                    f'<rect x="{x + segment / 2 - plate_w / 2:.1f}" y="{y + 3}" width="{plate_w:.1f}" '
                    f'height="{bar_height - 6}" fill="{plate}"/>'
                )
                out.append(
                    f'<text x="{x + segment / 2:.1f}" y="{text_y}" text-anchor="middle" font-size="11" '
                    f'font-weight="bold" fill="{s.text_color}">{escape(text)}</text>'
                )
            x += segment
        out.append(
            f'<text x="{x + 4:.1f}" y="{text_y}" font-weight="bold" '
            f'fill="{TEXT}">{escape(_fmt(sum(values.values())))}</text>'
        )
    if legend:
        lx, ly = plot_x, body_height + 4
        for s in series:
            out.append(f'<rect x="{lx}" y="{ly}" width="14" height="14" {_fill(s, uid)}/>')
            text = f"{s.symbol} {s.label}".strip()
            out.append(
                f'<text x="{lx + 18}" y="{ly + 11}" font-size="11" fill="{TEXT}">{escape(text)}</text>'
            )
            lx += 18 + _text_width(text, 11) + 14
    return finish(out)


def paired_bar_chart(groups, *, first: Series, second: Series, title: str, width: int = 560, label_chars=24):
    """Two bars per group: `groups` [(label, first value, second value), …] in kroner, e.g. planned and
    realised benefit per year, or budget and spent per focus area. Large amounts are drawn in thousands
    of kroner so the numbers by the bars stay short; a negative value is drawn as its magnitude and
    named so (the table beside the chart has the sign). Returns (svg, a note on how to read it)."""
    largest = max((abs(v) for _, a, b in groups for v in (a, b)), default=0)
    scale, unit = (1000, "1.000 kr.") if largest >= 100_000 else (1, "kr.")
    items = []
    for label, a, b in groups:
        for series, value in ((first, a), (second, b)):
            name = f"{label} {series.label.lower()}" + (" (negativ)" if value < 0 else "")
            items.append((name, int(round(abs(value) / scale)), series))
    svg = bar_chart(items, title=f"{title} ({unit})", width=width, label_chars=label_chars)
    note = (
        f"{first.label} ({first.symbol}) og {second.label.lower()} ({second.symbol}) i {unit} "
        "Præcise tal i tabellen."
    )
    return svg, note
