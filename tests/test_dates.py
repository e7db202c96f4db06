"""One way to write a date for people: portfolio.dates.danish_date, also the templates' builtin filter."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from portfolio.dates import danish_date

DAY = datetime.date(2026, 12, 3)
# Formats a template may still give |date: what a date input's value or a narrow column head needs.
MACHINE_FORMATS = {"Y-m-d", "j/n"}


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("long", "3. december 2026"),
        ("short", "3. dec. 2026"),
        ("weekday", "torsdag 3. december 2026"),
        ("day", "3. december"),
        ("weekday_day", "torsdag 3. december"),
        ("month", "december 2026"),
    ],
)
def test_it_writes_each_style_in_danish_even_for_an_english_request(style, expected):
    with translation.override("en"):
        assert danish_date(DAY, style) == expected


def test_it_abbreviates_months_the_danish_way():
    assert danish_date(datetime.date(2027, 5, 1), "short") == "1. maj 2027"
    assert danish_date(datetime.date(2027, 1, 2), "short") == "2. jan. 2027"


def test_it_writes_a_time_in_the_local_zone_with_a_full_stop():
    moment = datetime.datetime(2026, 12, 3, 13, 5, tzinfo=ZoneInfo("UTC"))
    assert danish_date(moment, "time") == "3. december 2026 kl. 14.05"
    assert danish_date(moment, "short_time") == "3. dec. 2026 kl. 14.05"


def test_it_gives_nothing_for_no_date_and_refuses_an_unknown_style():
    assert danish_date(None) == ""
    with pytest.raises(ValueError):
        danish_date(DAY, "fancy")


def test_it_is_a_builtin_filter_of_every_template():
    rendered = Template('{{ day|danish_date }} · {{ day|danish_date:"short" }}').render(Context({"day": DAY}))
    assert rendered == "3. december 2026 · 3. dec. 2026"


def test_it_is_the_only_date_format_in_the_templates():
    templates = Path(__file__).resolve().parents[1] / "templates"
    others = sorted(
        f"{path.relative_to(templates)}: {fmt}"
        for path in templates.rglob("*.html")
        for fmt in re.findall(r"""\|date:["'](.*?)["']""", path.read_text())
        if fmt not in MACHINE_FORMATS
    )
    assert others == []


def test_it_is_the_only_date_format_in_the_apps_messages():
    """No "03.12.2026" in a message beside "3. december 2026" on the page."""
    root = Path(__file__).resolve().parents[1]
    others = sorted(
        str(path.relative_to(root))
        for app in ("portfolio", "benefits", "governance", "focusareas")
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts and re.search(r"%d\.%m\.%Y", path.read_text())
    )
    assert others == []
