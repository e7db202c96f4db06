"""The Project Board report shows, per project, the slip against the baseline and the risk heat map,
read back from the PDF's text."""

import datetime

import pytest

from governance.board.pdf import render_board_report
from governance.board.selectors import board_report_data
from portfolio.lifecycle.services import project_baseline_freeze
from portfolio.models import Milestone, Phase, ProjectPhasePlan, Risk
from portfolio.services import project_item_save
from tests.factories import ProjectFactory, ReportingPeriodFactory, StatusReportFactory, UserFactory
from tests.pdf import flat, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(db):
    ReportingPeriodFactory(meeting_date=datetime.date(2026, 3, 5))
    current = ReportingPeriodFactory(meeting_date=datetime.date(2026, 3, 19))
    ReportingPeriodFactory(meeting_date=datetime.date(2026, 4, 2))
    anna = UserFactory(username="anna", first_name="Anna", last_name="Ærø")

    late = ProjectFactory(number="P-001", name="Digital post", leader=anna, phase=Phase.EXECUTION)
    ProjectPhasePlan.objects.create(
        project=late,
        phase=Phase.EXECUTION,
        planned_start=datetime.date(2026, 1, 1),
        planned_end=datetime.date(2026, 6, 30),
    )
    milestone = Milestone.objects.create(
        project=late, title="Pilot afsluttet", due_date=datetime.date(2026, 3, 25)
    )
    project_baseline_freeze(actor=None, project=late)
    milestone.due_date = datetime.date(2026, 4, 1)
    project_item_save(actor=None, item=milestone)
    plan = late.phase_plans.get()
    plan.planned_end = datetime.date(2026, 7, 12)
    plan.save()
    for probability, consequence in [(5, 5), (5, 5), (2, 3)]:
        Risk.objects.create(
            project=late,
            title=f"Risiko {probability}{consequence}",
            probability=probability,
            consequence=consequence,
        )
    StatusReportFactory(project=late, period=current, overall="yellow", author=anna)

    ProjectFactory(number="P-002", name="Sensorer", leader=anna, phase=Phase.ANALYSIS)
    return current


def test_it_carries_slip_and_heat_map_per_project(period):
    rows = {row.project.number: row for row in board_report_data(period).projects}
    late = rows["P-001"]
    assert late.slip.phase_slip_days == 12 and late.slip.slipped_count == 1
    assert late.slip.largest_milestone_slip_days == 7
    cells = {(c.probability, c.consequence): c for _, row_cells in late.heat_map for c in row_cells}
    assert (
        cells[(5, 5)].count == 2 and cells[(2, 3)].count == 1 and cells[(2, 3)].zone_label == "Middel risiko"
    )
    assert [m.title for m in late.milestones] == ["Pilot afsluttet"]
    assert not rows["P-002"].slip.has_baseline


def test_it_prints_slip_and_heat_map_in_the_pdf(period, tmp_path):
    text = flat(pdf_text(render_board_report(board_report_data(period)), tmp_path))
    assert "Afvigelse fra oprindelig plan" in text
    assert "12 dage forsinket" in text  # the phase end
    assert "Pilot afsluttet, 7 dage forsinket" in text  # the largest milestone slip
    assert "Milepæle forsinket: 1" in text
    assert "Åbne risici efter sandsynlighed og konsekvens" in text
    assert "Konsekvens →" in text and "Sandsynlighed ↓" in text
    assert "2 Høj" in text and "1 Middel" in text and "0 Lav" in text  # counts with zones in words
    assert "Høj 12–25" in text
    assert "projektet har ingen oprindelig plan endnu" in text  # P-002
    assert "20 – Høj risiko" not in text and "25 – Høj risiko" in text
