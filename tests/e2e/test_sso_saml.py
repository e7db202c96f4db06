"""Signing in through a real SAML 2.0 IdP (pysaml2's, tests/sso/saml_idp.py) on loopback, in Chromium.

The IdP runs as a child process with keys made for this session; the portal is configured for it through
the SAML_* settings. Refused responses (unsigned, for another audience, replayed) show the Danish refusal
page and leave no session behind.
"""

import datetime
import urllib.parse

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.bodies.services import membership_start
from governance.models import AnnualPlan
from portfolio.models import ExternalIdentity, User
from tests import services
from tests.factories import OrgUnitFactory, body
from tests.processes import stop_process
from tests.sso.keys import self_signed_pair
from tests.sso.saml_idp import PERSONS, PORTAL_GROUP
from tests.sso.saml_process import start_idp

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="session")
def portal_keys(tmp_path_factory):
    """The portal's signing key and certificate (SAML_SP_KEY_FILE, SAML_SP_CERT_FILE) for this session."""
    return self_signed_pair(tmp_path_factory.mktemp("saml-portal"), "portal")


def _idp(live_server, tmp_path_factory, **environment):
    services.require_service("xmlsec1")
    process, url = start_idp(tmp_path_factory.mktemp("saml-idp"), live_server.url, **environment)
    return process, url


@pytest.fixture(scope="session")
def saml_idp(live_server, tmp_path_factory):
    process, url = _idp(live_server, tmp_path_factory)
    yield url
    stop_process(process)


@pytest.fixture(scope="session")
def unsigned_idp(live_server, tmp_path_factory):
    process, url = _idp(live_server, tmp_path_factory, IDP_UNSIGNED="1")
    yield url
    stop_process(process)


@pytest.fixture(scope="session")
def other_audience_idp(live_server, tmp_path_factory):
    process, url = _idp(live_server, tmp_path_factory, IDP_AUDIENCE="https://andet-system.example/saml")
    yield url
    stop_process(process)


def configure(settings, live_server, portal_keys, idp_url):
    key_file, cert_file = portal_keys
    settings.PORTAL_BASE_URL = live_server.url
    settings.SAML_IDP_METADATA_URL = f"{idp_url}/metadata"
    settings.SAML_SP_KEY_FILE = str(key_file)
    settings.SAML_SP_CERT_FILE = str(cert_file)
    settings.SSO_REQUIRED_GROUP = PORTAL_GROUP


@pytest.fixture
def saml(settings, live_server, portal_keys, saml_idp):
    configure(settings, live_server, portal_keys, saml_idp)
    return saml_idp


def sign_in_at_idp(page, username: str) -> None:
    """From the portal's login page, through the IdP's form, back to the portal."""
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Log ind med kommunens login").click()
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PERSONS[username]["password"])
    page.get_by_role("button", name="Log ind hos IdP").click()


def signed_in_at_idp(page, idp_url: str) -> str:
    return page.request.get(f"{idp_url}/session").text()


def assert_no_portal_session(page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")


def test_it_creates_the_person_at_the_first_sign_in_and_updates_her_at_the_next(page, live_server, saml):
    unit = OrgUnitFactory(name="IT og Digitalisering")
    sign_in_at_idp(page, "kirsten")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overblik over digitaliseringsporteføljen")
    expect(page.get_by_text("Kirsten Holm").first).to_be_visible()

    kirsten = User.objects.get(email="kirsten.holm@norddjurs.example")
    assert (kirsten.first_name, kirsten.last_name, kirsten.org_unit) == ("Kirsten", "Holm", unit)
    assert not kirsten.has_usable_password()
    identity = ExternalIdentity.objects.get(user=kirsten)
    assert (identity.protocol, identity.issuer, identity.subject) == (
        "saml",
        f"{saml}/metadata",
        PERSONS["kirsten"]["subject"],
    )

    # Rights come from the portal: a steering group membership, and a plan awaiting its approval.
    membership_start(actor=None, body=body("styregruppe"), user=kirsten, start_date=datetime.date(2025, 1, 1))
    AnnualPlan.objects.create(year=timezone.localdate().year + 1, status=AnnualPlan.Status.SUBMITTED)
    User.objects.filter(pk=kirsten.pk).update(first_name="Forkert", org_unit=None)

    page.get_by_role("button", name="Log af").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
    assert signed_in_at_idp(page, saml) == ""

    sign_in_at_idp(page, "kirsten")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dit arbejde i portalen")
    expect(page.get_by_text("til godkendelse").first).to_be_visible()
    kirsten.refresh_from_db()
    assert (kirsten.first_name, kirsten.org_unit) == ("Kirsten", unit)
    assert User.objects.filter(email="kirsten.holm@norddjurs.example").count() == 1


def test_it_ends_the_portal_and_the_idp_session_at_logout(page, live_server, saml):
    sign_in_at_idp(page, "kirsten")
    expect(page.get_by_text("Kirsten Holm").first).to_be_visible()
    assert signed_in_at_idp(page, saml) == "kirsten"

    page.get_by_role("button", name="Log af").first.click()

    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    assert signed_in_at_idp(page, saml) == ""
    assert_no_portal_session(page)
    # The IdP asks for the password again: its session has ended too.
    page.get_by_role("link", name="Log ind med kommunens login").click()
    expect(page.get_by_role("button", name="Log ind hos IdP")).to_be_visible()


def test_it_refuses_a_person_outside_the_required_group(page, live_server, saml):
    sign_in_at_idp(page, "ole")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du blev ikke logget ind")
    expect(page.get_by_text("har ikke adgang til Digitaliseringsportalen")).to_be_visible()
    assert not User.objects.filter(email="ole.friis@norddjurs.example").exists()
    assert_no_portal_session(page)


def test_it_refuses_an_unsigned_assertion(page, settings, live_server, portal_keys, unsigned_idp):
    configure(settings, live_server, portal_keys, unsigned_idp)
    sign_in_at_idp(page, "kirsten")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du blev ikke logget ind")
    expect(page.get_by_text("ikke underskrevet")).to_be_visible()
    assert not User.objects.filter(email="kirsten.holm@norddjurs.example").exists()
    assert_no_portal_session(page)


def test_it_refuses_an_assertion_for_another_audience(
    page, settings, live_server, portal_keys, other_audience_idp
):
    configure(settings, live_server, portal_keys, other_audience_idp)
    sign_in_at_idp(page, "kirsten")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du blev ikke logget ind")
    expect(page.get_by_text("ikke til Digitaliseringsportalen")).to_be_visible()
    assert not User.objects.filter(email="kirsten.holm@norddjurs.example").exists()
    assert_no_portal_session(page)


def test_it_refuses_a_replayed_response(page, browser, live_server, saml):
    with page.expect_request("**/accounts/sso/saml/acs/") as posted:
        sign_in_at_idp(page, "kirsten")
    expect(page.get_by_text("Kirsten Holm").first).to_be_visible()
    form = urllib.parse.parse_qs(posted.value.post_data)
    response = form["SAMLResponse"][0]

    # Posted again in the same browser: its request has been answered, so the response is not taken twice.
    again = page.request.post("/accounts/sso/saml/acs/", form={"SAMLResponse": response})
    assert again.status == 403
    assert "hører ikke til et login, du er i gang med" in again.text()

    # Posted by someone else, who has started a sign-in of her own: not the answer to her request.
    other = browser.new_context(base_url=live_server.url, locale="da-DK")
    try:
        other_page = other.new_page()
        other_page.goto("/accounts/sso/saml/login/")
        expect(other_page.get_by_role("button", name="Log ind hos IdP")).to_be_visible()
        other_page.goto("/accounts/login/")
        refused = other_page.request.post("/accounts/sso/saml/acs/", form={"SAMLResponse": response})
        assert refused.status == 403
        assert "hører ikke til et login, du er i gang med" in refused.text()
        assert_no_portal_session(other_page)
    finally:
        other.close()


def test_it_publishes_the_portals_metadata(page, live_server, saml):
    answer = page.request.get("/accounts/sso/saml/metadata/")
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/xml")
    xml = answer.text()
    assert f'entityID="{live_server.url}/accounts/sso/saml/metadata/"' in xml
    assert f'Location="{live_server.url}/accounts/sso/saml/acs/"' in xml
    assert "SingleLogoutService" in xml


@pytest.mark.parametrize("width", [1280, 375])
def test_it_shows_the_button_and_the_refusal_on_a_desktop_and_a_phone(
    page, live_server, saml, width, screenshot
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accounts/login/")
    expect(page.get_by_role("link", name="Log ind med kommunens login")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot("login")
    sign_in_at_idp(page, "ole")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du blev ikke logget ind")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot("refused")
