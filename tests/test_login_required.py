"""Nobody reads anything without logging in: every URL in the URLconf but login and /health/ redirects."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

# Login, health, the password reset pages (a reset link's path here has "x" for its uid and token) and
# single sign-on.
OPEN_PATHS = {
    "/accounts/login/",
    "/health/",
    "/accounts/password-reset/",
    "/accounts/password-reset/sent/",
    "/accounts/reset/x/x/",
    "/accounts/reset/done/",
    # Single sign-on: whoever goes to or comes back from the identity provider is not signed in yet.
    "/accounts/sso/oidc/login/",
    "/accounts/sso/oidc/callback/",
    # SAML's: the IdP's messages are checked by their signatures (tests/sso/test_saml_pages.py).
    "/accounts/sso/saml/login/",
    "/accounts/sso/saml/acs/",
    "/accounts/sso/saml/ls/",
    "/accounts/sso/saml/ls/post/",
    "/accounts/sso/saml/metadata/",
    # Calendar feeds: the token in the address is the key (calendar programs send no login).
    "/calendar/x.ics",
    "/calendar/bodies/x/x.ics",
}
SAMPLE_VALUES = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def _paths(resolver=None, prefix=""):
    """Every concrete path of the site's own URLconf (admin is checked separately: it has its own login)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("admin/"):
                continue
            yield from _paths(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            path = prefix + route
            for converter_name, value in SAMPLE_VALUES.items():
                import re

                path = re.sub(rf"<{converter_name}:\w+>", value, path)
                path = re.sub(r"<(\w+)>", "x", path)
            yield "/" + path


SITE_PATHS = sorted(set(_paths()))
# The API (issue 21) is for programs as much as browsers: without credentials it answers 401 JSON.
API_PATHS = [p for p in SITE_PATHS if p.startswith("/api/")]


def test_it_finds_the_site_pages_to_check():
    assert {"/", "/projects/", "/projects/1/", "/focus-areas/"} <= set(SITE_PATHS)


@pytest.mark.parametrize("path", [p for p in SITE_PATHS if p not in OPEN_PATHS and p not in API_PATHS])
def test_it_redirects_anonymous_visitors_to_login(client, path):
    ProjectFactory(pk=1)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("path", API_PATHS)
def test_it_answers_anonymous_api_requests_with_401_json(client, path):
    ProjectFactory(pk=1)
    response = client.get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("Log ind, eller send din API-nøgle")


def test_it_sends_anonymous_visitors_of_admin_to_the_admin_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_it_serves_the_login_page_and_health_without_login(client):
    assert client.get("/accounts/login/").status_code == 200
    health = client.get("/health/")
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "database": "ok"}
