"""Glemt adgangskode: a local account's password is reset through a link sent by e-mail (Django's views).
The answer never tells whether an address has an account; inactive users and users without a usable
password get no mail; a link works once; the new password meets the validators, in Danish; one mail per
address within a few minutes."""

import re

import pytest
from django.contrib.auth import SESSION_KEY

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OLD_PASSWORD = "hemmeligt-kodeord"
NEW_PASSWORD = "grøn-cykel-bogreol-tusmørke"
RESET_FORM = "/accounts/password-reset/"
SENT_PAGE = "/accounts/password-reset/sent/"
LINK = re.compile(r"https?://\S+/accounts/reset/\S+/\S+/")


@pytest.fixture(autouse=True)
def portal_address(settings):
    settings.PORTAL_BASE_URL = "https://portal.kommune.example"


@pytest.fixture
def person():
    return UserFactory(username="projektleder", email="Projektleder@Kommune.example", password=OLD_PASSWORD)


def ask_for_reset(client, email):
    return client.post(RESET_FORM, {"email": email})


def mailed_link(mail) -> str:
    return LINK.search(mail.body).group(0)


def link_path(link: str) -> str:
    return link.removeprefix("https://portal.kommune.example")


def set_password(client, link, password1, password2=None):
    """Follow the link (Django moves the token into the session) and post the new password twice."""
    form_page = client.get(link_path(link), follow=True)
    return client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link_path(link),
        {"new_password1": password1, "new_password2": password2 or password1},
    )


def logs_in(client, username, password) -> bool:
    client.post("/accounts/login/", {"username": username, "password": password})
    logged_in = SESSION_KEY in client.session
    client.logout()
    return logged_in


def test_it_links_to_the_password_reset_from_the_login_page(client):
    page = client.get("/accounts/login/").content.decode()
    assert f'<a href="{RESET_FORM}">Glemt din adgangskode?</a>' in page


def test_it_serves_the_reset_pages_without_login(client):
    for path in (RESET_FORM, SENT_PAGE, "/accounts/reset/MQ/ugyldigt/", "/accounts/reset/done/"):
        response = client.get(path)
        assert response.status_code == 200, path
    assert "Glemt adgangskode" in client.get(RESET_FORM).content.decode()
    assert "Din adgangskode er ændret" in client.get("/accounts/reset/done/").content.decode()


def test_it_resets_a_password_through_the_e_mailed_link(client, person, mailoutbox):
    response = ask_for_reset(client, "projektleder@kommune.example")
    assert response.status_code == 302 and response["Location"] == SENT_PAGE
    assert "Tjek din e-mail" in client.get(SENT_PAGE).content.decode()

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["Projektleder@Kommune.example"]
    assert mail.subject == "Nulstil din adgangskode til Digitaliseringsportalen"
    assert mail.alternatives == []  # plain text only
    assert f"Kære {person.get_full_name()}" in mail.body
    assert "Dit brugernavn er: projektleder" in mail.body
    assert "Har du ikke selv bedt om en ny adgangskode" in mail.body
    link = mailed_link(mail)
    assert link.startswith("https://portal.kommune.example/accounts/reset/")

    form_page = client.get(link_path(link), follow=True)
    assert "Vælg en ny adgangskode" in form_page.content.decode()
    done = set_password(client, link, NEW_PASSWORD)
    assert done.status_code == 302 and done["Location"] == "/accounts/reset/done/"
    complete = client.get(done["Location"]).content.decode()
    assert "Din adgangskode er ændret" in complete
    assert 'href="/accounts/login/"' in complete

    assert logs_in(client, "projektleder", NEW_PASSWORD)
    assert not logs_in(client, "projektleder", OLD_PASSWORD)


def test_it_gives_the_same_answer_and_no_mail_for_an_unknown_address(client, person, mailoutbox):
    known = ask_for_reset(client, "projektleder@kommune.example")
    unknown = ask_for_reset(client, "ingen@kommune.example")
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"] == SENT_PAGE
    assert [mail.to for mail in mailoutbox] == [["Projektleder@Kommune.example"]]


def test_it_sends_no_mail_to_an_inactive_user(client, mailoutbox):
    UserFactory(username="stoppet", email="stoppet@kommune.example", is_active=False)
    response = ask_for_reset(client, "stoppet@kommune.example")
    assert response["Location"] == SENT_PAGE
    assert mailoutbox == []


def test_it_sends_no_mail_to_a_user_without_a_usable_password(client, mailoutbox):
    user = UserFactory(username="uden-kode", email="uden-kode@kommune.example")
    user.set_unusable_password()
    user.save()
    response = ask_for_reset(client, "uden-kode@kommune.example")
    assert response["Location"] == SENT_PAGE
    assert mailoutbox == []


def test_it_asks_for_a_valid_address_in_danish(client, mailoutbox):
    response = ask_for_reset(client, "ikke en adresse")
    assert response.status_code == 200
    assert "Angiv en gyldig e-mailadresse." in response.content.decode()
    assert mailoutbox == []


def test_it_refuses_a_used_link_in_danish(client, person, mailoutbox):
    ask_for_reset(client, person.email)
    link = mailed_link(mailoutbox[0])
    set_password(client, link, NEW_PASSWORD)

    again = client.get(link_path(link), follow=True)
    page = again.content.decode()
    assert "Linket virker ikke" in page
    assert "allerede brugt" in page
    assert f'<a href="{RESET_FORM}">Bed om et nyt link</a>' in page
    # A POST of another password through the used link changes nothing.
    set_password(client, link, "en-helt-anden-lang-adgangskode")
    assert logs_in(client, "projektleder", NEW_PASSWORD)


def test_it_refuses_a_tampered_link_in_danish(client, person, mailoutbox):
    ask_for_reset(client, person.email)
    link = mailed_link(mailoutbox[0])
    tampered = link[:-3] + ("a" if link[-3] != "a" else "b") + link[-2:]

    response = client.get(link_path(tampered), follow=True)
    assert "Linket virker ikke" in response.content.decode()
    client.post(link_path(tampered), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert logs_in(client, "projektleder", OLD_PASSWORD)
    assert not logs_in(client, "projektleder", NEW_PASSWORD)


def test_it_refuses_a_weak_password_in_danish_and_keeps_the_old_one(client, person, mailoutbox):
    ask_for_reset(client, person.email)
    link = mailed_link(mailoutbox[0])

    short = set_password(client, link, "kort")
    assert short.status_code == 200
    assert "Denne adgangskode er for kort. Den skal indeholde mindst 12 tegn." in short.content.decode()
    numeric = set_password(client, link, "123456789012345")
    assert "Denne adgangskode er udelukkende numerisk." in numeric.content.decode()
    different = set_password(client, link, NEW_PASSWORD, NEW_PASSWORD + "x")
    assert "De to adgangskoder var ikke identiske." in different.content.decode()

    assert logs_in(client, "projektleder", OLD_PASSWORD)


def test_it_sends_one_mail_per_address_within_a_few_minutes(client, person, mailoutbox):
    UserFactory(username="kollega", email="kollega@kommune.example")
    for address in (
        "projektleder@kommune.example",
        "PROJEKTLEDER@kommune.example ",
        "kollega@kommune.example",
    ):
        assert ask_for_reset(client, address)["Location"] == SENT_PAGE
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "Projektleder@Kommune.example",
        "kollega@kommune.example",
    ]
