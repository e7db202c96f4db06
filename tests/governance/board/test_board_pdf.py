"""The Project Board report: its data in a fixed number of queries, its PDF read back as text,
and the restricted URL fetcher every PDF goes through."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings

from governance.board.pdf import render_board_report
from governance.board.selectors import board_report_data
from governance.templatetags.board_pdf import light_cell, light_text
from portfolio.models import Milestone, Phase, Risk, StatusReport
from portfolio.pdf import RefusedURL, fetch_resource, portal_url_fetcher, render_pdf
from portfolio.templatetags.portal import LIGHT_SYMBOLS
from tests.factories import ProjectFactory, ReportingPeriodFactory, StatusReportFactory, UserFactory
from tests.pdf import flat, pdf_text

# 10 for the report's projects; 6 for "Siden sidste møde" (governance/board/changes.py: the two periods'
# reports, new projects, the phase and milestone histories, decisions, newly overdue milestones; the changed
# projects and milestones are read only when there are any, none here).
DATA_QUERIES = 16


@pytest.fixture
def periods(db):
    before = ReportingPeriodFactory(meeting_date=datetime.date(2026, 3, 5))
    current = ReportingPeriodFactory(meeting_date=datetime.date(2026, 3, 19))
    after = ReportingPeriodFactory(meeting_date=datetime.date(2026, 4, 2))
    return before, current, after


@pytest.fixture
def portfolio(periods):
    before, current, after = periods
    anna = UserFactory(username="anna", first_name="Anna", last_name="Ærø")
    birthe = UserFactory(username="birthe", first_name="Birthe", last_name="Søndergaard")
    carl = UserFactory(username="carl", first_name="Carl", last_name="Østergaard")

    improving = ProjectFactory(number="P-001", name="Digital post", leader=anna, phase=Phase.EXECUTION)
    StatusReportFactory(project=improving, period=before, overall="yellow", author=anna)
    StatusReportFactory(
        project=improving,
        period=current,
        overall="green",
        schedule="yellow",
        economy="red",
        author=anna,
        summary="Pilotdrift i gang på tre skoler.",
        decisions_needed="Project Board bedes godkende udbud af fase 2.",
        percent_complete=40,
    )
    Milestone.objects.create(project=improving, title="Pilot afsluttet", due_date=after.meeting_date)
    Milestone.objects.create(project=improving, title="Langt ude", due_date=datetime.date(2026, 12, 1))
    for title, probability, consequence in [("Lav", 1, 1), ("Høj", 5, 5), ("Mellem", 3, 3), ("Næst", 4, 4)]:
        Risk.objects.create(
            project=improving, title=f"Risiko {title}", probability=probability, consequence=consequence
        )

    corrected = ProjectFactory(number="P-002", name="Robotter i løn", leader=anna, phase=Phase.ANALYSIS)
    StatusReportFactory(project=corrected, period=before, overall="green", author=anna)
    first = StatusReportFactory(project=corrected, period=current, overall="green", author=anna)
    StatusReportFactory(
        project=corrected, period=current, overall="red", author=anna, version=2, supersedes=first
    )

    missing = ProjectFactory(number="P-003", name="Sensorer", leader=birthe, phase=Phase.IDEA)
    StatusReportFactory(project=missing, period=before, overall="green", author=birthe)
    draft_only = ProjectFactory(
        number="P-004", name="Velfærdsteknologi", leader=carl, phase=Phase.REALISATION
    )
    StatusReportFactory(
        project=draft_only, period=current, author=carl, state=StatusReport.State.DRAFT, submitted_at=None
    )
    ProjectFactory(number="P-005", name="Ledelsesinformation", leader=None, phase=Phase.EXECUTION)

    ProjectFactory(number="P-900", name="Arkiveret projekt", leader=anna, archived=True)
    ProjectFactory(number="P-901", name="Afsluttet projekt", leader=anna, phase=Phase.CLOSED)
    return current


def test_it_reads_the_period_newest_versions_missing_reports_and_trends(portfolio):
    data = board_report_data(portfolio)

    rows = {row.project.number: row for row in data.projects}
    assert list(rows) == ["P-001", "P-002", "P-003", "P-004", "P-005"]
    assert rows["P-001"].trend == "better"
    assert rows["P-002"].report.version == 2 and rows["P-002"].overall == "red"
    assert rows["P-002"].trend == "worse"
    assert [row.project.number for row in data.missing] == ["P-003", "P-004", "P-005"]
    assert [row.project.number for row in data.decisions_requested] == ["P-001"]
    assert [m.title for m in rows["P-001"].milestones] == ["Pilot afsluttet"]
    assert [r.title for r in rows["P-001"].risks] == ["Risiko Høj", "Risiko Næst", "Risiko Mellem"]
    assert {value: n for value, _, n in data.by_light} == {"green": 1, "yellow": 0, "red": 1, "none": 3}
    assert data.horizon == datetime.date(2026, 4, 2)
    assert sum(counts["none"] for _, counts in data.focus_areas) == 3


def test_it_renders_the_report_as_a_pdf_that_reads_back(portfolio, tmp_path, settings):
    settings.MUNICIPALITY_NAME = "Testkommune"
    seen = []

    pdf = render_board_report(board_report_data(portfolio), progress=seen.append)

    assert pdf.startswith(b"%PDF")
    assert seen == sorted(seen) and seen[-1] == 100 and len(seen) >= 3
    text = pdf_text(pdf, tmp_path)
    words = flat(text)
    for name in ["Digital post", "Robotter i løn", "Sensorer", "Velfærdsteknologi", "Ledelsesinformation"]:
        assert name in words
    assert "Arkiveret projekt" not in words and "Afsluttet projekt" not in words
    missing_section = words.split("Projekter uden statusrapport", 1)[1].split("Beslutninger, der ønskes af")[
        0
    ]
    for name in [
        "Sensorer",
        "Birthe Søndergaard",
        "Velfærdsteknologi",
        "Carl Østergaard",
        "Ledelsesinformation",
    ]:
        assert name in missing_section
    assert "Digital post" not in missing_section
    assert "Project Board bedes godkende udbud af fase 2." in words
    assert "Pilotdrift i gang på tre skoler." in words
    for word in ["Grøn", "Gul", "Rød", "Ikke rapporteret", "↑ bedre", "↓ dårligere"]:
        assert word in words
    assert "Pilot afsluttet" in words and "Langt ude" not in words
    assert "19. marts 2026" in words
    assert "Testkommune" in words
    assert text.count("\f") > 1
    assert "Side 1 af" in words


def make_portfolio(count, periods):
    before, current, after = periods
    leader = UserFactory()
    for _ in range(count):
        project = ProjectFactory(leader=leader, phase=Phase.EXECUTION)
        StatusReportFactory(project=project, period=before, author=leader, overall="yellow")
        StatusReportFactory(project=project, period=current, author=leader, decisions_needed="Ja tak.")
        Milestone.objects.create(project=project, title="M", due_date=current.meeting_date)
        for score in (1, 2, 3, 4):
            Risk.objects.create(
                project=project, title="R", probability=score, consequence=score, owner=leader
            )


@pytest.mark.parametrize("count", [3, 25])
def test_it_reads_the_report_data_in_the_same_number_of_queries(count, periods, django_assert_num_queries):
    make_portfolio(count, periods)
    current = periods[1]

    with django_assert_num_queries(DATA_QUERIES):
        data = board_report_data(current)
        for row in data.projects:
            _ = (row.project.leader, row.project.anchoring, list(row.project.focus_areas.all()))
            _ = [(m.title, r.owner) for m in row.milestones for r in row.risks]
            _ = row.previous.overall, row.report.overall, row.report.period.meeting_date

    assert len(data.projects) == count
    assert all(len(row.risks) == 3 and row.trend == "better" for row in data.projects)


# The URL fetcher -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/style.css",
        "https://example.org/logo.png",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "file:///static/../../etc/passwd",
        "portal-static:../../../etc/passwd",
        "portal-static:css/findes-ikke.css",
        "gopher://example.org/",
    ],
)
def test_it_refuses_anything_but_our_static_files(url):
    with pytest.raises(RefusedURL):
        fetch_resource(url)
    with pytest.raises(RefusedURL):
        portal_url_fetcher()(url)


@pytest.mark.parametrize("url", ["file:///static/css/pdf.css", "portal-static:css/pdf.css"])
def test_it_fetches_our_own_static_css(url):
    resource = fetch_resource(url)
    assert b"@page" in resource.body
    assert resource.mime_type == "text/css"
    assert resource.url.startswith("file:///") and resource.url.endswith("/static/css/pdf.css")
    assert b"@page" in portal_url_fetcher()(url).read()


def test_it_fetches_data_urls():
    assert fetch_resource("data:text/plain;base64,aGVq").body == b"hej"


def test_it_renders_without_reaching_outside(tmp_path):
    html = (
        '<link rel="stylesheet" href="/static/css/pdf.css">'
        '<link rel="stylesheet" href="http://example.org/evil.css">'
        '<img src="file:///etc/passwd"><p>Æblegrød på side én</p>'
    )
    pdf = render_pdf(html)
    assert "Æblegrød på side én" in flat(pdf_text(pdf, tmp_path))


def test_it_lists_contracts_to_watch_in_the_report(periods, tmp_path):
    """Issue 9's contract watch reaches the board: a system whose notice deadline falls within six
    months of the meeting is named, with the flag when it is not on the common infrastructure."""
    from portfolio.models import ITSystem
    from portfolio.selectors import contract_watch

    period = periods[1]
    ITSystem.objects.create(
        name="Omsorgssystem Nexus",
        vendor="Systematic",
        contract_end=period.meeting_date + datetime.timedelta(days=120),
        notice_months=3,
        on_common_infrastructure=False,
    )
    ITSystem.objects.create(name="Langt ude", contract_end=period.meeting_date + datetime.timedelta(days=900))
    assert [s.name for s in contract_watch(today=period.meeting_date)] == ["Omsorgssystem Nexus"]
    text = flat(pdf_text(render_board_report(board_report_data(period)), tmp_path))
    assert "Kontrakter til opmærksomhed" in text
    assert "Omsorgssystem Nexus" in text
    assert "Langt ude" not in text
    assert "skal overvejes" in text


DEJAVU_SANS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def test_it_prints_a_light_as_one_cell_with_its_symbol_and_label():
    assert light_cell("red") == (
        '<td class="light light--red"><span class="light__mark light__mark--red">■</span> Rød</td>'
    )
    assert light_cell(None) == light_cell("none") == light_cell("bogus")
    assert light_text("yellow").startswith('<span class="light light--yellow">')


@pytest.mark.skipif(not DEJAVU_SANS.exists(), reason="DejaVu Sans is not installed")
def test_it_pads_each_light_symbol_to_the_em_the_inline_block_took():
    """pdf.css pads .light__mark's symbol by 1em less its advance, so it prints as .light__symbol's
    inline-block of min-width 1em did: a new symbol or font needs a new padding."""
    from fontTools.ttLib import TTFont

    font = TTFont(DEJAVU_SANS)
    advances, glyphs = font["hmtx"], font.getBestCmap()
    css = (Path(settings.BASE_DIR) / "static/css/pdf.css").read_text(encoding="utf-8")
    for light, symbol in LIGHT_SYMBOLS.items():
        rule = re.search(rf"\.light__mark--{light.value} {{[^}}]*padding-right: ([0-9.]+)em", css)
        advance = advances[glyphs[ord(symbol)]][0] / font["head"].unitsPerEm
        assert float(rule[1]) == pytest.approx(1 - advance, abs=1e-9), light
