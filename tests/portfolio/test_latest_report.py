"""Project.latest_report, which the dashboard's lights read, is exactly the project's latest submitted
report as portfolio.selectors.latest_submitted_reports() orders them (the newest period, then the newest
version in it) after every kind of write; and the dashboard's figures read from it are those read from
that definition."""

import datetime
import importlib
import io
import random

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from governance.dashboard import lights
from governance.dashboard.selectors import dashboard_data
from portfolio.models import Light, Phase, Project, ReportingPeriod, StatusReport, mark_latest_reports
from portfolio.selectors import latest_submitted_reports
from portfolio.services import project_set_people
from portfolio.status import services
from tests.concurrency import run_together
from tests.factories import ProjectFactory, ReportingPeriodFactory, StatusReportFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SUBMITTED, DRAFT = StatusReport.State.SUBMITTED, StatusReport.State.DRAFT


def by_definition() -> dict:
    latest = latest_submitted_reports().filter(project=OuterRef("pk"))
    return dict(
        Project.objects.annotate(latest=Subquery(latest.values("pk")[:1])).values_list("pk", "latest")
    )


def stored() -> dict:
    return dict(Project.objects.values_list("pk", "latest_report_id"))


def assert_stored_matches():
    assert stored() == by_definition()


def meeting(days: int) -> ReportingPeriod:
    day = TODAY + datetime.timedelta(days=days)
    return ReportingPeriodFactory(
        meeting_date=day,
        reporting_deadline=day - datetime.timedelta(days=2),
        start_date=day - datetime.timedelta(days=13),
    )


@pytest.fixture
def leader(db):
    return UserFactory(username="leder")


@pytest.fixture
def project(leader):
    return project_set_people(actor=None, project=ProjectFactory(phase=Phase.EXECUTION), leader=leader)


@pytest.fixture
def other_project(leader):
    return project_set_people(actor=None, project=ProjectFactory(phase=Phase.EXECUTION), leader=leader)


def submit(leader, project, period, light=Light.GREEN):
    data = {"overall": light, "overall_comment": "Forsinket" if light == Light.RED else ""}
    return services.status_report_save_and_submit(actor=leader, project=project, period=period, data=data)


def test_it_keeps_the_latest_report_through_the_status_services(leader, project, other_project):
    early, middle, late = meeting(-28), meeting(-14), meeting(7)
    assert_stored_matches()  # none submitted: NULL
    draft = services.status_report_save_draft(
        actor=leader, project=project, period=middle, data={"overall": Light.YELLOW}
    )
    assert stored()[project.pk] is None  # a draft is no one's latest report
    first = services.status_report_submit(actor=leader, report=draft)
    assert stored()[project.pk] == first.pk
    assert_stored_matches()
    # A later period's report is the latest; an earlier period's, submitted late, is not.
    newest = submit(leader, project, late, Light.RED)
    assert stored()[project.pk] == newest.pk
    submit(leader, project, early)
    assert stored()[project.pk] == newest.pk
    assert_stored_matches()
    # A correction is a draft until submitted, then the latest as the newest version of its period.
    correction = services.status_report_correct(actor=leader, report=newest)
    assert stored()[project.pk] == newest.pk
    correction = services.status_report_submit(actor=leader, report=correction)
    assert stored()[project.pk] == correction.pk
    # A correction of an earlier period's report is not.
    old = services.status_report_correct(actor=leader, report=first)
    services.status_report_submit(actor=leader, report=old)
    assert stored()[project.pk] == correction.pk
    assert_stored_matches()
    # Another project's reports touch only its own.
    other = submit(leader, other_project, middle)
    assert stored()[other_project.pk] == other.pk
    assert_stored_matches()


def test_it_keeps_the_latest_report_when_a_project_read_earlier_is_saved(leader, project):
    read_before = Project.objects.get(pk=project.pk)
    report = submit(leader, project, meeting(-14))
    read_before.name = "Nyt navn"
    read_before.save()
    assert Project.objects.values_list("name", "latest_report_id").get(pk=project.pk) == (
        "Nyt navn",
        report.pk,
    )
    partly = Project.objects.only("pk", "archived").get(pk=project.pk)
    partly.archived = True
    partly.save()
    assert stored()[project.pk] == report.pk


def test_it_keeps_the_latest_report_through_bulk_writes_and_deletes(leader, project, other_project):
    early, late = meeting(-28), meeting(-14)
    kept = StatusReportFactory(project=project, period=early)  # a factory's report, through save()
    assert_stored_matches()
    StatusReport.objects.bulk_create(
        [
            StatusReport(
                project=p,
                period=late,
                author=leader,
                overall=Light.RED,
                state=SUBMITTED,
                submitted_at=timezone.now(),
            )
            for p in (project, other_project)
        ]
    )
    assert stored()[project.pk] != kept.pk
    assert_stored_matches()
    # Drafts in bulk change nothing.
    StatusReport.objects.bulk_create(
        [StatusReport(project=project, period=meeting(7), author=leader, state=DRAFT)]
    )
    assert_stored_matches()
    # update(): the late reports moved to a period before the early one, and back.
    before = meeting(-42)
    StatusReport.objects.filter(period=late).update(period=before)
    assert stored()[project.pk] == kept.pk
    assert_stored_matches()
    StatusReport.objects.filter(period=before).update(period=late)
    assert_stored_matches()
    # Deletes (nothing in the portal deletes a report; the database may): the one before is the latest.
    StatusReport.objects.get(project=project, period=late).delete()
    assert stored()[project.pk] == kept.pk
    StatusReport.objects.filter(project=other_project).delete()
    assert stored()[other_project.pk] is None
    assert_stored_matches()


def test_it_follows_a_meeting_moved_past_another(leader, project):
    first, second = meeting(14), meeting(28)
    submit(leader, project, first)
    later = submit(leader, project, second)
    assert stored()[project.pk] == later.pk
    moved = ReportingPeriod.objects.get(pk=first.pk)
    moved.meeting_date = TODAY + datetime.timedelta(days=35)
    moved.save()
    assert stored()[project.pk] != later.pk
    assert_stored_matches()


def test_it_stores_the_latest_report_in_the_generated_portfolio(settings):
    settings.DEBUG = True
    call_command("generate_portfolio", projects=6, periods=3, seed=3, stdout=io.StringIO())
    assert StatusReport.objects.exists()
    assert_stored_matches()
    # And again over it (--replace deletes the synthetic reports before their projects).
    call_command("generate_portfolio", projects=4, periods=2, seed=4, replace=True, stdout=io.StringIO())
    assert_stored_matches()


def test_it_fills_the_latest_report_in_its_data_migration(leader, project, other_project):
    submit(leader, project, meeting(-14))
    submit(leader, project, meeting(-28))
    Project.objects.update(latest_report=None)
    assert stored() != by_definition()
    migration = importlib.import_module("portfolio.migrations.0012_project_latest_report")
    migration.fill_latest_report(apps, None)
    assert_stored_matches()
    assert stored()[other_project.pk] is None


def test_it_marks_every_project_when_asked_for_none(leader, project, other_project):
    held = meeting(-14)
    submit(leader, project, held)
    submit(leader, other_project, held)
    Project.objects.update(latest_report=None)
    assert mark_latest_reports() == Project.objects.count()
    assert_stored_matches()


def _per_project_by_definition(active):
    """lights._per_project() as the definition reads it: a search of the project's reports per column."""
    latest = latest_submitted_reports().filter(project=OuterRef("pk"))
    return (
        active.annotate(
            latest_period=Subquery(latest.values("period")[:1]),
            latest_overall=Subquery(latest.values("overall")[:1]),
            spent=Subquery(latest.values("budget_spent")[:1]),
            forecast=Subquery(latest.values("budget_forecast")[:1]),
        )
        .values(
            "pk", "number", "name", "phase", "budget", "latest_period", "latest_overall", "spent", "forecast"
        )
        .order_by()
    )


def test_it_gives_the_dashboard_the_lights_of_the_definition(leader, monkeypatch):
    """A portfolio of every case (reports in and before the heatmap's periods, corrections, an earlier
    period submitted late, drafts, a cancelled meeting, none at all): the dashboard's figures, heatmap
    and trends from the stored latest report equal those from the definition."""
    rng = random.Random(22)
    periods = [meeting(7 - 14 * k) for k in range(12, -1, -1)]  # twelve held and the coming one
    cancelled = periods[8]
    cancelled.cancelled = True
    cancelled.save()
    projects = [
        project_set_people(
            actor=None, project=ProjectFactory(phase=Phase.EXECUTION, budget=1000 * n), leader=leader
        )
        for n in range(1, 25)
    ]
    for project in projects:
        for period in rng.sample(periods, rng.randint(0, len(periods))):
            light = rng.choice([Light.GREEN, Light.YELLOW, Light.RED])
            if rng.random() < 0.15:
                services.status_report_save_draft(
                    actor=leader,
                    project=project,
                    period=period,
                    data={"overall": light, "overall_comment": "Kladde"},
                )
                continue
            report = submit(leader, project, period, light)
            if rng.random() < 0.3:
                correction = services.status_report_correct(actor=leader, report=report)
                correction.overall = rng.choice([Light.GREEN, Light.RED])
                correction.overall_comment = "Rettet"
                correction.save()
                services.status_report_submit(actor=leader, report=correction)
    assert_stored_matches()
    stored_figures = dashboard_data(today=TODAY)
    monkeypatch.setattr(lights, "_per_project", _per_project_by_definition)
    defined_figures = dashboard_data(today=TODAY)
    assert stored_figures.by_light == defined_figures.by_light
    assert stored_figures.missing == defined_figures.missing
    assert stored_figures.turning_worse == defined_figures.turning_worse
    assert stored_figures.light_matrix == defined_figures.light_matrix
    assert stored_figures.phase_matrix == defined_figures.phase_matrix
    assert stored_figures.heatmap == defined_figures.heatmap
    assert (stored_figures.spent_total, stored_figures.forecast_total) == (
        defined_figures.spent_total,
        defined_figures.forecast_total,
    )
    assert stored_figures.budget_by_area == defined_figures.budget_by_area
    assert {row.trend for row in stored_figures.heatmap} >= {"worse", "better"}  # the trends were tested


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_keeps_the_newest_of_reports_submitted_at_the_same_moment(require_service):
    """Four periods' reports of one project submitted at once (PostgreSQL: each update of the project's
    row reads the reports as of its own start): the stored one is still the newest period's. (Today the
    dashboard token's row, which every submit replaces first, already queues them; mark_latest_reports()
    locks the projects' rows so as not to depend on that.)"""
    require_service("postgresql")
    leader = UserFactory(username="samtidig-leder")
    project = project_set_people(actor=None, project=ProjectFactory(phase=Phase.EXECUTION), leader=leader)
    periods = [meeting(-14 * k) for k in range(4)]
    outcomes = run_together(*(lambda p=p: submit(leader, project, p) for p in periods))
    assert all(outcome.ok for outcome in outcomes), [outcome.error for outcome in outcomes]
    assert stored()[project.pk] == StatusReport.objects.get(period=periods[0]).pk
    assert_stored_matches()
