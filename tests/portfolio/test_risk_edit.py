"""Editing and re-scoring a risk on its own page: probability and consequence in words, the zone beside
the score, the history, a stale save refused, finished projects read-only; the heat map on the page."""

import re

import pytest
from django.test import Client

from portfolio.models import Phase, Risk
from portfolio.services import project_phase_set
from tests.edit_tokens import token_on

pytestmark = pytest.mark.django_db

STALE = "Nogen har gemt ændringer, siden du åbnede siden"


@pytest.fixture
def risk(led_project):
    return Risk.objects.create(
        project=led_project, title="Leverandøren leverer for sent", probability=2, consequence=3
    )


def _url(risk):
    return f"/projects/{risk.project_id}/risks/{risk.pk}/edit/"


def _data(client, risk, **changes):
    data = {
        "risici-title": risk.title,
        "risici-description": risk.description,
        "risici-probability": risk.probability,
        "risici-consequence": risk.consequence,
        "risici-action": risk.action,
        "risici-owner": "",
        "risici-status": risk.status,
        "risici-version": token_on(client, _url(risk), "risici-version"),
    }
    data.update({f"risici-{name}": value for name, value in changes.items()})
    return data


def test_it_labels_probability_and_consequence_in_words(client, project_leader, risk):
    client.force_login(project_leader)
    page = client.get(_url(risk)).content.decode()
    for value, label in [(1, "Meget lav"), (2, "Lav"), (3, "Middel"), (4, "Høj"), (5, "Meget høj")]:
        assert re.search(rf'<option value="{value}"[^>]*>{label}</option>', page)
    assert "Sandsynlighed (1-5)" not in page
    add_form = client.get(f"/projects/{risk.project_id}/").content.decode()
    assert '<option value="5">Meget høj</option>' in add_form


def test_it_lets_the_leader_rescore_with_history(client, project_leader, risk):
    client.force_login(project_leader)
    response = client.post(
        _url(risk), _data(client, risk, probability=4, consequence=5, action="Bod i kontrakten")
    )
    assert response.status_code == 302
    stored = Risk.objects.get(pk=risk.pk)
    assert (stored.probability, stored.consequence, stored.score) == (4, 5, 20)
    assert stored.zone.label == "Høj risiko"
    assert stored.history.count() == 2 and stored.history.first().history_user == project_leader
    page = client.get(f"/projects/{risk.project_id}/").content.decode()
    assert "Høj (4)" in page and "Meget høj (5)" in page and "20</strong> – Høj risiko" in page
    history = client.get(_url(risk)).content.decode()
    assert "Risikoens historik" in history and "sandsynlighed" in history.lower()


def test_it_refuses_an_out_of_range_score_in_danish(client, project_leader, risk):
    client.force_login(project_leader)
    for bad in ("0", "6", "x", "99999999999999999999"):
        response = client.post(_url(risk), _data(client, risk, probability=bad))
        assert response.status_code == 200 and "Risikoen er ikke gemt" in response.content.decode()
    assert Risk.objects.get(pk=risk.pk).probability == 2


def test_it_refuses_a_stale_save(client, project_leader, programme_member, risk):
    client.force_login(project_leader)
    data = _data(client, risk, consequence=5)
    other = Client()
    other.force_login(programme_member)
    assert other.post(_url(risk), _data(other, risk, probability=1)).status_code == 302
    html = client.post(_url(risk), data).content.decode()
    assert STALE in html and "Sandsynlighed" in html
    assert (Risk.objects.get(pk=risk.pk).probability, Risk.objects.get(pk=risk.pk).consequence) == (1, 3)


def test_it_lets_a_programme_member_close_a_risk(client, programme_member, risk):
    client.force_login(programme_member)
    assert client.post(_url(risk), _data(client, risk, status="closed")).status_code == 302
    assert Risk.objects.get(pk=risk.pk).status == "closed"


def test_it_refuses_a_reader_and_offers_no_edit_link(client, reader, risk):
    client.force_login(reader)
    assert client.get(_url(risk)).status_code == 403
    assert client.post(_url(risk), {"risici-title": "X"}).status_code == 403
    assert _url(risk) not in client.get(f"/projects/{risk.project_id}/").content.decode()


def test_it_answers_404_for_a_risk_of_another_project(client, project_leader, risk):
    client.force_login(project_leader)
    assert client.get(f"/projects/{risk.project_id}/risks/999999/edit/").status_code == 404


def test_it_refuses_editing_a_finished_project(client, project_leader, risk):
    client.force_login(project_leader)
    data = _data(client, risk, probability=5)
    project = risk.project
    project.phase = Phase.EXECUTION
    project.save()
    project_phase_set(actor=None, project=project, phase=Phase.CLOSED)
    response = client.post(_url(risk), data, follow=True)
    assert "kan ikke længere ændres" in response.content.decode()
    assert Risk.objects.get(pk=risk.pk).probability == 2
    assert _url(risk) not in client.get(f"/projects/{project.pk}/").content.decode()


def test_it_shows_the_heat_map_with_counts_and_zones_in_words(client, reader, led_project):
    for probability, consequence, status in [
        (5, 5, "open"),
        (5, 5, "open"),
        (1, 1, "open"),
        (3, 3, "closed"),
    ]:
        Risk.objects.create(
            project=led_project, title="R", probability=probability, consequence=consequence, status=status
        )
    client.force_login(reader)
    response = client.get(f"/projects/{led_project.pk}/")
    matrix = response.context["risk_matrix"]
    rows = {level.value: {cell.consequence: cell for cell in cells} for level, cells in matrix}
    assert [level.label for level, _ in matrix][0] == "Meget høj"  # probability down, highest first
    assert rows[5][5].count == 2 and rows[5][5].zone_label == "Høj risiko"
    assert rows[1][1].count == 1 and rows[1][1].zone_label == "Lav risiko"
    assert rows[3][3].count == 0 and rows[3][3].zone_label == "Middel risiko"  # closed ones not counted
    html = response.content.decode()
    table = html[
        html.index('<table class="heat-map') : html.index("</table>", html.index('<table class="heat-map'))
    ]
    assert '<th scope="col">Meget høj</th>' in table and '<th scope="row">Meget lav</th>' in table
    assert 'heat-map__count">2</span> <span class="heat-map__zone">Høj</span>' in table
    assert table.count('heat-map__zone">Høj<') == 8  # score 12 and more: 8 of the 25 cells
    assert "Middel</span> 5–11" in html  # the legend names the zones
