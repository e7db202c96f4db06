"""Dates as the Danish UI writes them, whatever language the request is in."""

import datetime

from django.utils import formats, translation


def danish_date(day: datetime.date, fmt: str = "j. F Y") -> str:
    """`day` in Danish, by Django's date format `fmt` (default "9. april 2026")."""
    with translation.override("da"):
        return formats.date_format(day, fmt)
