"""The demo package: its Project Board periods follow the board calendar's rule, its data modules hold
literals only."""

import ast
import datetime
from pathlib import Path

import pytest

from governance.board import calendar as board_calendar
from governance.demo import periods as demo_periods
from governance.demo.build import build_demo
from governance.models import BoardCalendar
from portfolio.models import ReportingPeriod

DATA = Path(demo_periods.__file__).parent / "data"
DEFAULT_WORKING_DAYS = BoardCalendar._meta.get_field("deadline_working_days").default
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def assert_on_the_calendar_rule(periods):
    previous = None
    for period in periods:
        slot = demo_periods.slot_on_or_after(period.meeting_date - datetime.timedelta(days=6))
        assert period.meeting_date == board_calendar.meeting_day_for_slot(slot, demo_periods.PERIOD_DAYS)
        assert period.reporting_deadline == board_calendar.reporting_deadline(
            period.meeting_date, DEFAULT_WORKING_DAYS, start_date=period.start_date
        )
        assert board_calendar.is_working_day(period.reporting_deadline)
        assert not period.cancelled
        if previous is not None:
            assert period.start_date == previous.meeting_date + datetime.timedelta(days=1)
        previous = period


# Juleaftensdag 2026 is a slot (the meeting moves to Monday 28 December; the board calendar's 12 weeks
# reach it from 1 October too) and Kristi himmelfartsdag 14 May 2026 one in the history (moved to Friday).
@pytest.mark.parametrize("today", [datetime.date(2026, 12, 3), datetime.date(2026, 10, 1)])
def test_it_lays_out_the_demos_periods_by_the_board_calendars_rule(db, settings, today):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    build_demo(today=today)
    periods = list(ReportingPeriod.objects.order_by("meeting_date"))
    assert len(periods) >= 15
    assert_on_the_calendar_rule(periods)
    moved = [p.meeting_date for p in periods if p.meeting_date.weekday() != 3]
    assert (
        moved
        == {
            datetime.date(2026, 12, 3): [datetime.date(2026, 12, 28)],
            datetime.date(2026, 10, 1): [datetime.date(2026, 5, 15), datetime.date(2026, 12, 28)],
        }[today]
    )


def test_it_builds_the_same_periods_whatever_day_they_are_built_from(db):
    first = demo_periods.ensure_periods(datetime.date(2026, 3, 1), datetime.date(2026, 6, 30))
    stored = {p.meeting_date: (p.start_date, p.reporting_deadline) for p in first}
    ReportingPeriod.objects.all().delete()
    # Built from a later day, the periods they share are the same, and a second build changes nothing.
    later = demo_periods.ensure_periods(datetime.date(2026, 4, 20), datetime.date(2026, 6, 30))
    again = demo_periods.ensure_periods(datetime.date(2026, 4, 20), datetime.date(2026, 6, 30))
    assert [p.pk for p in later] == [p.pk for p in again]
    assert {p.meeting_date: (p.start_date, p.reporting_deadline) for p in later}.items() <= stored.items()
    assert_on_the_calendar_rule(first)
    # Skærtorsdag 2 April 2026: the meeting moves past Easter to Tuesday 7 April.
    assert datetime.date(2026, 4, 7) in stored
    assert stored[datetime.date(2026, 4, 7)] == (datetime.date(2026, 3, 20), datetime.date(2026, 3, 31))


# What a literal-data module may contain: constants, containers, enum members, Decimal("…") and the like.
CODE = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Lambda,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
    ast.For,
    ast.While,
    ast.If,
    ast.IfExp,
    ast.With,
    ast.Try,
)


@pytest.mark.parametrize("path", sorted(DATA.glob("*.py")), ids=lambda path: path.name)
def test_it_keeps_only_literals_in_the_demos_data_modules(path):
    tree = ast.parse(path.read_text())
    code = [
        f"{path.name}:{node.lineno} {type(node).__name__}"
        for node in ast.walk(tree)
        if isinstance(node, CODE)
    ]
    assert code == []
    for statement in tree.body:
        assert isinstance(statement, ast.Assign | ast.AnnAssign | ast.Import | ast.ImportFrom | ast.Expr), (
            f"{path.name}:{statement.lineno}"
        )
