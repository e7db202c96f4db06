"""A small SAML 2.0 identity provider for the tests: pysaml2's own IdP (saml2.server.Server) in a WSGI app.

Run as `python -m tests.sso.saml_idp --folder DIR --sp-metadata URL [--host-name localhost]`: it makes
its signing key in DIR, listens on a free 127.0.0.1 port and prints `PORT <n>` on its first line. It
publishes its metadata at /metadata, takes AuthnRequests at /sso (Redirect binding, signature checked
against the portal's metadata), shows a login form with the test persons below, and answers with a signed
assertion through the POST binding. /slo ends its own session and answers the portal's LogoutRequest. Its
session is a cookie, so a second sign-in after a logout asks for the password again.

For the negative tests: IDP_UNSIGNED=1 sends the assertion without a signature; IDP_AUDIENCE=<entity id>
addresses it to another service provider.
"""

import argparse
import base64
import html
import os
import secrets
import sys
import threading
import urllib.request
from http import cookies
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from saml2 import BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

from tests.sso.keys import self_signed_pair

XMLSEC1 = "/usr/bin/xmlsec1"
CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/"
GROUPS = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"
DEPARTMENT = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/department"
PORTAL_GROUP = "digitaliseringsportalen"


def _person(subject, password, first, last, email, department, groups):
    return {
        "password": password,
        "subject": subject,
        "attributes": {
            f"{CLAIMS}name": [email],
            f"{CLAIMS}givenname": [first],
            f"{CLAIMS}surname": [last],
            f"{CLAIMS}emailaddress": [email],
            DEPARTMENT: [department],
            GROUPS: list(groups),
        },
    }


# The test persons: username -> password, the stable NameID, and the claims an Entra ID or AD FS sends.
PERSONS = {
    "kirsten": _person(
        "4f1c2a7e-0b1d-4d6a-9a51-kirsten",
        "kirsten-kode",
        "Kirsten",
        "Holm",
        "kirsten.holm@norddjurs.example",
        "IT og Digitalisering",
        [PORTAL_GROUP],
    ),
    "ole": _person(
        "9d3e8b20-77aa-4c1e-8f0e-ole", "ole-kode", "Ole", "Friis", "ole.friis@norddjurs.example", "", []
    ),
}
SESSION_COOKIE = "testidp"


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature is the base class's
        pass


class TestIdentityProvider:
    def __init__(self, base_url: str, folder: Path, sp_metadata_url: str):
        self.base_url = base_url
        self.sp_metadata_url = sp_metadata_url
        key_file, cert_file = self_signed_pair(folder, "test-idp")
        self.server = Server(config=IdPConfig().load(self._config(key_file, cert_file)))
        self.metadata = create_metadata_string(None, config=self.server.config, valid=24).decode()
        self.sessions: dict[str, str] = {}
        self.lock = threading.Lock()
        self.unsigned = os.environ.get("IDP_UNSIGNED") == "1"
        self.audience = os.environ.get("IDP_AUDIENCE", "")

    def _config(self, key_file: Path, cert_file: Path) -> dict:
        return {
            "entityid": f"{self.base_url}/metadata",
            "key_file": str(key_file),
            "cert_file": str(cert_file),
            "xmlsec_binary": XMLSEC1,
            "accepted_time_diff": 60,
            # The portal's metadata is added at its first message (_know_sp): it is not served yet.
            "metadata": {"inline": []},
            "service": {
                "idp": {
                    "name": "Testkommunens login",
                    "endpoints": {
                        "single_sign_on_service": [(f"{self.base_url}/sso", BINDING_HTTP_REDIRECT)],
                        "single_logout_service": [(f"{self.base_url}/slo", BINDING_HTTP_REDIRECT)],
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "want_authn_requests_signed": True,
                    "policy": {"default": {"lifetime": {"minutes": 5}, "name_form": NAME_FORMAT_URI}},
                }
            },
        }

    # --- the portal's metadata: fetched when a message names a service provider the IdP does not know
    def _know_sp(self) -> None:
        with self.lock:
            if not self.server.metadata.service_providers():
                with urllib.request.urlopen(self.sp_metadata_url, timeout=10) as answer:  # noqa: S310
                    self.server.metadata.load("inline", answer.read().decode())

    # --- WSGI
    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        query = {key: values[0] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if path == "/metadata":
            return self._send(start_response, "200 OK", self.metadata, "text/xml; charset=utf-8")
        if path == "/sso":
            return self._single_sign_on(environ, start_response, query)
        if path == "/login" and environ["REQUEST_METHOD"] == "POST":
            return self._login(environ, start_response)
        if path == "/slo":
            return self._single_logout(environ, start_response, query)
        if path == "/session":
            # For the tests: who is signed in at the IdP in this browser ("" for nobody).
            return self._send(start_response, "200 OK", self._signed_in(environ), "text/plain")
        return self._send(start_response, "404 Not Found", "Not found", "text/plain")

    def _send(self, start_response, status, body, content_type="text/html; charset=utf-8", headers=()):
        start_response(status, [("Content-Type", content_type), *headers])
        return [body.encode()]

    def _signed_in(self, environ) -> str:
        jar = cookies.SimpleCookie(environ.get("HTTP_COOKIE", ""))
        token = jar[SESSION_COOKIE].value if SESSION_COOKIE in jar else ""
        return self.sessions.get(token, "")

    def _single_sign_on(self, environ, start_response, query):
        self._know_sp()
        request = self.server.parse_authn_request(
            query["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        ).message
        username = self._signed_in(environ)
        if username:
            return self._answer(start_response, request, username, query.get("RelayState", ""))
        hidden = "".join(
            f'<input type="hidden" name="{name}" value="{html.escape(query.get(name, ""))}">'
            for name in ("SAMLRequest", "RelayState", "SigAlg", "Signature")
        )
        form = (
            "<!doctype html><html lang='da'><head><title>Testkommunens login</title></head><body>"
            "<h1>Testkommunens login</h1>"
            f"<form method='post' action='{self.base_url}/login'>{hidden}"
            "<label>Brugernavn <input name='username' autocomplete='off'></label>"
            "<label>Adgangskode <input name='password' type='password'></label>"
            "<button type='submit'>Log ind hos IdP</button></form></body></html>"
        )
        return self._send(start_response, "200 OK", form)

    def _login(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        form = {
            key: values[0] for key, values in parse_qs(environ["wsgi.input"].read(length).decode()).items()
        }
        person = PERSONS.get(form.get("username", ""))
        if person is None or person["password"] != form.get("password"):
            return self._send(
                start_response, "401 Unauthorized", "<p>Forkert brugernavn eller adgangskode</p>"
            )
        request = self.server.parse_authn_request(
            form["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=form.get("RelayState"),
            sigalg=form.get("SigAlg"),
            signature=form.get("Signature"),
        ).message
        token = secrets.token_urlsafe(16)
        self.sessions[token] = form["username"]
        cookie = ("Set-Cookie", f"{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax")
        return self._answer(start_response, request, form["username"], form.get("RelayState", ""), [cookie])

    def _answer(self, start_response, request, username, relay_state, headers=()):
        person = PERSONS[username]
        sp_entity_id = request.issuer.text
        response = self.server.create_authn_response(
            identity=person["attributes"],
            in_response_to=request.id,
            destination=request.assertion_consumer_service_url,
            sp_entity_id=self.audience or sp_entity_id,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=person["subject"]),
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
            sign_assertion=not self.unsigned,
            sign_response=False,
        )
        encoded = base64.b64encode(str(response).encode()).decode()
        page = (
            "<!doctype html><html lang='da'><head><title>Sender dig videre</title></head><body>"
            f"<form method='post' action='{html.escape(request.assertion_consumer_service_url)}'>"
            f"<input type='hidden' name='SAMLResponse' value='{encoded}'>"
            f"<input type='hidden' name='RelayState' value='{html.escape(relay_state)}'>"
            "<button type='submit'>Fortsæt</button></form>"
            "<script>document.forms[0].submit()</script></body></html>"
        )
        return self._send(start_response, "200 OK", page, headers=headers)

    def _single_logout(self, environ, start_response, query):
        self._know_sp()
        request = self.server.parse_logout_request(
            query["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        jar = cookies.SimpleCookie(environ.get("HTTP_COOKIE", ""))
        if SESSION_COOKIE in jar:
            self.sessions.pop(jar[SESSION_COOKIE].value, None)
        response = self.server.create_logout_response(request.message, [BINDING_HTTP_REDIRECT], sign=False)
        binding, destination = self.server.pick_binding(
            "single_logout_service", [BINDING_HTTP_REDIRECT], "spsso", request.message
        )
        http_args = self.server.apply_binding(
            binding, str(response), destination, query.get("RelayState", ""), response=True, sign=True
        )
        location = dict(http_args["headers"])["Location"]
        expired = ("Set-Cookie", f"{SESSION_COOKIE}=; Path=/; Max-Age=0")
        start_response("302 Found", [("Location", location), expired])
        return [b""]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", required=True, type=Path)
    parser.add_argument("--sp-metadata", required=True)
    # The name in the IdP's URLs: the portal's (pytest-django's live server is "localhost"), so the IdP's
    # POST to the portal stays same-site and the browser sends its Lax cookies as it would in production.
    parser.add_argument("--host-name", default="127.0.0.1")
    arguments = parser.parse_args()
    httpd = make_server("127.0.0.1", 0, None, server_class=_ThreadingServer, handler_class=_QuietHandler)
    port = httpd.server_address[1]
    base_url = f"http://{arguments.host_name}:{port}"
    httpd.set_app(TestIdentityProvider(base_url, arguments.folder, arguments.sp_metadata))
    print(f"PORT {port}", flush=True)
    sys.stdout.flush()
    httpd.serve_forever()


if __name__ == "__main__":
    main()
