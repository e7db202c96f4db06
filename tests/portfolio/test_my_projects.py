"""Mine projekter: the projects a user leads or is deputy for, and what is due before the next board."""

import datetime

import pytest
from django.utils import timezone

from portfolio.models import Milestone, StatusReport
from portfolio.services import project_set_people
from tests.factories import ProjectFactory, ReportingPeriodFactory, StatusReportFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def period():
    today = timezone.localdate()
    return ReportingPeriodFactory(
        meeting_date=today + datetime.timedelta(days=5),
        reporting_deadline=today + datetime.timedelta(days=3),
        start_date=today - datetime.timedelta(days=9),
    )


def rows(response):
    return {project.name: project for project in response.context["projects"]}


def test_it_lists_the_projects_the_user_leads_or_is_deputy_for_and_no_others(
    client, leader, project, other_project, other_leader, period
):
    deputy_of = ProjectFactory(name="Digital post")
    project_set_people(actor=None, project=deputy_of, leader=other_leader, deputies=[leader])
    ProjectFactory(name="Arkiveret", archived=True, leader=leader)
    client.force_login(leader)
    response = client.get("/projects/mine/")
    assert response.status_code == 200
    shown = rows(response)
    assert sorted(shown) == ["Digital post", "Talegenkendelse"]
    assert shown["Talegenkendelse"].is_leader
    assert not shown["Digital post"].is_leader
    html = response.content.decode()
    assert "Monopolbrud" not in html
    assert "Projektleder" in html
    assert "Stedfortræder" in html


def test_it_shows_whether_the_current_report_is_missing_in_draft_or_submitted(
    client, leader, project, period
):
    drafted = project_set_people(actor=None, project=ProjectFactory(name="Kladdeprojekt"), leader=leader)
    submitted = project_set_people(actor=None, project=ProjectFactory(name="Færdigt"), leader=leader)
    previous = ReportingPeriodFactory(meeting_date=period.meeting_date - datetime.timedelta(days=14))
    StatusReportFactory(project=project, period=previous, overall="yellow")  # last period only
    StatusReportFactory(
        project=drafted, period=period, state=StatusReport.State.DRAFT, submitted_at=None, overall="red"
    )
    StatusReportFactory(project=submitted, period=period, overall="green")
    client.force_login(leader)
    response = client.get("/projects/mine/")
    shown = rows(response)
    assert shown["Talegenkendelse"].report_state == "missing"
    assert shown["Kladdeprojekt"].report_state == "draft"
    assert shown["Færdigt"].report_state == "submitted"
    html = response.content.decode()
    assert "Mangler" in html
    assert "Kladde" in html
    assert "Indsendt" in html
    # The latest submitted light, not the draft's.
    assert shown["Talegenkendelse"].latest_overall == "yellow"
    assert shown["Kladdeprojekt"].latest_overall is None
    # Two reports are still due, with the deadline three days away.
    assert response.context["missing_count"] == 2
    assert "om 3 dage" in html
    assert f'href="/projects/{project.pk}/status/new/"' in html
    assert f'href="/projects/{drafted.pk}/status/new/"' in html
    assert f'href="/projects/{submitted.pk}/status/new/"' not in html
    # A started draft is continued, not written anew.
    assert html.count("Skriv statusrapport") == 1 and html.count("Fortsæt kladden") == 1


def test_it_lists_open_milestones_due_by_the_next_meeting(client, leader, project, period):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    for title, due, extra in [
        ("Overskredet", today - 3 * day, {}),
        ("Før mødet", period.meeting_date, {}),
        ("Efter mødet", period.meeting_date + day, {}),
        ("Nået", today, {"completed_on": today}),
        ("Arkiveret", today, {"archived": True}),
    ]:
        Milestone.objects.create(project=project, title=title, due_date=due, **extra)
    client.force_login(leader)
    response = client.get("/projects/mine/")
    assert [m.title for m in rows(response)["Talegenkendelse"].due_milestones] == ["Overskredet", "Før mødet"]
    html = response.content.decode()
    assert "Efter mødet" not in html
    assert "overskredet" in html


def test_it_does_not_ask_closed_projects_for_a_report(client, leader, period):
    project_set_people(actor=None, project=ProjectFactory(name="Afsluttet", phase="afsluttet"), leader=leader)
    client.force_login(leader)
    response = client.get("/projects/mine/")
    html = response.content.decode()
    assert "Rapporteres ikke" in html
    assert "Skriv statusrapport" not in html
    assert response.context["missing_count"] == 0


def test_it_says_so_in_danish_when_the_user_leads_nothing(client, reader, project, period):
    client.force_login(reader)
    response = client.get("/projects/mine/")
    assert response.status_code == 200
    assert response.context["projects"] == []
    html = response.content.decode()
    assert "Du er ikke projektleder eller stedfortræder for nogen projekter" in html
    assert "Talegenkendelse" not in html


def test_it_works_without_a_reporting_calendar(client, leader, project):
    client.force_login(leader)
    response = client.get("/projects/mine/")
    assert response.status_code == 200
    assert "Talegenkendelse" in response.content.decode()
    assert "ingen Project Board-møder i kalenderen" in response.content.decode()


def test_it_shows_an_overdue_deadline(client, leader, project):
    today = timezone.localdate()
    ReportingPeriodFactory(
        meeting_date=today + datetime.timedelta(days=1),
        reporting_deadline=today - datetime.timedelta(days=2),
        start_date=today - datetime.timedelta(days=14),
    )
    client.force_login(leader)
    html = client.get("/projects/mine/").content.decode()
    assert "overskredet med 2 dage" in html


def test_it_sends_anonymous_visitors_to_login(client):
    response = client.get("/projects/mine/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/projects/mine/")


def test_it_keeps_the_leader_out_of_other_users_lists(client, leader, project, period):
    someone = UserFactory(username="nogen")
    client.force_login(someone)
    assert rows(client.get("/projects/mine/")) == {}
