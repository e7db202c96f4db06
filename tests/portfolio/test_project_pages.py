"""The project list and the read-only project page: everyone logged in reads the whole portfolio."""

import pytest

from focusareas.models import FocusArea
from portfolio.models import StatusReport
from tests.factories import ReportingPeriodFactory, StatusReportFactory, StrategyPeriodFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["leader", "programme_member", "reader"])
def test_it_lets_every_logged_in_persona_read_the_list_and_the_page(client, request, project, persona):
    client.force_login(request.getfixturevalue(persona))
    listing = client.get("/projects/")
    assert listing.status_code == 200
    assert "Talegenkendelse" in listing.content.decode()
    page = client.get(f"/projects/{project.pk}/")
    assert page.status_code == 200
    assert "<h1>Talegenkendelse</h1>" in page.content.decode()


def test_it_shows_the_latest_submitted_light_with_its_label(client, reader, project):
    old, new = ReportingPeriodFactory(), ReportingPeriodFactory()
    StatusReportFactory(project=project, period=old, overall="green")
    StatusReportFactory(project=project, period=new, overall="red")
    StatusReportFactory(
        project=project,
        period=new,
        version=2,
        overall="yellow",
        state=StatusReport.State.DRAFT,
        submitted_at=None,
    )
    client.force_login(reader)
    html = client.get("/projects/").content.decode()
    assert 'class="light light--red"' in html
    assert "Rød" in html


def test_it_hides_archived_projects_and_404s_them(client, reader, project):
    project.archived = True
    project.save()
    client.force_login(reader)
    assert "Talegenkendelse" not in client.get("/projects/").content.decode()
    assert client.get(f"/projects/{project.pk}/").status_code == 404


def test_it_answers_404_for_an_unknown_project(client, reader):
    client.force_login(reader)
    assert client.get("/projects/999999/").status_code == 404


def test_it_shows_the_status_history_and_change_history_on_the_page(client, reader, project, leader):
    StatusReportFactory(project=project, overall="yellow", summary="Leverandøren er forsinket")
    project.name = "Talegenkendelse i hele kommunen"
    project._history_user = leader
    project.save()
    client.force_login(reader)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "Leverandøren er forsinket" in html
    assert "Ændret: Navn" in html or "Ændret: navn" in html
    assert str(leader) in html


def test_it_refuses_writes_to_the_read_only_pages(client, reader, project):
    client.force_login(reader)
    assert client.post(f"/projects/{project.pk}/").status_code == 405
    assert client.post("/projects/").status_code == 405


def test_it_shows_the_overview_and_focus_areas(client, reader, project):
    client.force_login(UserFactory())
    overview = client.get("/").content.decode()
    assert "Overblik over digitaliseringsporteføljen" in overview
    assert "Borger, teknologi og lokaldemokratiet" in overview
    areas = client.get("/focus-areas/").content.decode()
    assert "Kommunernes digitale fundamenter" in areas
    assert "Digitaliseringsstrategi 2016-2020" in areas


def test_it_pages_the_list_fifty_at_a_time_and_forgives_bad_page_numbers(client, reader):
    from tests.factories import ProjectFactory

    ProjectFactory.create_batch(51)
    client.force_login(reader)
    first = client.get("/projects/")
    assert first.context["page"].paginator.count == 51
    assert len(first.context["projects"]) == 50
    assert "Næste side" in first.content.decode()
    assert len(client.get("/projects/?page=2").context["projects"]) == 1
    for bad in ("abc", "-1", "99999", "1" * 400):
        response = client.get(f"/projects/?page={bad}")
        assert response.status_code == 200


def test_it_shows_contracts_to_watch_on_the_overview(client, reader):
    import datetime

    from portfolio.models import ITSystem

    ITSystem.objects.create(
        name="Arbejdsmarkedssystem FASIT",
        contract_end=datetime.date.today() + datetime.timedelta(days=60),
        on_common_infrastructure=False,
    )
    client.force_login(reader)
    html = client.get("/").content.decode()
    assert "Kontraktovervågning" in html
    assert "Arbejdsmarkedssystem FASIT" in html
    assert "Ikke på fælleskommunal infrastruktur" in html


def test_it_names_the_deputies_and_the_project_group_on_the_page(client, reader, project):
    # Read by one query compiled once (selectors.project_people): names as User's str(), each role on its own.
    first = UserFactory(first_name="Åse", last_name="Stedfortræder")
    second = UserFactory(first_name="", last_name="", username="bo.uden.navn")
    member = UserFactory(first_name="Mette", last_name="<Gruppe>")
    project.deputies.set([first, second])
    project.members.set([member, first])
    client.force_login(reader)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "<dt>Stedfortrædere</dt><dd>Åse Stedfortræder, bo.uden.navn</dd>" in html
    assert "<dt>Projektgruppe</dt><dd>Åse Stedfortræder, Mette &lt;Gruppe&gt;</dd>" in html


def test_it_names_the_focus_areas_with_the_years_of_a_period_that_is_not_current(client, reader, project):
    # Read by one query compiled once (page_lists.project_focus_areas), in FocusArea's order.
    past = StrategyPeriodFactory(start_year=2016, end_year=2020)
    current = project.focus_areas.get()
    old = FocusArea.objects.create(period=past, number=4, title="Gammelt <område>")
    project.focus_areas.add(old)
    client.force_login(reader)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert f"<dd>4. Gammelt &lt;område&gt; (2016-2020)<br>{current}</dd>" in html
