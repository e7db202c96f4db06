"""The Project Board report laid out in parts (portfolio.pdf_parts.render_pdf_in_parts, issue 22): a report of
several parts shows what one render of the whole report shows, page for page, with every project, page
numbers running on across the parts, and the same bookmarks."""

import datetime
import gc
import io
import threading

import pikepdf
import pytest
from django.utils import timezone

from governance.board import pdf as board_pdf
from governance.board.selectors import board_report_data
from portfolio import pdf_parts
from portfolio.pdf import render_pdf_with_progress
from tests.factories import ProjectFactory, ReportingPeriodFactory, StatusReportFactory
from tests.pdf import word_boxes

NOW = timezone.make_aware(datetime.datetime(2026, 3, 12, 9, 30))
PROJECTS = 9
PART_SIZE = 2


@pytest.fixture
def period(db):
    current = ReportingPeriodFactory(meeting_date=datetime.date(2026, 3, 19))
    for n in range(1, PROJECTS + 1):
        project = ProjectFactory(number=f"P-{n:03}", name=f"Projekt nummer {n}")
        # Sections of different lengths: some share a page, one runs over two pages and so across a
        # part's end; every other project has no report (a short section).
        lines = 150 if n == 4 else 3 * n
        if n % 2 or n == 4:
            StatusReportFactory(
                project=project,
                period=current,
                summary="\n".join(f"Linje {line} om projekt {n}." for line in range(lines)),
            )
    return current


def outline(pdf: bytes) -> list[tuple]:
    """Every bookmark: depth, title, page and position."""
    document = pikepdf.open(io.BytesIO(pdf))
    pages = {page.objgen: number for number, page in enumerate(document.pages)}
    items = []

    def walk(children, depth):
        for item in children:
            page, _, left, top, *_ = item.destination
            items.append((depth, str(item.title), pages[page.objgen], float(left), float(top)))
            walk(item.children, depth + 1)

    with document.open_outline() as tree:
        walk(tree.root, 0)
    return items


@pytest.fixture
def rendered(period, monkeypatch):
    """The report laid out in parts of PART_SIZE projects, the progress it reported, and one render of the
    whole report's HTML as it was made before the parts."""
    monkeypatch.setattr(board_pdf, "PART_SIZE", PART_SIZE)
    data = board_report_data(period)
    seen = []
    parts = board_pdf.render_board_report(data, now=NOW, progress=seen.append)
    whole = render_pdf_with_progress(lambda: board_pdf.board_report_html(data, now=NOW))
    return parts, seen, whole


def test_it_lays_out_several_parts_page_for_page_as_one_render(rendered, tmp_path):
    parts, seen, whole = rendered

    assert len([percent for percent in seen if percent < 90]) >= 3  # several parts were laid out
    part_pages = word_boxes(parts, tmp_path)
    whole_pages = word_boxes(whole, tmp_path)
    assert [page.text for page in part_pages] == [page.text for page in whole_pages]
    assert [(page.width, page.height) for page in part_pages] == [
        (page.width, page.height) for page in whole_pages
    ]


def test_it_shows_every_project_once_and_numbers_the_pages_across_the_parts(rendered, tmp_path):
    parts, _, _ = rendered

    pages = word_boxes(parts, tmp_path)
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert page.text.endswith(f"Side {number} af {total}")
    text = " ".join(page.text for page in pages)
    sections = text.split("Projekternes statusrapporter", 1)[1]
    for n in range(1, PROJECTS + 1):
        assert sections.count(f"P-{n:03} Projekt nummer {n} ") == 1
    assert "Linje 149 om projekt 4." in sections  # the long section's end, in the part after its start


def test_it_collects_garbage_between_the_parts_and_leaves_the_collector_as_it_was(period, monkeypatch):
    monkeypatch.setattr(board_pdf, "PART_SIZE", PART_SIZE)
    data = board_report_data(period)
    during = []
    write_part = pdf_parts._write_part  # noqa: SLF001

    def spy(document, kept):
        during.append((gc.isenabled(), gc.get_freeze_count() > 0))
        return write_part(document, kept)

    monkeypatch.setattr(pdf_parts, "_write_part", spy)
    frozen = gc.get_freeze_count()
    board_pdf.render_board_report(data, now=NOW)

    assert len(during) >= 3
    assert set(during) == {(False, True)}  # off while a part is laid out; what was there before, frozen
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_it_leaves_the_collector_off_until_the_last_of_renders_at_once_is_done():
    """Renders in two threads of one process (the in-process worker of `make run`) share the collector's
    switch: the first one done must not turn it on under the other, nor leave it off after both."""
    collected_between_parts = pdf_parts._collected_between_parts  # noqa: SLF001
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def first():
        with collected_between_parts():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second():
        first_in.wait(5)
        with collected_between_parts():
            second_in.set()
            first_out.wait(5)
            seen["after the first"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == {"after the first": False}
    assert gc.isenabled()


def test_it_keeps_the_bookmarks_of_one_render(rendered):
    parts, _, whole = rendered

    bookmarks = outline(parts)
    assert bookmarks == outline(whole)
    assert bookmarks[0][:2] == (0, "Project Board")
    projects = [title for depth, title, *_ in bookmarks if depth == 1 and title.startswith("P-")]
    assert projects == [f"P-{n:03} Projekt nummer {n}" for n in range(1, PROJECTS + 1)]


@pytest.fixture
def long_overview(db, monkeypatch):
    """A report whose overview of all active projects runs over several pages, laid out in parts of a few
    of its rows (tables of 5), and the parts' templates' contexts."""
    current = ReportingPeriodFactory(meeting_date=datetime.date(2026, 3, 19))
    for n in range(1, 17):
        project = ProjectFactory(number=f"P-{n:03}", name=f"Projekt nummer {n} " + "med et langt navn " * 8)
        if n % 3:
            StatusReportFactory(project=project, period=current)
    monkeypatch.setattr(board_pdf, "PART_SIZE", 2)
    monkeypatch.setattr(board_pdf, "TABLE_CHUNK", 5)
    contexts = []
    render = board_pdf.render_to_string

    def spy(template, context):
        contexts.append(context)
        return render(template, context)

    data = board_report_data(current)
    whole = render_pdf_with_progress(lambda: board_pdf.board_report_html(data, now=NOW))
    monkeypatch.setattr(board_pdf, "render_to_string", spy)
    return board_pdf.render_board_report(data, now=NOW), whole, contexts


def test_it_may_end_a_part_inside_the_overview_and_shows_what_one_render_shows(long_overview, tmp_path):
    parts, whole, contexts = long_overview

    # A part began inside the overview, in the middle of one of its tables.
    inside = [c for c in contexts if c["overview_tables"] and "projekter" not in c["sections"]]
    assert inside
    assert any(len(c["overview_tables"][0].rows) < 5 for c in inside)
    part_pages = [page.text for page in word_boxes(parts, tmp_path)]
    assert part_pages == [page.text for page in word_boxes(whole, tmp_path)]
    overview = [text for text in part_pages if "Nr. Projekt Projektleder" in text]
    assert len(overview) >= 2
