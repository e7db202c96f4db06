"""LOCAL_LOGIN_ADMINS_ONLY: with the municipality's login in place, passwords are kept for administrators, as
their way in when the identity provider is down; everyone else is sent to the municipality's login, and only
administrators get a password reset link."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command

from portfolio.sso.checks import sign_in_settings_check
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "hemmeligt-kodeord"


@pytest.fixture(autouse=True)
def admins_only(settings):
    settings.LOCAL_LOGIN_ADMINS_ONLY = True


def log_in(client, username):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD})


def test_it_refuses_a_password_login_to_someone_who_is_not_an_administrator(client):
    UserFactory(username="medarbejder", password=PASSWORD)

    response = log_in(client, "medarbejder")

    assert response.status_code == 200
    assert "Adgangskoder bruges kun af administratorer" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_it_lets_an_administrator_log_in_with_a_password(client):
    UserFactory(username="it-admin", password=PASSWORD, is_staff=True)

    response = log_in(client, "it-admin")

    assert response.status_code == 302
    assert SESSION_KEY in client.session


def test_it_lets_everyone_log_in_with_a_password_when_the_setting_is_off(client, settings):
    settings.LOCAL_LOGIN_ADMINS_ONLY = False
    UserFactory(username="medarbejder", password=PASSWORD)

    assert log_in(client, "medarbejder").status_code == 302


def test_it_says_on_the_login_page_that_passwords_are_for_administrators(client):
    page = client.get("/accounts/login/").content.decode()

    assert "Adgangskoder bruges kun af administratorer, når kommunens login ikke virker." in page


def test_it_mails_a_reset_link_only_to_an_administrator(client, mailoutbox):
    UserFactory(username="medarbejder", password=PASSWORD, email="medarbejder@kommune.example")
    UserFactory(username="it-admin", password=PASSWORD, email="it-admin@kommune.example", is_superuser=True)

    first = client.post("/accounts/password-reset/", {"email": "medarbejder@kommune.example"})
    client.post("/accounts/password-reset/", {"email": "it-admin@kommune.example"})

    assert first.status_code == 302  # the same answer as for an address with a link
    assert [mail.to for mail in mailoutbox] == [["it-admin@kommune.example"]]


def test_it_warns_at_start_up_when_only_administrators_could_log_in():
    (warning,) = sign_in_settings_check()
    assert warning.id == "portfolio.W001"
    assert "no identity provider is configured" in warning.msg
    call_command("check")  # a warning, not an error: the portal still starts


def test_it_raises_no_warning_when_passwords_are_for_everyone(settings):
    settings.LOCAL_LOGIN_ADMINS_ONLY = False
    assert sign_in_settings_check() == []
