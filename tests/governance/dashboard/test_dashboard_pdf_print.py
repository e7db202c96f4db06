"""The dashboard's PDF prints what paper can hold (issue 19): no links that only work in the browser ("se
alle i projektlisten", "Alle gevinster"), what they pointed at said in words, and no page holding one row."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from benefits.models import Benefit
from governance.dashboard.selectors import HEATMAP_ROWS
from portfolio.models import Phase
from tests.factories import (
    BenefitFactory,
    BenefitMeasurementFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    StatusReportFactory,
)
from tests.pdf import flat, pdf_text, word_boxes

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PROJECTS = HEATMAP_ROWS + 2


@pytest.fixture
def portfolio():
    period = ReportingPeriodFactory(meeting_date=TODAY - datetime.timedelta(days=7))
    ReportingPeriodFactory(meeting_date=TODAY + datetime.timedelta(days=7))
    projects = [
        ProjectFactory(number=f"P-{n:03d}", name=f"Projekt {n}", phase=Phase.EXECUTION)
        for n in range(PROJECTS)
    ]
    for project in projects:
        StatusReportFactory(project=project, period=period)
    benefit = BenefitFactory(
        project=projects[0],
        is_financial=True,
        unit=Benefit.Unit.KR,
        baseline=Decimal(0),
        target=Decimal(100_000),
        due_date=TODAY.replace(month=12, day=31),
    )
    BenefitMeasurementFactory(
        benefit=benefit, measured_on=TODAY.replace(month=1, day=2), value=Decimal(30_000)
    )
    return projects


def test_it_prints_no_link_that_only_works_in_the_browser(reader, client, portfolio, tmp_path):
    client.force_login(reader)
    page = client.get("/dashboard/").content.decode()
    assert "se alle i projektlisten" in page and "Alle gevinster" in page  # the page keeps its links

    text = flat(pdf_text(client.get("/dashboard/pdf").content, tmp_path))

    assert f"Viser de {HEATMAP_ROWS} mest kritiske af {PROJECTS}." in text
    for web_only in ("http", "se alle", "Alle gevinster", "Gevinstopfølgning", "Hent overblikket"):
        assert web_only not in text


def test_it_leaves_no_page_with_one_row_of_the_status_map(reader, client, portfolio, tmp_path):
    client.force_login(reader)

    pages = word_boxes(client.get("/dashboard/pdf").content, tmp_path)

    rows = [sum(1 for text, *_ in page.words if text.startswith("P-")) for page in pages]
    assert sum(rows) == HEATMAP_ROWS
    assert 1 not in rows, rows


@pytest.mark.parametrize("years", [3, 8, 9])
def test_it_prints_the_benefit_chart_on_the_page_of_its_table(reader, client, portfolio, tmp_path, years):
    """The status map fills most of a page; a benefit over `years` years puts the per-year chart and its
    table where the page ends: at 8 and 9 years the table once went on, in part, to the next page."""
    first = TODAY.year - 1
    BenefitFactory(
        project=portfolio[1],
        is_financial=True,
        unit=Benefit.Unit.KR,
        baseline=Decimal(0),
        target=Decimal(600_000),
        baseline_date=datetime.date(first, 1, 1),
        due_date=datetime.date(first + years - 1, 12, 31),
    )
    client.force_login(reader)

    pages = [page.text for page in word_boxes(client.get("/dashboard/pdf").content, tmp_path)]

    def on(pattern):
        return [number for number, page in enumerate(pages, 1) if re.search(pattern, page)]

    chart = on(re.escape("Planlagt (○) og realiseret (●)"))
    assert len(chart) == 1, pages
    assert on(re.escape("År Planlagt (kr.) Realiseret (kr.)")) == chart
    last = first + years - 1
    assert on(f"{last} planlagt") == chart  # the chart's last bar
    assert on(rf"(?<![○●] ){last} [\d.]+ [\d.]+") == chart  # the table's last row
