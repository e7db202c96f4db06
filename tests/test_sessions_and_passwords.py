"""Sessions, passwords and the admin: a session ends with the browser and after a working day at most, its
cookie is out of scripts' reach (and HTTPS-only in production), passwords follow Django's four validators
with at least 12 characters and say so in Danish, and only staff get into /admin/."""

import json

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError

from tests.factories import UserFactory
from tests.test_deployment import resolved_app_env, run_django

pytestmark = pytest.mark.django_db

PASSWORD = "korrekt-hest-batteri-hæfteklamme"


def test_it_gives_a_session_cookie_that_ends_with_the_browser(client):
    user = UserFactory(username="projektleder", password=PASSWORD)
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    # No expiry on the cookie: the browser forgets it when it closes.
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    # On the server the session lasts a working day at most.
    assert client.session.get_expire_at_browser_close() is True
    assert client.session.get_expiry_age() == 8 * 60 * 60


def test_it_does_not_save_the_session_on_every_request(client):
    """A sliding expiry would cost a database write per page view; the 8 hours count from login."""
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    user = UserFactory(password=PASSWORD)
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    response = client.get("/projects/")
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_it_uses_secure_cookies_and_the_same_policy_in_production():
    """The compose environment, in a subprocess: what production really runs with."""
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'session_secure': s.SESSION_COOKIE_SECURE, 'csrf_secure': s.CSRF_COOKIE_SECURE,"
        "'browser_close': s.SESSION_EXPIRE_AT_BROWSER_CLOSE, 'age': s.SESSION_COOKIE_AGE,"
        "'every_request': s.SESSION_SAVE_EVERY_REQUEST, 'csp': s.CONTENT_SECURITY_POLICY,"
        "'middleware': s.MIDDLEWARE, 'backends': s.AUTHENTICATION_BACKENDS}))"
    )
    result = run_django(["shell", "-c", script], resolved_app_env())
    assert result.returncode == 0, result.stderr
    production = json.loads(result.stdout.strip().splitlines()[-1])
    assert production["session_secure"] is True and production["csrf_secure"] is True
    assert production["browser_close"] is True and production["every_request"] is False
    assert production["age"] == 8 * 60 * 60
    assert production["csp"] == settings.CONTENT_SECURITY_POLICY
    assert "portfolio.security.ContentSecurityPolicyMiddleware" in production["middleware"]
    assert production["middleware"][-1] == "axes.middleware.AxesMiddleware"
    assert production["backends"][0] == "axes.backends.AxesStandaloneBackend"


def test_it_uses_djangos_four_password_validators_with_twelve_characters():
    validators = {
        entry["NAME"].rsplit(".", 1)[1]: entry.get("OPTIONS", {})
        for entry in settings.AUTH_PASSWORD_VALIDATORS
    }
    assert validators == {
        "UserAttributeSimilarityValidator": {},
        "MinimumLengthValidator": {"min_length": 12},
        "CommonPasswordValidator": {},
        "NumericPasswordValidator": {},
    }


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort-kode", "Denne adgangskode er for kort. Den skal indeholde mindst 12 tegn."),
        ("123456789012", "Denne adgangskode er udelukkende numerisk."),
        ("password1234", "Denne adgangskode er for almindelig."),
        ("projektleder1", "Din adgangskode minder for meget om din/dit brugernavn."),
    ],
)
def test_it_refuses_a_weak_password_in_danish(password, message):
    user = UserFactory(username="projektleder")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert message in refused.value.messages


def test_it_accepts_a_long_passphrase_and_explains_the_rules_in_danish():
    validate_password(PASSWORD, UserFactory(username="projektleder"))
    assert "Din adgangskode skal indeholde mindst 12 tegn." in password_validators_help_texts()


def test_it_sends_a_logged_in_non_staff_user_away_from_the_admin(client):
    client.force_login(UserFactory(username="medarbejder"))
    for path in ("/admin/", "/admin/portfolio/project/", "/admin/axes/accessattempt/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/login/?next="), path


def test_it_lets_staff_into_the_admin_and_shows_the_login_attempts(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/axes/accessattempt/").status_code == 200
