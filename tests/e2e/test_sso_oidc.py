"""Signing in with the municipality's login through OpenID Connect, in Chromium, against a real OpenID
Provider on loopback (tests/sso/oidc_provider.mjs): the person presses "Log ind med kommunens login",
signs in at the provider and lands on her start page; logging out ends both sessions; every failed or
forged answer gets the Danish refusal page and no session."""

import re
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from playwright.sync_api import expect

from portfolio.models import User
from tests.sso.oidc_test_provider import portal_settings, running_provider

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CALLBACK = re.compile(r"/accounts/sso/oidc/callback/")
WIDTHS = (1280, 375)


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    with running_provider([live_server.url], tmp_path_factory.mktemp("oidc")) as running:
        yield running


@pytest.fixture(autouse=True)
def oidc_on(settings, provider):
    portal_settings(settings, provider)
    settings.SSO_REQUIRED_GROUP = "portal-brugere"
    settings.SSO_LINK_EXISTING_BY = "username"


def sign_in(page, login: str) -> None:
    """From the portal's login page through the provider's own sign-in form (any password)."""
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Log ind med kommunens login").click()
    page.locator('input[name="login"]').fill(login)
    page.locator('input[name="password"]').fill("hvadsomhelst")
    page.get_by_role("button", name="Sign-in").click()


def expect_refused(page, words: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Du blev ikke logget ind")
    expect(page.get_by_role("alert")).to_contain_text(words)
    # No session: the portal sends her to its login page.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))


def test_it_signs_the_project_leader_in_and_both_sessions_out(page, live_server, led_project, screenshot):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/accounts/login/")
    screenshot("login-page-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot("login-page-375")
    page.set_viewport_size({"width": 1280, "height": 900})

    sign_in(page, "leder")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dit arbejde i portalen")
    # Her rights are the portal's: she leads Talegenkendelse.
    expect(page.get_by_role("heading", name="Dine projekter")).to_be_visible()
    expect(page.locator(".portal-user")).to_contain_text("Lene Leder")
    screenshot("start-page")
    page.get_by_role("link", name="Alle dine projekter i Mine projekter").click()
    expect(page.get_by_role("link", name=led_project.name)).to_be_visible()

    page.locator(".portal-user").get_by_role("button", name="Log af").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    # The provider's session is over too: it asks her to sign in again.
    page.get_by_role("link", name="Log ind med kommunens login").click()
    expect(page.locator('input[name="login"]')).to_be_visible()


def test_it_creates_the_person_at_her_first_sign_in_and_updates_her_at_the_next(page, live_server):
    sign_in(page, "nanna")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overblik over digitaliseringsporteføljen")
    expect(page.locator(".portal-user")).to_contain_text("Nanna Nyansat")
    person = User.objects.get(username="nanna.nyansat")
    assert (person.email, person.has_usable_password()) == ("nanna.nyansat@kommune.example", False)

    User.objects.filter(pk=person.pk).update(first_name="Gammelt", last_name="Navn")
    page.context.clear_cookies()
    sign_in(page, "nanna")
    expect(page.locator(".portal-user")).to_contain_text("Nanna Nyansat")
    assert User.objects.filter(username="nanna.nyansat").count() == 1


def test_it_refuses_a_person_without_the_required_group(page, live_server, screenshot):
    sign_in(page, "ulrik")
    expect(page.get_by_role("alert")).to_contain_text("har ikke adgang til Digitaliseringsportalen")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(f"refused-{width}")
    expect_refused(page, "kræver gruppen »portal-brugere«")
    assert not User.objects.filter(username="ulrik.udenfor").exists()


def test_it_refuses_a_tampered_state(page, live_server):
    # The provider's answer is held back on its way to the portal, and sent on with another state.
    page.route(CALLBACK, lambda route: route.abort())
    with page.expect_request(CALLBACK) as held_back:
        sign_in(page, "nanna")
    page.unroute(CALLBACK)
    callback = urlparse(held_back.value.url)
    query = {key: values[0] for key, values in parse_qs(callback.query).items()}
    query["state"] = "forfalsket-" + query["state"]
    page.goto(f"{callback.path}?{urlencode(query)}")
    expect_refused(page, "kan ikke genkende dette login-forsøg")


def test_it_refuses_a_replayed_code(page, live_server):
    callbacks = []
    page.on(
        "request", lambda request: callbacks.append(request.url) if CALLBACK.search(request.url) else None
    )
    sign_in(page, "nanna")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overblik over digitaliseringsporteføljen")

    page.goto(callbacks[0])
    expect_refused(page, "kan ikke genkende dette login-forsøg")


@pytest.mark.parametrize(
    ("fault", "reason"),
    [("wrong-audience", "til en anden tjeneste"), ("expired", "udløbet")],
    ids=["wrong-audience", "expired-id-token"],
)
def test_it_refuses_an_id_token_with_a_fault(page, live_server, settings, tmp_path, fault, reason):
    with running_provider([live_server.url], tmp_path, fault=fault) as faulty:
        portal_settings(settings, faulty)
        sign_in(page, "nanna")
        expect_refused(page, reason)
    assert not User.objects.filter(username="nanna.nyansat").exists()
