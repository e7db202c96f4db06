"""Creating a project: the portal numbers it, a leader is required past idé, people and focus areas are
picked from a checkbox list that works without JavaScript, and "Nyt projekt" is offered to those who may."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portfolio.lifecycle import services as lifecycle_services
from portfolio.models import Phase, Project
from portfolio.services import LEADER_REQUIRED_MESSAGE, project_save
from tests.factories import OrgUnitFactory, ProjectFactory, UserFactory, current_focus_area
from tests.portfolio.test_project_editing import project_data

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


def _create(client, **overrides):
    return client.post("/projects/new/", project_data(**overrides))


def _new():
    return Project.objects.get(name="Digital post til virksomheder")


# --- numbering ---------------------------------------------------------------------------------------------


def test_it_gives_the_first_project_of_a_year_number_001(client, programme_member):
    client.force_login(programme_member)
    response = _create(client)
    assert response.status_code == 302
    assert _new().number == f"ND-{THIS_YEAR}-001"


def test_it_gives_the_next_number_after_the_highest_of_the_year(client, programme_member):
    ProjectFactory(number=f"ND-{THIS_YEAR}-007")
    ProjectFactory(number=f"ND-{THIS_YEAR}-012")
    ProjectFactory(number=f"ND-{THIS_YEAR - 1}-030")  # last year's series does not count
    ProjectFactory(number="IOD-17")  # nor does a number outside the series
    client.force_login(programme_member)
    _create(client)
    assert _new().number == f"ND-{THIS_YEAR}-013"


def test_it_starts_a_new_series_when_the_year_rolls_over(monkeypatch):
    ProjectFactory(number="ND-2026-014")
    assert lifecycle_services.project_number_next(year=2026) == "ND-2026-015"
    monkeypatch.setattr(lifecycle_services.timezone, "localdate", lambda: datetime.date(2027, 1, 2))
    assert lifecycle_services.project_number_next() == "ND-2027-001"


def test_it_ignores_a_number_given_in_the_post(client, programme_member):
    client.force_login(programme_member)
    _create(client, number="HACK-1")
    assert _new().number == f"ND-{THIS_YEAR}-001"
    assert not Project.objects.filter(number="HACK-1").exists()


def test_it_retries_once_with_the_next_number_when_the_number_is_taken_meanwhile(
    monkeypatch, programme_member
):
    """The lock serialises the portal's own creates; a number taken otherwise meets the unique index."""
    ProjectFactory(number=f"ND-{THIS_YEAR}-001")
    real_next = lifecycle_services.project_number_next
    calls = []

    def stale_first(**kwargs):
        calls.append(1)
        return f"ND-{THIS_YEAR}-001" if len(calls) == 1 else real_next(**kwargs)

    monkeypatch.setattr(lifecycle_services, "project_number_next", stale_first)
    project = lifecycle_services.project_create(
        actor=programme_member,
        project=Project(
            name="Robot", anchoring=OrgUnitFactory(), kind="lokal", phase=Phase.IDEA, project_model="light"
        ),
        focus_areas=[current_focus_area(1)],
        deputies=[],
    )
    assert project.number == f"ND-{THIS_YEAR}-002" and len(calls) == 2


def test_it_creates_once_when_the_form_is_posted_twice(client, programme_member):
    client.force_login(programme_member)
    data = project_data(submit_token="a" * 32)
    first, second = client.post("/projects/new/", data), client.post("/projects/new/", data)
    assert first.status_code == second.status_code == 302
    assert Project.objects.filter(name="Digital post til virksomheder").count() == 1


def test_it_shows_the_number_read_only_on_the_edit_form(client, leader, project):
    client.force_login(leader)
    html = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert f'value="{project.number}"' in html and "kan ikke ændres" in html
    assert 'name="number"' in html and "disabled" in html.split('name="number"')[1].split(">")[0]
    response = client.post(f"/projects/{project.pk}/edit/", project_data(project, number="ND-1999-999"))
    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).number == project.number


def test_it_does_not_ask_for_a_number_on_the_create_form(client, programme_member):
    client.force_login(programme_member)
    html = client.get("/projects/new/").content.decode()
    assert 'name="number"' not in html and "får sit nummer af portalen" in html


def test_it_invites_the_creator_to_plan_the_phases(client, programme_member):
    client.force_login(programme_member)
    response = _create(client)
    page = client.get(response["Location"]).content.decode()
    assert f"er oprettet som ND-{THIS_YEAR}-001" in page and "Planlæg nu faserne" in page
    assert "Planlæg faserne" in page and f"/projects/{_new().pk}/plan/" in page


# --- the leader --------------------------------------------------------------------------------------------


def test_it_requires_a_leader_past_idea_on_the_form(client, programme_member):
    client.force_login(programme_member)
    response = _create(client, leader="", phase="analyse")
    assert response.status_code == 200
    assert LEADER_REQUIRED_MESSAGE in response.content.decode()
    assert not Project.objects.filter(name="Digital post til virksomheder").exists()


def test_it_lets_an_idea_be_created_without_a_leader(client, programme_member):
    client.force_login(programme_member)
    assert _create(client, leader="", phase=Phase.IDEA).status_code == 302
    assert _new().leader is None


def test_it_requires_a_leader_past_idea_in_the_service(programme_member):
    project = Project(name="Uden leder", anchoring=OrgUnitFactory(), kind="lokal", phase=Phase.ANALYSIS)
    with pytest.raises(ValidationError) as refused:
        lifecycle_services.project_create(
            actor=programme_member, project=project, focus_areas=[current_focus_area(1)], deputies=[]
        )
    assert LEADER_REQUIRED_MESSAGE in str(refused.value)
    assert not Project.objects.filter(name="Uden leder").exists()


def test_it_refuses_removing_the_leader_of_a_project_past_idea_in_the_service(project, programme_member):
    project.leader = None
    with pytest.raises(ValidationError):
        project_save(actor=programme_member, project=project, focus_areas=[], deputies=[])
    assert Project.objects.get(pk=project.pk).leader_id is not None


# --- the searchable multi-select, without JavaScript -------------------------------------------------


def test_it_renders_deputies_and_focus_areas_as_checkbox_fieldsets(client, programme_member):
    UserFactory(first_name="Dorte", last_name="Stedfortræder")
    client.force_login(programme_member)
    html = client.get("/projects/new/").content.decode()
    assert "<select" not in html.split("Stedfortrædere")[1].split("</fieldset>")[0]
    assert html.count("data-multiselect ") == 2
    assert 'type="checkbox" name="deputies"' in html and 'type="checkbox" name="focus_areas"' in html
    assert "<legend" in html and "js/multiselect.js" in html
    assert "<script>" not in html  # the CSP allows no inline script


def test_it_saves_deputies_ticked_in_the_checkbox_list(client, programme_member):
    dorte, erik = UserFactory(first_name="Dorte"), UserFactory(first_name="Erik")
    client.force_login(programme_member)
    response = _create(
        client, deputies=[dorte.pk, erik.pk], focus_areas=[current_focus_area(1).pk, current_focus_area(3).pk]
    )
    assert response.status_code == 302
    project = _new()
    assert set(project.deputies.all()) == {dorte, erik}
    assert {area.number for area in project.focus_areas.all()} == {1, 3}
    assert dorte.has_perm("portfolio.change_project", project)


def test_it_refuses_an_unknown_deputy_in_danish(client, programme_member):
    client.force_login(programme_member)
    response = _create(client, deputies=["999999"])
    html = response.content.decode()
    assert response.status_code == 200 and "Marker en gyldig valgmulighed" in html


# --- "Nyt projekt" -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/projects/", "/projects/mine/"])
def test_it_offers_nyt_projekt_only_to_those_who_may_create(client, programme_member, reader, leader, url):
    for person, offered in ((programme_member, True), (reader, False), (leader, False)):
        client.force_login(person)
        html = client.get(url).content.decode()
        assert ('href="/projects/new/"' in html) is offered, (person, url)
