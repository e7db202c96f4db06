"""The page "API-nøgler" (/profile/api-keys/): create (the token shown once), list with last use, revoke."""

import pytest
from rest_framework.test import APIClient

from api.models import ApiToken
from api.services import api_token_create
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

PAGE = "/profile/api-keys/"


def test_it_is_linked_from_the_users_menu(client, reader):
    client.force_login(reader)
    assert f'href="{PAGE}"' in client.get("/projects/").content.decode()


def test_it_shows_a_new_token_once_and_the_token_works(client, reader, led_project):
    client.force_login(reader)
    response = client.post(PAGE, {"name": "Power BI", "days": "90"})
    assert response.status_code == 302
    token = ApiToken.objects.get(user=reader)
    html = client.get(PAGE).content.decode()
    assert "Din nye nøgle" in html
    clear = html.split('<code class="api-token">')[1].split("</code>")[0]
    assert clear.startswith(token.prefix)
    assert "Din nye nøgle" not in client.get(PAGE).content.decode()
    assert APIClient().get("/api/v1/projects/", **bearer(clear)).status_code == 200
    html = client.get(PAGE).content.decode()
    assert "Power BI" in html and "Aktiv" in html and "Aldrig" not in html


def test_it_refuses_a_token_without_a_name_and_changes_nothing(client, reader):
    client.force_login(reader)
    response = client.post(PAGE, {"name": "", "days": "90"})
    assert response.status_code == 400
    assert "Nøglen er ikke oprettet" in response.content.decode()
    response = client.post(PAGE, {"name": "Power BI", "days": "12345"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_it_revokes_with_a_post_and_lists_only_the_users_own_tokens(client, reader, project_leader):
    own, clear = api_token_create(actor=reader, user=reader, name="Power BI", days=30)
    other, _ = api_token_create(actor=project_leader, user=project_leader, name="Ledertoken", days=30)
    client.force_login(reader)
    html = client.get(PAGE).content.decode()
    assert "Power BI" in html and "Ledertoken" not in html
    assert client.post(f"{PAGE}{other.pk}/revoke/").status_code == 404
    response = client.post(f"{PAGE}{own.pk}/revoke/")
    assert response.status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.revoked_at is not None and other.revoked_at is None
    assert "Tilbagekaldt" in client.get(PAGE).content.decode()
    assert APIClient().get("/api/v1/projects/", **bearer(clear)).status_code == 401
