"""SAML 2.0's pages over HTTP with an IdP given by a metadata file (no IdP answers here: the browser tests in
tests/e2e/test_sso_saml.py sign in through a real one), and the reading of an assertion into an Identity."""

import base64

import pytest
from axes.models import AccessAttempt
from saml2 import BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_TRANSIENT, NameID

from portfolio.sso import saml
from tests import services
from tests.sso.keys import self_signed_pair

IDP = "https://login.kommune.example/saml"
CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/"


@pytest.fixture(scope="module")
def key_files(tmp_path_factory):
    """An IdP's metadata file and the portal's signing key and certificate, made once for the module."""
    tmp_path = tmp_path_factory.mktemp("saml")
    idp_key, idp_cert = self_signed_pair(tmp_path, "idp")
    idp = IdPConfig().load(
        {
            "entityid": IDP,
            "key_file": str(idp_key),
            "cert_file": str(idp_cert),
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [(f"{IDP}/sso", BINDING_HTTP_REDIRECT)],
                        "single_logout_service": [(f"{IDP}/slo", BINDING_HTTP_REDIRECT)],
                    }
                }
            },
        }
    )
    metadata = tmp_path / "idp-metadata.xml"
    metadata.write_bytes(create_metadata_string(None, config=idp, valid=24))
    key, cert = self_signed_pair(tmp_path, "portal")
    return metadata, key, cert


@pytest.fixture
def configured(settings, key_files, db):
    """SAML configured with an IdP's metadata file and the portal's own signing key."""
    services.require_service("xmlsec1")
    metadata, key, cert = key_files
    settings.SAML_IDP_METADATA_FILE = str(metadata)
    settings.SAML_SP_KEY_FILE, settings.SAML_SP_CERT_FILE = str(key), str(cert)
    settings.PORTAL_BASE_URL = "https://portal.kommune.example"
    return settings


def test_it_publishes_the_metadata_with_entity_id_acs_logout_and_certificate(client, configured):
    answer = client.get("/accounts/sso/saml/metadata/")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/xml")
    xml = answer.content.decode()
    assert 'entityID="https://portal.kommune.example/accounts/sso/saml/metadata/"' in xml
    assert 'Location="https://portal.kommune.example/accounts/sso/saml/acs/"' in xml
    assert 'Location="https://portal.kommune.example/accounts/sso/saml/ls/"' in xml
    assert 'WantAssertionsSigned="true"' in xml
    assert "X509Certificate" in xml


def test_it_uses_the_configured_entity_id(client, configured):
    configured.SAML_SP_ENTITY_ID = "https://portal.kommune.example/saml"
    assert 'entityID="https://portal.kommune.example/saml"' in client.get("/accounts/sso/saml/metadata/").text


def test_it_sends_the_browser_to_the_idp_with_a_signed_request(client, configured):
    answer = client.get("/accounts/sso/saml/login/")
    assert answer.status_code == 302
    location = answer["Location"]
    assert location.startswith(f"{IDP}/sso?SAMLRequest=")
    assert "Signature=" in location
    # The request's id is kept in the SAML session, so the answer can be matched to it.
    assert client.cookies["saml_session"].value


def test_it_shows_the_button_on_the_login_page_only_when_configured(client, settings, tmp_path):
    assert "Log ind med kommunens login" not in client.get("/accounts/login/").text
    settings.SAML_IDP_METADATA_FILE = str(tmp_path / "metadata.xml")
    settings.SAML_LOGIN_LABEL = "Norddjurs' login"
    assert "Log ind med Norddjurs&#x27; login" in client.get("/accounts/login/").text


def test_it_answers_a_post_without_a_response_in_danish(client, configured):
    answer = client.post("/accounts/sso/saml/acs/", {})
    assert answer.status_code == 400
    assert "Der kom intet svar fra kommunens login" in answer.text


@pytest.mark.parametrize(
    "posted",
    [
        "ikke base64",
        base64.b64encode(b"<not-saml/>").decode(),
        base64.b64encode(b"<samlp:Response xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol'/>").decode(),
    ],
)
def test_it_refuses_a_broken_response_without_a_session_or_a_counted_failure(client, configured, posted):
    answer = client.post("/accounts/sso/saml/acs/", {"SAMLResponse": posted})
    assert answer.status_code == 403
    assert "Du blev ikke logget ind" in answer.text
    assert "_auth_user_id" not in client.session
    # A refused assertion is not a wrong password: django-axes keeps counting only the password form's.
    assert AccessAttempt.objects.count() == 0


def test_it_says_in_danish_when_the_idp_cannot_be_reached(client, settings, db):
    settings.SAML_IDP_METADATA_URL = "http://127.0.0.1:9/metadata"
    answer = client.get("/accounts/sso/saml/login/")
    assert answer.status_code == 503
    assert "Kommunens login kan ikke nås lige nu" in answer.text


def test_it_hides_the_pages_when_no_idp_is_configured(client, db):
    assert client.get("/accounts/sso/saml/metadata/").status_code == 404
    assert client.post("/accounts/sso/saml/acs/", {"SAMLResponse": "x"}).status_code == 404


# --- the assertion read into an Identity ----------------------------------------------------------------

ATTRIBUTES = {
    f"{CLAIMS}name": ["kho@kommune.example"],
    f"{CLAIMS}givenname": ["Kirsten"],
    f"{CLAIMS}surname": ["Holm"],
    f"{CLAIMS}emailaddress": ["kirsten.holm@kommune.example"],
    f"{CLAIMS}department": ["IT og Digitalisering"],
    "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups": ["portal", "alle"],
    "objectid": ["0f6c"],
}


def session_info(name_format=NAMEID_FORMAT_PERSISTENT):
    return {"issuer": IDP, "name_id": NameID(format=name_format, text="abc-123")}


def test_it_reads_the_entra_and_ad_fs_claims_by_default():
    identity = saml.identity_from(session_info(), ATTRIBUTES)
    assert (identity.protocol, identity.issuer, identity.subject) == ("saml", IDP, "abc-123")
    assert (identity.username, identity.first_name, identity.last_name) == (
        "kho@kommune.example",
        "Kirsten",
        "Holm",
    )
    assert (identity.email, identity.email_verified) == ("kirsten.holm@kommune.example", True)
    assert identity.org_unit == "IT og Digitalisering"
    assert identity.groups == frozenset({"portal", "alle"})


def test_it_takes_the_subject_from_the_configured_attribute(settings):
    settings.SAML_SUBJECT_ATTRIBUTE = "objectid"
    assert saml.identity_from(session_info(NAMEID_FORMAT_TRANSIENT), ATTRIBUTES).subject == "0f6c"


def test_it_refuses_a_name_id_that_is_not_persistent():
    with pytest.raises(saml.AssertionRefused) as refusal:
        saml.identity_from(session_info(NAMEID_FORMAT_TRANSIENT), ATTRIBUTES)
    assert refusal.value.reason == "no-subject"
    assert "fast id" in refusal.value.message
