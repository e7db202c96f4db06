"""Personal API tokens: created (stored hashed), used, expired, revoked; the admin's command."""

import datetime
import hashlib
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.services import api_token_create, api_token_revoke
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

PROJECTS = "/api/v1/projects/"
REFUSED = "API-nøglen er ukendt, udløbet eller tilbagekaldt."


def test_it_stores_only_the_hash_and_a_prefix_of_a_new_token(reader):
    token, clear = api_token_create(actor=reader, user=reader, name="Power BI", days=30)
    assert clear.startswith("dp_") and len(clear) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == hashlib.sha256(clear.encode()).hexdigest()
    assert clear[:10] == stored.prefix
    assert clear not in {value for value in vars(stored).values() if isinstance(value, str)}
    assert stored.expires_on == timezone.localdate() + datetime.timedelta(days=30)
    assert stored.last_used_at is None and stored.revoked_at is None


def test_it_reads_with_a_token_and_notes_when_it_was_last_used(reader, led_project):
    token, clear = api_token_create(actor=reader, user=reader, name="Power BI", days=30)
    response = APIClient().get(PROJECTS, **bearer(clear))
    assert response.status_code == 200
    assert response.json()["count"] == 1
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("header", ["Bearer dp_ukendt", "Bearer", "Bearer a b"])
def test_it_answers_401_in_danish_to_an_unknown_or_malformed_token(header):
    response = APIClient().get(PROJECTS, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["detail"] in (REFUSED, "Angiv nøglen som 'Authorization: Bearer <nøgle>'.")


def test_it_refuses_an_expired_token(reader):
    token, clear = api_token_create(actor=reader, user=reader, name="Gammel", days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    response = APIClient().get(PROJECTS, **bearer(clear))
    assert response.status_code == 401
    assert response.json()["detail"] == REFUSED


def test_it_refuses_a_revoked_token_and_keeps_the_row(reader):
    token, clear = api_token_create(actor=reader, user=reader, name="Power BI", days=30)
    client = APIClient()
    assert client.get(PROJECTS, **bearer(clear)).status_code == 200
    api_token_revoke(actor=reader, token=token)
    response = client.get(PROJECTS, **bearer(clear))
    assert response.status_code == 401
    assert response.json()["detail"] == REFUSED
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_it_refuses_the_token_of_a_deactivated_user(reader):
    _token, clear = api_token_create(actor=reader, user=reader, name="Power BI", days=30)
    reader.is_active = False
    reader.save()
    assert APIClient().get(PROJECTS, **bearer(clear)).status_code == 401


def test_it_lets_nobody_make_or_revoke_another_users_token(reader, project_leader):
    with pytest.raises(PermissionDenied):
        api_token_create(actor=project_leader, user=reader, name="Snyd", days=30)
    token, _clear = api_token_create(actor=reader, user=reader, name="Power BI", days=30)
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=project_leader, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize(("name", "days"), [("", 30), ("  ", 30), ("Power BI", 0), ("Power BI", 366)])
def test_it_refuses_a_token_without_a_name_or_with_a_bad_lifetime(reader, name, days):
    with pytest.raises(ValidationError):
        api_token_create(actor=reader, user=reader, name=name, days=days)
    assert not ApiToken.objects.exists()


def test_it_prints_a_working_token_on_the_commands_last_line(reader, led_project):
    out = StringIO()
    call_command("create_api_token", reader.username, "--name", "Power BI", "--days", "7", stdout=out)
    clear = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get(user=reader)
    assert token.name == "Power BI"
    assert token.expires_on == timezone.localdate() + datetime.timedelta(days=7)
    assert APIClient().get(PROJECTS, **bearer(clear)).status_code == 200


def test_it_refuses_the_command_for_an_unknown_user_or_a_bad_lifetime(reader):
    with pytest.raises(CommandError, match="ingen aktiv bruger"):
        call_command("create_api_token", "findes-ikke", stdout=StringIO())
    with pytest.raises(CommandError, match="1 til 365 dage"):
        call_command("create_api_token", reader.username, "--days", "0", stdout=StringIO())
    assert not ApiToken.objects.exists()
