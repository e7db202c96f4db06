"""Stopping a project: the programme or steering group's chair or a member, with a required reason."""

import pytest
from django.test import Client

from governance.models import Decision, ProjectRequest
from portfolio.models import Project
from tests.factories import UserFactory, body

pytestmark = pytest.mark.django_db

REASON = "Leverandøren er gået konkurs, og markedet har ingen anden løsning."


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _url(project):
    return f"/projects/{project.pk}/stop/"


@pytest.mark.parametrize("persona", ["steering_member", "programme_chair"])
def test_it_stops_a_project_with_its_reason_and_a_decision(request, persona, led_project):
    user = request.getfixturevalue(persona)
    pending = ProjectRequest.objects.create(
        kind="gate",
        project=led_project,
        body=body("programgruppe"),
        from_phase="analyse",
        to_phase="gennemfoerelse",
        requested_by=led_project.leader,
    )
    page = _client(user).get(led_project.get_absolute_url()).content.decode()
    assert "Stop projektet" in page
    assert _client(user).get(_url(led_project)).status_code == 200
    response = _client(user).post(_url(led_project), {"reason": REASON})
    assert response.status_code == 302
    project = Project.objects.get(pk=led_project.pk)
    assert project.phase == "stoppet" and project.stop_reason == REASON
    assert project.history.filter(stop_reason=REASON, history_user=user).exists()
    decision = Decision.objects.get(project=project)
    assert decision.kind == "ordinary" and REASON in decision.text and decision.recorded_by == user
    assert ProjectRequest.objects.get(pk=pending.pk).state == "withdrawn"
    page = _client(user).get(project.get_absolute_url()).content.decode()
    assert "Projektet er stoppet" in page and REASON in page
    assert "Stop projektet" not in page
    # Stopped already: a second stop is refused.
    assert _client(user).get(_url(project)).status_code == 403


def test_it_requires_a_reason(steering_chair, led_project):
    response = _client(steering_chair).post(_url(led_project), {"reason": "   "})
    assert response.status_code == 400 and "Skriv en begrundelse." in response.content.decode()
    assert Project.objects.get(pk=led_project.pk).phase == "analyse"
    assert not Decision.objects.exists()


@pytest.fixture
def admin(db):
    return UserFactory(username="admin-y", is_superuser=True, is_staff=True)


@pytest.mark.parametrize(
    "persona",
    ["reader", "project_leader", "steering_secretary", "programme_secretary", "admin", "board_secretary"],
)
def test_it_refuses_everyone_else_and_offers_them_nothing(request, persona, led_project):
    user = request.getfixturevalue(persona)
    assert "Stop projektet" not in _client(user).get(led_project.get_absolute_url()).content.decode()
    assert _client(user).get(_url(led_project)).status_code == 403
    assert _client(user).post(_url(led_project), {"reason": REASON}).status_code == 403
    assert Project.objects.get(pk=led_project.pk).phase == "analyse"
    assert not Decision.objects.exists()


def test_it_answers_an_unknown_project_with_404(steering_member):
    assert _client(steering_member).get("/projects/999999/stop/").status_code == 404
