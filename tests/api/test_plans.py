"""/api/v1/plans/: the approved versions of the indsatsplan only, as approved (their frozen snapshot), not
drafts and not later edits."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from governance.models import AnnualPlan
from governance.plans import services as plan_services
from portfolio.models import Phase
from tests.factories import ProjectFactory, ReportingPeriodFactory, StatusReportFactory, current_focus_area

pytestmark = pytest.mark.django_db

URL = "/api/v1/plans/"


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def approved(programme_member, steering_member):
    """The 2027 plan, approved: a project item (in gennemførelse, yellow) and an activity."""
    project = ProjectFactory(number="P-100", name="Selvbetjening", phase=Phase.EXECUTION)
    StatusReportFactory(project=project, period=ReportingPeriodFactory(), overall="yellow")
    plan = plan_services.annual_plan_start(actor=programme_member, year=2027)
    plan_services.annual_plan_update(
        actor=programme_member,
        plan=plan,
        title="Indsatsplan 2027",
        introduction="Årets indsatser.",
        budget_frame=Decimal("500000"),
        hours_frame=2000,
    )
    plan_services.plan_item_add(
        actor=programme_member,
        plan=plan,
        project=project,
        rationale="Lovkrav",
        hours=100,
        amount=Decimal("50000"),
        focus_areas=[current_focus_area(1), current_focus_area(3)],
    )
    plan_services.plan_item_add(actor=programme_member, plan=plan, activity="Kompetenceudvikling", hours=10)
    plan_services.annual_plan_submit(actor=programme_member, plan=plan)
    return plan_services.annual_plan_approve(actor=steering_member, plan=plan)


def test_it_gives_the_approved_plan_as_approved(api_as, reader, approved):
    row = api_as(reader).get(f"{URL}{approved.pk}/").json()
    project_item, activity = row["items"]
    assert (row["year"], row["version"], row["title"]) == (2027, 1, "Indsatsplan 2027")
    assert row["introduction"] == "Årets indsatser."
    assert (row["budget_frame"], row["hours_frame"]) == ("500000.00", 2000)
    assert row["approval_decision"] == approved.approval_decision_id and row["approved_at"]
    assert row["supersedes"] is None and row["superseded_by"] is None
    project = approved.items.get(rank=1).project
    assert project_item["rank"] == 1
    assert project_item["project"] == {"id": project.pk, "number": "P-100", "name": "Selvbetjening"}
    assert (project_item["phase"], project_item["light"]) == ("gennemfoerelse", "yellow")
    assert project_item["rationale"] == "Lovkrav"
    assert (project_item["hours"], project_item["amount"]) == (100, "50000.00")
    assert [area["number"] for area in project_item["focus_areas"]] == [1, 3]
    assert activity["rank"] == 2 and activity["project"] is None
    assert activity["activity"] == "Kompetenceudvikling"


def test_it_keeps_what_the_plan_said_when_the_projects_change(api_as, reader, approved):
    project = approved.items.get(rank=1).project
    project.name, project.phase = "Omdøbt", Phase.REALISATION
    project.save()
    StatusReportFactory(project=project, period=ReportingPeriodFactory(), overall="red")
    item = api_as(reader).get(f"{URL}{approved.pk}/").json()["items"][0]
    assert item["project"]["name"] == "Selvbetjening"
    assert (item["phase"], item["light"]) == ("gennemfoerelse", "yellow")


def test_it_shows_no_draft_and_no_plan_sent_for_approval(
    api_as, reader, programme_member, steering_member, approved
):
    # The revision of the approved plan (a new draft version) and a submitted plan of another year.
    revision = plan_services.annual_plan_revise(actor=programme_member, plan=approved)
    submitted = plan_services.annual_plan_start(actor=programme_member, year=2028)
    plan_services.plan_item_add(actor=programme_member, plan=submitted, activity="Drift", hours=5)
    plan_services.annual_plan_submit(actor=programme_member, plan=submitted)
    for user in (reader, programme_member, steering_member):
        api = api_as(user)
        assert ids(api.get(URL)) == {approved.pk}
        assert api.get(f"{URL}{revision.pk}/").status_code == 404
        assert api.get(f"{URL}{submitted.pk}/").status_code == 404
    # Once the revision is approved, both versions are there, each saying which replaced which.
    plan_services.annual_plan_submit(actor=programme_member, plan=revision)
    plan_services.annual_plan_approve(actor=steering_member, plan=revision)
    rows = {row["id"]: row for row in api_as(reader).get(URL).json()["results"]}
    assert rows[approved.pk]["superseded_by"] == revision.pk
    assert rows[revision.pk]["supersedes"] == approved.pk


def test_it_filters_by_year(api_as, reader, approved):
    api = api_as(reader)
    assert ids(api.get(URL, {"year": 2027})) == {approved.pk}
    assert ids(api.get(URL, {"year": 2026})) == set()
    response = api.get(URL, {"year": 99999})
    assert response.status_code == 400 and "year" in response.json()


def test_it_lists_only_plans_changed_since_a_time(api_as, reader, approved):
    since = timezone.now() - datetime.timedelta(hours=1)
    AnnualPlan.history.update(history_date=since - datetime.timedelta(days=1))
    assert ids(api_as(reader).get(URL, {"changed_since": since.isoformat()})) == set()
    AnnualPlan.history.filter(id=approved.pk).update(history_date=timezone.now())
    assert ids(api_as(reader).get(URL, {"changed_since": since.isoformat()})) == {approved.pk}


def test_it_gives_the_plans_as_csv(api_as, reader, approved):
    response = api_as(reader).get(URL, {"format": "csv"})
    assert response.status_code == 200
    header = response.getvalue().decode("utf-8").lstrip("\ufeff").split("\r\n")[0].split(";")
    assert {"id", "year", "version", "title", "budget_frame", "items"} <= set(header)
