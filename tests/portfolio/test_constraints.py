"""Database-level rules hold even when code forgets them."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from portfolio.models import ReportingPeriod, Risk, StatusReport
from tests.factories import (
    BenefitFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    StatusReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _violates(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_it_allows_one_report_version_per_project_and_period():
    report = StatusReportFactory()
    _violates(lambda: StatusReportFactory(project=report.project, period=report.period, version=1))


def test_it_allows_a_correction_as_a_new_version_that_supersedes_the_first():
    first = StatusReportFactory()
    correction = StatusReportFactory(project=first.project, period=first.period, version=2, supersedes=first)
    assert first.superseded_by == correction


def test_it_allows_only_one_draft_per_project_and_period():
    draft = StatusReportFactory(state=StatusReport.State.DRAFT, submitted_at=None)
    _violates(
        lambda: StatusReportFactory(
            project=draft.project,
            period=draft.period,
            version=2,
            state=StatusReport.State.DRAFT,
            submitted_at=None,
        )
    )


def test_it_refuses_a_submitted_report_without_a_submission_time():
    _violates(lambda: StatusReportFactory(state=StatusReport.State.SUBMITTED, submitted_at=None))


def test_it_refuses_percent_complete_over_100():
    _violates(lambda: StatusReportFactory(percent_complete=101))


def test_it_refuses_an_unknown_light():
    _violates(lambda: StatusReportFactory(economy="purple"))


def test_it_refuses_a_risk_score_outside_1_to_5():
    project = ProjectFactory()
    _violates(lambda: Risk.objects.create(project=project, title="For høj", probability=6, consequence=1))
    _violates(lambda: Risk.objects.create(project=project, title="For lav", probability=1, consequence=0))


def test_it_computes_the_risk_score():
    risk = Risk(probability=4, consequence=5)
    assert risk.score == 20


def test_it_refuses_a_meeting_before_the_reporting_deadline():
    _violates(
        lambda: ReportingPeriod.objects.create(
            start_date=datetime.date(2026, 1, 1),
            reporting_deadline=datetime.date(2026, 1, 10),
            meeting_date=datetime.date(2026, 1, 9),
        )
    )


def test_it_allows_one_reporting_period_per_meeting_date():
    period = ReportingPeriodFactory()
    _violates(lambda: ReportingPeriodFactory(meeting_date=period.meeting_date))


def test_it_refuses_a_negative_budget_and_an_end_before_the_start():
    _violates(lambda: ProjectFactory(budget=Decimal("-1")))
    _violates(
        lambda: ProjectFactory(start_date=datetime.date(2026, 2, 1), end_date=datetime.date(2026, 1, 1))
    )


def test_it_refuses_a_benefit_whose_target_equals_its_baseline():
    _violates(lambda: BenefitFactory(baseline=Decimal("10"), target=Decimal("10")))


def test_it_computes_achievement_against_the_distance_from_baseline_to_target():
    benefit = BenefitFactory.build(baseline=Decimal("100"), target=Decimal("50"))
    assert benefit.achievement_pct(Decimal("75")) == Decimal("50")
    assert benefit.achievement_pct(Decimal("50")) == Decimal("100")
    assert benefit.achievement_pct(None) is None


def test_it_names_things_in_danish():
    report = StatusReportFactory(project__number="ND-1", period__meeting_date=datetime.date(2026, 3, 5))
    assert str(report.period) == "Project Board 5. marts 2026"
    assert str(report) == "Status for ND-1, Project Board 5. marts 2026 (v1)"
    assert report.get_overall_display() == "Grøn"


def test_it_keeps_a_history_of_status_reports():
    report = StatusReportFactory(state=StatusReport.State.DRAFT, submitted_at=None)
    report.state = StatusReport.State.SUBMITTED
    report.submitted_at = timezone.now()
    report._history_user = UserFactory()
    report.save()
    assert [h.state for h in report.history.order_by("history_id")] == ["draft", "submitted"]
