"""Slip against the baseline ("Oprindelig plan"): per milestone, the current phase's end, the largest
milestone slip and the count slipped; in words on the project page and the status report."""

import datetime

import pytest

from portfolio.lifecycle.selectors import project_slip, slip_text
from portfolio.lifecycle.services import project_baseline_freeze
from portfolio.models import Milestone, Phase, ProjectPhasePlan, ReportingPeriod
from portfolio.services import project_item_save, project_set_people
from tests.factories import ProjectFactory, StatusReportFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def leader(db):
    return UserFactory(username="leder")


@pytest.fixture
def project(leader):
    project = ProjectFactory(name="Talegenkendelse", phase=Phase.EXECUTION)
    ProjectPhasePlan.objects.create(
        project=project, phase=Phase.EXECUTION, planned_start=D(2026, 1, 1), planned_end=D(2026, 6, 30)
    )
    return project_set_people(actor=None, project=project, leader=leader)


def _milestone(project, title, due, completed=None):
    return Milestone.objects.create(project=project, title=title, due_date=due, completed_on=completed)


def _move(milestone, due=None, completed=None):
    milestone.due_date = due or milestone.due_date
    milestone.completed_on = completed or milestone.completed_on
    project_item_save(actor=None, item=milestone)


def test_it_words_a_slip():
    assert slip_text(12) == "12 dage forsinket"
    assert slip_text(1) == "1 dag forsinket"
    assert slip_text(-3) == "3 dage før tid"
    assert slip_text(-1) == "1 dag før tid"
    assert slip_text(0) == "Som planlagt"
    assert slip_text(None) == ""


def test_it_has_no_slip_without_a_baseline(project):
    _milestone(project, "Kontrakt", D(2026, 3, 1))
    slip = project_slip(project)
    assert not slip.has_baseline
    assert slip.phase_slip_days is None and slip.largest_milestone is None and slip.slipped_count == 0
    assert project.milestones.get().slip_days is None


def test_it_computes_late_ahead_and_reached_late_against_the_baseline(project):
    late = _milestone(project, "Kontrakt", D(2026, 3, 1))
    ahead = _milestone(project, "Pilot", D(2026, 4, 1))
    reached = _milestone(project, "Opstart", D(2026, 2, 1))
    on_plan = _milestone(project, "Uddannelse", D(2026, 5, 1))
    project_baseline_freeze(actor=None, project=project)

    _move(late, due=D(2026, 3, 13))
    _move(ahead, due=D(2026, 3, 29))
    _move(reached, completed=D(2026, 2, 8))
    assert Milestone.objects.get(pk=late.pk).baseline_date == D(2026, 3, 1)  # the baseline stays
    plan = project.phase_plans.get()
    plan.planned_end = D(2026, 7, 10)
    plan.save()

    for milestone, days in [(late, 12), (ahead, -3), (reached, 7), (on_plan, 0)]:
        assert Milestone.objects.get(pk=milestone.pk).slip_days == days
    slip = project_slip(project)
    assert slip.has_baseline
    assert slip.phase_slip_days == 10 and slip.phase_slip_text == "10 dage forsinket"
    assert (
        slip.largest_milestone.title == "Kontrakt" and slip.largest_milestone_slip_text == "12 dage forsinket"
    )
    assert slip.slipped_count == 2  # late and reached late; ahead and on plan are not slipped


def test_it_takes_a_milestone_added_after_the_baseline_as_without_slip(project):
    project_baseline_freeze(actor=None, project=project)
    _milestone(project, "Ny opgave", D(2026, 9, 1))
    assert Milestone.objects.get().baseline_date is None
    assert project_slip(project).slipped_count == 0


def test_it_shows_each_milestone_slip_on_the_project_page(client, project, leader):
    milestone = _milestone(project, "Kontrakt", D(2026, 3, 1))
    project_baseline_freeze(actor=None, project=project)
    _move(milestone, due=D(2026, 3, 13))
    client.force_login(leader)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    for text in [
        "Forventet",
        "Oprindelig",
        "Afvigelse",
        "13. mar. 2026",
        "1. mar. 2026",
        "12 dage forsinket",
    ]:
        assert text in html


def test_it_shows_the_slip_on_the_status_report_form_and_page(client, project, leader):
    milestone = _milestone(project, "Kontrakt", D(2026, 3, 1))
    project_baseline_freeze(actor=None, project=project)
    _move(milestone, due=D(2026, 3, 13))
    period = ReportingPeriod.objects.create(
        start_date=D(2026, 12, 1), reporting_deadline=D(2099, 12, 1), meeting_date=D(2099, 12, 3)
    )
    client.force_login(leader)
    form = client.get(f"/projects/{project.pk}/status/new/").content.decode()
    assert "Tidsplan mod oprindelig plan" in form and "12 dage forsinket" in form
    report = StatusReportFactory(project=project, period=period, author=leader)
    detail = client.get(f"/projects/{project.pk}/status/{report.pk}/").content.decode()
    assert "Tidsplan mod oprindelig plan" in detail and "12 dage forsinket" in detail
    assert "1 milepæl er forsinket" in detail
