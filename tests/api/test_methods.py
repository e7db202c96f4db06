"""The API reads and nothing else: every other method is 405, whoever asks, and nothing changes."""

import pytest
from rest_framework.test import APIClient

from portfolio.models import Project, StatusReport
from tests.factories import StatusReportFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_refuses_every_write_with_405(api_as, project_leader, led_project, method):
    report = StatusReportFactory(project=led_project)
    client = api_as(project_leader)
    for url in (
        "/api/v1/projects/",
        f"/api/v1/projects/{led_project.pk}/",
        "/api/v1/status-reports/",
        f"/api/v1/status-reports/{report.pk}/",
    ):
        response = getattr(client, method)(url, {"name": "Ændret"}, format="json")
        assert response.status_code == 405, url
        assert response.json()["detail"] == "API'et kan kun læse: brug GET."
    assert Project.objects.get(pk=led_project.pk).name == "Talegenkendelse"
    assert StatusReport.objects.count() == 1


def test_it_answers_401_to_anonymous_and_404_for_what_does_not_exist(api_as, reader):
    assert APIClient().post("/api/v1/projects/", {}).status_code == 401
    response = api_as(reader).get("/api/v1/projects/999999/")
    assert response.status_code == 404
    assert response.json()["detail"] == "Findes ikke, eller du har ikke adgang til det."


def test_it_lets_a_logged_in_browser_read_the_api_and_its_docs(client, reader, led_project):
    client.force_login(reader)
    assert client.get("/api/v1/projects/").json()["count"] == 1
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "swagger-ui-bundle.js" in docs.content.decode()
    assert "'unsafe-inline'" not in docs["Content-Security-Policy"]
    assert client.get("/api/docs/?script").status_code == 200
    assert b"/api/v1/status-reports/" in client.get("/api/schema/").content
