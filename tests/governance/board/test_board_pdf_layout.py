"""The Project Board report as it is laid out on paper: no symbol printed over another, no landscape page
holding one project's row, a project's section on one page where it fits, a notice deadline that falls
today flagged. Read back with poppler (tests/pdf.py): the words' boxes and the pages' text."""

import datetime
import re

import pytest
from django.utils import timezone

from governance.board.pdf import render_board_report
from governance.board.selectors import board_report_data
from portfolio.dates import danish_date
from portfolio.models import ITSystem, add_months, notice_deadline
from tests.factories import ProjectFactory, ReportingPeriodFactory, StatusReportFactory, UserFactory
from tests.pdf import flat, overlapping_words, pdf_text, word_boxes

pytestmark = pytest.mark.django_db


@pytest.fixture
def periods():
    before = ReportingPeriodFactory(meeting_date=datetime.date(2026, 3, 5))
    current = ReportingPeriodFactory(meeting_date=datetime.date(2026, 3, 19))
    return before, current


def test_it_prints_no_light_over_the_trend_beside_it(periods, tmp_path):
    before, current = periods
    leader = UserFactory(first_name="Anna", last_name="Ærø")
    project = ProjectFactory(number="P-001", name="Digital post", leader=leader)
    StatusReportFactory(project=project, period=before, overall="green", author=leader)
    StatusReportFactory(
        project=project,
        period=current,
        author=leader,
        overall="red",
        schedule="none",
        economy="none",
        resources="none",
        deliverables="none",
        benefits="none",
    )

    pages = word_boxes(render_board_report(board_report_data(current)), tmp_path)

    assert any(text == "dårligere" for page in pages for text, *_ in page.words)
    for number, page in enumerate(pages, start=1):
        assert overlapping_words(page) == [], f"side {number}"


def project_rows(page) -> int:
    return sum(1 for text, *_ in page.words if text.startswith("P-") and text[2:].isdigit())


def test_it_leaves_no_landscape_page_with_one_project_row(periods, tmp_path):
    before, current = periods
    leader = UserFactory()
    for number in range(1, 41):
        project = ProjectFactory(number=f"P-{number:03d}", name=f"Projekt {number}", leader=leader)
        StatusReportFactory(project=project, period=current, author=leader)
    data = board_report_data(current)
    full = [page for page in word_boxes(render_board_report(data), tmp_path) if page.landscape]
    per_page = project_rows(full[0])
    assert 1 < per_page < 40  # the overview runs over pages: one row more than a page holds
    data.projects = data.projects[: per_page + 1]

    landscape = [page for page in word_boxes(render_board_report(data), tmp_path) if page.landscape]

    assert sum(project_rows(page) for page in landscape) == per_page + 1
    assert all(project_rows(page) > 1 for page in landscape), [project_rows(page) for page in landscape]


def test_it_keeps_each_project_section_on_one_page(periods, tmp_path):
    before, current = periods
    leader = UserFactory()
    for number in range(1, 9):
        project = ProjectFactory(number=f"P-{number:03d}", name=f"Projekt nummer {number}", leader=leader)
        StatusReportFactory(
            project=project,
            period=current,
            author=leader,
            summary="Projektet skrider frem efter planen. " * 12,
            next_steps="Næste skridt er test og udrulning.\n" * 6,
            risks_issues=f"Slutningen af sektion {number}.",
        )

    pages = [page.text for page in word_boxes(render_board_report(board_report_data(current)), tmp_path)]

    for number in range(1, 9):
        # The section's heading is the name's last appearance (the overview tables name it first).
        first = max(i for i, text in enumerate(pages) if f"P-{number:03d} Projekt nummer {number}" in text)
        last = next(i for i, text in enumerate(pages) if f"Slutningen af sektion {number}." in text)
        assert first == last, f"P-{number:03d} begynder på side {first + 1} og slutter på side {last + 1}"


def system_with_notice_deadline(name, day):
    """A system whose last day to give notice is `day` (a contract end that many months later, counted
    back month-end aware, lands on `day` for some notice period of 1 to 7 months)."""
    for months in range(1, 8):
        end = add_months(day, months)
        if notice_deadline(end, months) == day:
            return ITSystem.objects.create(name=name, contract_end=end, notice_months=months)
    raise AssertionError(day)


def test_it_flags_a_notice_deadline_that_falls_today(tmp_path):
    today = timezone.localdate()
    meeting = ReportingPeriodFactory(meeting_date=today + datetime.timedelta(days=7))
    system_with_notice_deadline("Skolesystemet", today)
    system_with_notice_deadline("Lønsystemet", today + datetime.timedelta(days=3))
    ITSystem.objects.create(name="Økonomisystemet", contract_end=add_months(today, 9), notice_months=3)

    text = flat(pdf_text(render_board_report(board_report_data(meeting)), tmp_path))

    contracts = text[text.index("Kontrakter til opmærksomhed") :]
    assert re.search(rf"Skolesystemet .*?{danish_date(today, 'short')} Frist i dag", contracts)
    assert re.search(r"Lønsystemet .*? før mødet", contracts)
    assert "Frist i dag" not in contracts.split("Lønsystemet", 1)[1]


def test_it_calls_the_traffic_lights_lys(periods, tmp_path):
    text = flat(pdf_text(render_board_report(board_report_data(periods[1])), tmp_path))

    assert "Lys: ● Grøn · ▲ Gul · ■ Rød · ○ Ikke rapporteret." in text
    assert "ampe" not in text
