"""OpenID Connect sign-in through the HTTP surface, against a real OpenID Provider on loopback
(tests/sso/oidc_provider.mjs): the portal's side is Django's test client, the person's side at the provider
a plain HTTP session. The browser tests (tests/e2e/test_sso_oidc.py) walk the same way in Chromium."""

from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from axes.models import AccessAttempt
from django.test import Client

from portfolio.models import ExternalIdentity, User
from portfolio.sso import oidc
from tests.factories import OrgUnitFactory, UserFactory
from tests.sso.oidc_test_provider import (
    CLIENT_ID,
    free_port,
    portal_settings,
    running_provider,
    sign_in_at_provider,
)

pytestmark = pytest.mark.django_db

PORTAL = "http://testserver"
LOGIN = "/accounts/sso/oidc/login/"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with running_provider([PORTAL], tmp_path_factory.mktemp("oidc")) as running:
        yield running


@pytest.fixture(autouse=True)
def configured(settings, provider):
    portal_settings(settings, provider)
    settings.SSO_REQUIRED_GROUP = "portal-brugere"


def start(client: Client, query: str = "") -> str:
    """Press "Log ind med …": the provider's authorization URL the portal sends the browser to."""
    response = client.get(LOGIN + query)
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


def sign_in(client: Client, login: str, query: str = ""):
    return client.get(sign_in_at_provider(start(client, query), login))


def signed_in_user(client: Client):
    return client.session.get("_auth_user_id")


def assert_refused(response, words: str, client: Client, status: int = 403) -> None:
    assert response.status_code == status
    page = response.content.decode()
    assert "Du blev ikke logget ind" in page
    assert words in page
    assert signed_in_user(client) is None
    # Not a wrong password: the local form's lockout never counts it.
    assert not AccessAttempt.objects.exists()


def test_it_sends_the_browser_to_the_provider_with_pkce_state_and_nonce(client):
    query = parse_qs(urlparse(start(client)).query)
    assert query["response_type"] == ["code"]
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"] == [PORTAL + "/accounts/sso/oidc/callback/"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["scope"] == ["openid profile email"]
    assert query["state"][0] and query["nonce"][0] and query["code_challenge"][0]


def test_it_creates_the_person_from_her_claims_at_her_first_sign_in(client, provider):
    borgerservice = OrgUnitFactory(name="Borgerservice")
    response = sign_in(client, "nanna", "?next=/projects/")
    assert response.status_code == 302
    assert response["Location"] == "/projects/"
    person = User.objects.get(username="nanna.nyansat")
    assert (person.first_name, person.last_name, person.email) == (
        "Nanna",
        "Nyansat",
        "nanna.nyansat@kommune.example",
    )
    assert person.org_unit == borgerservice
    assert not person.has_usable_password()
    assert signed_in_user(client) == str(person.pk)
    key = ExternalIdentity.objects.get(user=person)
    assert (key.protocol, key.issuer) == ("oidc", provider.issuer)
    # The provider's pairwise subject: an opaque key, not her login or e-mail.
    assert len(key.subject) == 64 and "nanna" not in key.subject
    assert client.get("/projects/").status_code == 200


def test_it_updates_the_person_from_her_claims_at_her_next_sign_in(client):
    sign_in(client, "nanna")
    person = User.objects.get(username="nanna.nyansat")
    User.objects.filter(pk=person.pk).update(last_name="Gammelt navn", email="gammel@kommune.example")
    again = Client()
    assert sign_in(again, "nanna").status_code == 302
    person.refresh_from_db()
    assert (person.last_name, person.email) == ("Nyansat", "nanna.nyansat@kommune.example")
    assert User.objects.filter(username="nanna.nyansat").count() == 1
    assert signed_in_user(again) == str(person.pk)


def test_it_links_the_existing_local_user_through_the_configured_claim(client, settings, project_leader):
    settings.SSO_LINK_EXISTING_BY = "username"
    response = sign_in(client, "leder")
    assert response.status_code == 302
    assert signed_in_user(client) == str(project_leader.pk)
    project_leader.refresh_from_db()
    assert (project_leader.first_name, project_leader.last_name) == ("Lene", "Leder")


def test_it_refuses_a_person_without_the_required_group(client):
    response = sign_in(client, "ulrik")
    assert_refused(response, "har ikke adgang til Digitaliseringsportalen", client)
    assert not User.objects.filter(username="ulrik.udenfor").exists()


def test_it_refuses_a_username_taken_by_someone_not_linked(client):
    UserFactory(username="nanna.nyansat")
    response = sign_in(client, "nanna")
    assert_refused(response, "findes allerede i portalen", client)


def test_it_refuses_a_tampered_state(client):
    callback = urlparse(sign_in_at_provider(start(client), "nanna"))
    query = {key: values[0] for key, values in parse_qs(callback.query).items()}
    query["state"] = query["state"][:-2] + "xx"
    response = client.get(callback.path, query)
    assert_refused(response, "kan ikke genkende dette login-forsøg", client)


def test_it_refuses_a_callback_without_state(client):
    start(client)
    response = client.get("/accounts/sso/oidc/callback/", {"code": "noget"})
    assert_refused(response, "kan ikke genkende dette login-forsøg", client)


def test_it_refuses_a_callback_visited_again(client):
    callback = sign_in_at_provider(start(client), "nanna")
    assert client.get(callback).status_code == 302
    client.post("/accounts/logout/")
    response = client.get(callback)
    assert_refused(response, "kan ikke genkende dette login-forsøg", client)


def test_it_refuses_a_code_the_provider_has_already_redeemed(client):
    used = urlparse(sign_in_at_provider(start(client), "nanna"))
    assert client.get(used.path + "?" + used.query).status_code == 302
    # Another browser with a login of its own under way presents the used code with its own state: the
    # portal's state check passes, so it is the provider that says no.
    other = Client()
    state = parse_qs(urlparse(start(other)).query)["state"][0]
    code = parse_qs(used.query)["code"][0]
    response = other.get(used.path, {"code": code, "state": state})
    assert_refused(response, "ville ikke bekræfte dit login", other)


def test_it_refuses_when_the_provider_reports_an_error(client):
    state = parse_qs(urlparse(start(client)).query)["state"][0]
    response = client.get(
        "/accounts/sso/oidc/callback/", {"error": "access_denied", "error_description": "x", "state": state}
    )
    assert_refused(response, "afbrød dit login", client)


@pytest.mark.parametrize(
    "fault", ["wrong-audience", "expired"], ids=["a-wrong-audience", "an-expired-id-token"]
)
def test_it_refuses_an_id_token_with(client, settings, tmp_path, fault):
    with running_provider([PORTAL], tmp_path, fault=fault) as faulty:
        portal_settings(settings, faulty)
        response = sign_in(client, "nanna")
    assert_refused(response, "kunne ikke godkendes", client)
    assert not User.objects.filter(username="nanna.nyansat").exists()


def test_it_tells_the_person_when_the_provider_does_not_answer(client, settings):
    settings.OIDC_ISSUER_URL = f"http://127.0.0.1:{free_port()}"
    response = client.get(LOGIN)
    assert_refused(response, "svarer ikke lige nu", client, status=502)


def test_it_refuses_a_discovery_document_that_names_another_issuer(client, settings, provider):
    # The same provider reached under another name: its document does not vouch for that issuer.
    settings.OIDC_ISSUER_URL = provider.issuer.replace("127.0.0.1", "localhost")
    response = client.get(LOGIN)
    assert_refused(response, "svarer ikke lige nu", client, status=502)


def test_it_keeps_only_a_local_next(client):
    response = sign_in(client, "nanna", "?" + urlencode({"next": "https://angriber.example/"}))
    assert response["Location"] == "/"


def test_it_shows_the_button_on_the_login_page(client, settings):
    settings.OIDC_LOGIN_LABEL = "Norddjurs Kommunes login"
    page = client.get("/accounts/login/?next=/projects/").content.decode()
    assert "Log ind med Norddjurs Kommunes login" in page
    assert f'href="{LOGIN}?next=/projects/"' in page


def test_it_is_not_there_when_not_configured(client, settings):
    settings.OIDC_CLIENT_SECRET = ""
    assert client.get(LOGIN).status_code == 404
    assert client.get("/accounts/sso/oidc/callback/").status_code == 404
    assert "Log ind med kommunens login" not in client.get("/accounts/login/").content.decode()


def test_it_logs_out_of_the_provider_too(client, provider):
    sign_in(client, "nanna")
    id_token = client.session[oidc.ID_TOKEN_SESSION_KEY]
    response = client.post("/accounts/logout/")
    # A page whose form goes on to the provider (portfolio/sso/logout.py), allowed by its own policy only.
    page = response.content.decode()
    assert response.status_code == 200
    assert f'action="{provider.issuer}/session/end"' in page
    assert f'name="id_token_hint" value="{id_token}"' in page
    assert f'name="post_logout_redirect_uri" value="{PORTAL}/accounts/login/"' in page
    origin = urlparse(provider.issuer)
    assert f"form-action 'self' {origin.scheme}://{origin.netloc}" in response["Content-Security-Policy"]
    assert signed_in_user(client) is None
    assert client.get("/").status_code == 302
