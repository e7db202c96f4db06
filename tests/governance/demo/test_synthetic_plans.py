"""The synthetic portfolio's phase plans and milestones (governance/demo/synthetic_plans.py), which give the
benchmark's roadmap something to draw."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from governance.demo.data.synthetic import PAST_ANALYSIS
from portfolio.models import ACTIVE_PHASES, Milestone, Project, ProjectPhasePlan

pytestmark = pytest.mark.django_db

PROJECTS = 30


@pytest.fixture
def generated(settings):
    settings.DEBUG = True
    call_command("generate_portfolio", projects=PROJECTS, periods=2, seed=5, stdout=io.StringIO())
    return Project.objects.filter(number__startswith="GEN-")


def test_it_plans_every_phase_back_to_back_with_baselines_past_analyse(generated):
    for project in generated.prefetch_related("phase_plans"):
        plans = sorted(project.phase_plans.all(), key=lambda plan: list(ACTIVE_PHASES).index(plan.phase))
        assert [plan.phase for plan in plans] == list(ACTIVE_PHASES)
        assert all(plan.planned_start <= plan.planned_end for plan in plans)
        baselined = project.phase in PAST_ANALYSIS
        assert all((plan.baseline_end is not None) is baselined for plan in plans), project.number
    assert ProjectPhasePlan.objects.filter(project__in=generated).exclude(baseline_end=None).exists()


def test_it_gives_every_project_two_to_six_milestones_in_each_state(generated):
    counts = generated.annotate(marks=Count("milestones")).values_list("marks", flat=True)
    assert all(2 <= count <= 6 for count in counts)
    milestones = Milestone.objects.filter(project__in=generated)
    assert milestones.exclude(completed_on=None).exists()
    assert milestones.filter(completed_on=None).exists()


def test_it_replaces_the_plans_with_the_projects(generated):
    call_command("generate_portfolio", projects=5, periods=2, seed=5, replace=True, stdout=io.StringIO())
    assert ProjectPhasePlan.objects.count() == 5 * len(ACTIVE_PHASES)
