"""Dates and times as the Danish UI and its PDFs write them, whatever language the request is in: the one
place a date is formatted for people (the `danish_date` template filter calls it too).

    long        3. december 2026
    short       3. dec. 2026
    weekday     torsdag 3. december 2026 (|capfirst at the start of a sentence)
    day         3. december
    month       december 2026
    weekday_day torsdag 3. december
    time        3. december 2026 kl. 14.05
    short_time  3. dec. 2026 kl. 14.05
"""

import datetime

from django.utils import formats, timezone, translation

# Danish abbreviations end in a full stop, but a name of three letters or fewer is not abbreviated (maj).
SHORT_MONTHS = {
    1: "jan.",
    2: "feb.",
    3: "mar.",
    4: "apr.",
    5: "maj",
    6: "jun.",
    7: "jul.",
    8: "aug.",
    9: "sep.",
    10: "okt.",
    11: "nov.",
    12: "dec.",
}
FORMATS = {
    "long": "j. F Y",
    "weekday": "l j. F Y",
    "day": "j. F",
    "weekday_day": "l j. F",
    "month": "F Y",
}
STYLES = (*FORMATS, "short", "time", "short_time")


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def danish_date(value, style: str = "long") -> str:
    """`value` (a date or datetime; None gives "") written in `style` (see the module's table). An unknown
    style is a programming error and raises ValueError."""
    if value is None or value == "":
        return ""
    if style not in STYLES:
        raise ValueError(f"Unknown date style {style!r}; use one of {', '.join(STYLES)}.")
    value = _local(value)
    if style in ("time", "short_time"):
        day = danish_date(value, "long" if style == "time" else "short")
        return f"{day} kl. {value:%H.%M}" if isinstance(value, datetime.datetime) else day
    if style == "short":
        return f"{value.day}. {SHORT_MONTHS[value.month]} {value.year}"
    with translation.override("da"):
        return formats.date_format(value, FORMATS[style])
