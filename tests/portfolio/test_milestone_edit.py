"""Editing a milestone on its own page: title, forecast date, owner and description; the baseline date
stays, the history shows the change, a stale save is refused, finished projects are read-only."""

import datetime

import pytest

from portfolio.lifecycle.services import project_baseline_freeze
from portfolio.models import Milestone, Phase
from portfolio.services import project_phase_set
from tests.edit_tokens import token_on
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STALE = "Nogen har gemt ændringer, siden du åbnede siden"


@pytest.fixture
def milestone(led_project):
    milestone = Milestone.objects.create(
        project=led_project, title="Kontrakt underskrevet", due_date=datetime.date(2026, 3, 1)
    )
    project_baseline_freeze(actor=None, project=led_project)
    return Milestone.objects.get(pk=milestone.pk)


def _url(milestone):
    return f"/projects/{milestone.project_id}/milestones/{milestone.pk}/edit/"


def _data(client, milestone, **changes):
    data = {
        "milepaele-title": milestone.title,
        "milepaele-due_date": milestone.due_date.isoformat(),
        "milepaele-owner": "",
        "milepaele-description": "",
        "milepaele-version": token_on(client, _url(milestone), "milepaele-version"),
    }
    data.update({f"milepaele-{name}": value for name, value in changes.items()})
    return data


def test_it_lets_the_leader_move_the_forecast_and_keeps_the_baseline(client, project_leader, milestone):
    client.force_login(project_leader)
    owner = UserFactory(username="ejer", first_name="Olga", last_name="Ejer")
    page = client.get(_url(milestone)).content.decode()
    assert "Oprindelig dato" in page and "1. marts 2026" in page
    response = client.post(
        _url(milestone),
        _data(client, milestone, title="Kontrakt på plads", due_date="2026-03-13", owner=owner.pk),
    )
    assert response.status_code == 302
    stored = Milestone.objects.get(pk=milestone.pk)
    assert (stored.title, stored.due_date, stored.owner) == (
        "Kontrakt på plads",
        datetime.date(2026, 3, 13),
        owner,
    )
    assert stored.baseline_date == datetime.date(2026, 3, 1)
    assert stored.slip_days == 12
    project_page = client.get(f"/projects/{milestone.project_id}/").content.decode()
    assert "12 dage forsinket" in project_page and "Olga Ejer" in project_page
    history = client.get(_url(milestone)).content.decode()
    assert "Milepælens historik" in history and "forventet dato" in history.lower()


def test_it_ignores_a_posted_baseline_or_reached_date(client, project_leader, milestone):
    client.force_login(project_leader)
    data = _data(client, milestone, due_date="2026-04-01")
    data.update({"milepaele-baseline_date": "2030-01-01", "milepaele-completed_on": "2026-01-01"})
    assert client.post(_url(milestone), data).status_code == 302
    stored = Milestone.objects.get(pk=milestone.pk)
    assert stored.baseline_date == datetime.date(2026, 3, 1) and stored.completed_on is None


def test_it_keeps_a_reached_milestones_actual_date(client, project_leader, milestone):
    milestone.completed_on = datetime.date(2026, 3, 5)
    milestone.save()
    client.force_login(project_leader)
    assert client.post(_url(milestone), _data(client, milestone, title="Ny titel")).status_code == 302
    assert Milestone.objects.get(pk=milestone.pk).completed_on == datetime.date(2026, 3, 5)


def test_it_refuses_bad_input_in_danish(client, project_leader, milestone):
    client.force_login(project_leader)
    response = client.post(_url(milestone), _data(client, milestone, title="", due_date="ikke en dato"))
    assert response.status_code == 200
    assert "Milepælen er ikke gemt" in response.content.decode()
    assert Milestone.objects.get(pk=milestone.pk).title == "Kontrakt underskrevet"


def test_it_refuses_a_stale_save(client, project_leader, programme_member, milestone):
    client.force_login(project_leader)
    data = _data(client, milestone, title="Lederens titel")
    other = client.__class__()
    other.force_login(programme_member)
    assert (
        other.post(_url(milestone), _data(other, milestone, title="Programgruppens titel")).status_code == 302
    )
    refused = client.post(_url(milestone), data)
    html = refused.content.decode()
    assert STALE in html and "Lederens titel" in html
    assert Milestone.objects.get(pk=milestone.pk).title == "Programgruppens titel"


def test_it_lets_a_programme_member_edit(client, programme_member, milestone):
    client.force_login(programme_member)
    assert client.post(_url(milestone), _data(client, milestone, due_date="2026-02-20")).status_code == 302
    assert Milestone.objects.get(pk=milestone.pk).slip_days == -9


def test_it_refuses_a_reader_and_offers_no_edit_link(client, reader, milestone):
    client.force_login(reader)
    assert client.get(_url(milestone)).status_code == 403
    assert client.post(_url(milestone), {"milepaele-title": "X"}).status_code == 403
    assert _url(milestone) not in client.get(f"/projects/{milestone.project_id}/").content.decode()
    assert Milestone.objects.get(pk=milestone.pk).title == "Kontrakt underskrevet"


def test_it_answers_404_for_another_projects_or_an_archived_milestone(client, project_leader, milestone):
    client.force_login(project_leader)
    assert client.get(f"/projects/{milestone.project_id}/milestones/999999/edit/").status_code == 404
    milestone.archived = True
    milestone.save()
    assert client.get(_url(milestone)).status_code == 404


def test_it_refuses_editing_a_finished_project(client, project_leader, milestone):
    client.force_login(project_leader)
    data = _data(client, milestone, title="Efter lukning")
    project = milestone.project
    project.phase = Phase.EXECUTION
    project.save()
    project_phase_set(actor=None, project=project, phase=Phase.CLOSED)
    assert _url(milestone) not in client.get(f"/projects/{project.pk}/").content.decode()
    response = client.post(_url(milestone), data, follow=True)
    assert "kan ikke længere ændres" in response.content.decode()
    assert client.get(_url(milestone)).status_code == 302
    assert Milestone.objects.get(pk=milestone.pk).title == "Kontrakt underskrevet"
