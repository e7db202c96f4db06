"""manage.py generate_portfolio: a large synthetic portfolio for benchmarks, here in small sizes."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q
from django.test import override_settings
from django.utils import timezone
from guardian.shortcuts import get_perms

from benefits.models import Benefit, BenefitMeasurement
from governance.demo.periods import ensure_periods, meeting_on_or_after, slot_on_or_after
from portfolio.models import Project, ProjectUserObjectPermission, ReportingPeriod, StatusReport
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

PROJECTS, PERIODS = 20, 4


@pytest.fixture(autouse=True)
def debug_on(settings):
    settings.DEBUG = True


def generate(**options):
    out = io.StringIO()
    call_command("generate_portfolio", projects=PROJECTS, periods=PERIODS, seed=11, stdout=out, **options)
    return out.getvalue()


def synthetic():
    return Project.objects.filter(number__startswith="GEN-")


def test_it_generates_exactly_the_requested_counts():
    output = generate()
    assert synthetic().count() == PROJECTS
    assert ReportingPeriod.objects.count() == PERIODS
    latest = ReportingPeriod.objects.latest()
    assert latest.meeting_date == meeting_on_or_after(timezone.localdate())
    focus = synthetic().annotate(
        current=Count("focus_areas", filter=Q(focus_areas__period__is_current=True)),
        total=Count("focus_areas"),
    )
    assert all(1 <= p.current == p.total <= 3 for p in focus)
    assert "Syntetisk portefølje genereret" in output


def test_it_makes_one_submitted_report_per_active_project_per_period():
    generate()
    active = synthetic().active()
    assert 0 < active.count() < PROJECTS
    reports = StatusReport.objects.filter(project__number__startswith="GEN-")
    assert reports.count() == active.count() * PERIODS
    assert not reports.exclude(state=StatusReport.State.SUBMITTED).exists()
    assert not reports.filter(submitted_at__isnull=True).exists()
    assert not reports.exclude(project__in=active).exists()
    per_pair = reports.values("project", "period").annotate(n=Count("id"))
    assert {row["n"] for row in per_pair} == {1}
    assert per_pair.count() == active.count() * PERIODS


def test_it_grants_leaders_object_permissions():
    generate()
    assert ProjectUserObjectPermission.objects.filter(content_object__number__startswith="GEN-").count() == (
        2 * PROJECTS
    )
    for project in synthetic().select_related("leader"):
        assert project.leader.username.startswith("gen-leder-")
        assert not project.leader.has_usable_password()
        assert {"change_project", "report_status"} <= set(get_perms(project.leader, project))


def test_it_creates_benefits_with_three_measurements_each():
    generate()
    benefits = Benefit.objects.filter(project__number__startswith="GEN-")
    per_project = benefits.values("project").annotate(n=Count("id"))
    assert per_project.count() == PROJECTS
    assert {row["n"] for row in per_project} <= {1, 2}
    assert BenefitMeasurement.objects.filter(benefit__in=benefits).count() == 3 * benefits.count()
    for benefit in benefits.select_related("owner")[:5]:
        assert "record_measurement" in get_perms(benefit.owner, benefit)


def test_it_reuses_periods_whose_dates_coincide():
    last = slot_on_or_after(timezone.localdate())
    existing = ensure_periods(last, last)
    generate()
    assert ReportingPeriod.objects.count() == PERIODS
    assert ReportingPeriod.objects.filter(pk=existing[0].pk).exists()


def test_it_refuses_a_second_run_without_replace():
    generate()
    with pytest.raises(CommandError, match="--replace"):
        generate()
    assert synthetic().count() == PROJECTS


def test_it_replaces_only_the_synthetic_rows():
    real = ProjectFactory(number="ND-2099-001")
    generate()
    generate(replace=True)
    assert synthetic().count() == PROJECTS
    assert ReportingPeriod.objects.count() == PERIODS
    reports = StatusReport.objects.filter(project__number__startswith="GEN-")
    assert reports.count() == synthetic().active().count() * PERIODS
    assert ProjectUserObjectPermission.objects.count() == 2 * PROJECTS
    assert Project.objects.filter(pk=real.pk).exists()


def test_it_refuses_when_debug_is_off():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="--force"):
        generate()
    assert not synthetic().exists()


def test_it_makes_an_approved_plan_with_ranked_items_and_replace_deletes_it():
    from governance.models import AnnualPlan, AnnualPlanItem, Decision
    from governance.plans.pdf import plan_html
    from governance.plans.selectors import plan_pdf_data

    generate(plan_items=30)
    plan = AnnualPlan.objects.get()
    assert plan.year == timezone.localdate().year + 1
    assert plan.status == AnnualPlan.Status.APPROVED
    assert list(plan.items.order_by("rank").values_list("rank", flat=True)) == list(range(1, 31))
    assert (
        plan.items.filter(project__isnull=False).count()
        == PROJECTS - synthetic().filter(archived=True).count()
    )
    assert plan.items.filter(activity__startswith="GEN-").exists()  # more items than projects
    assert len(plan.approved_snapshot["items"]) == 30
    assert all(item.focus_areas.exists() for item in plan.items.all())
    assert "GEN-aktivitet 30" in plan_html(plan_pdf_data(plan))
    decision = plan.approval_decision

    generate(replace=True, plan_items=5, plan_draft=True)
    plan = AnnualPlan.objects.get()
    assert plan.status == AnnualPlan.Status.DRAFT
    assert AnnualPlanItem.objects.count() == 5
    assert not Decision.objects.filter(pk=decision.pk).exists()
    generate(replace=True)
    assert not AnnualPlan.objects.exists()
    assert not AnnualPlanItem.focus_areas.through.objects.exists()
