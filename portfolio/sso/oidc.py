"""OpenID Connect: the municipality's identity provider (Entra ID, AD FS, …) signs people in.

Authlib does the protocol, so no token is validated by hand here: discovery, the Authorization Code flow
with PKCE (S256), state and nonce kept in the session and checked, the ID token's signature (keys from the
discovery's JWKS), issuer, audience and expiry (with a bounded clock skew). This module adds what the portal
decides: which failures get which Danish words, how the provider's claims become an `Identity`, and
RP-initiated logout. The views are in oidc_views.py (they use views.py, which uses this module).
"""

import logging
from dataclasses import dataclass
from functools import lru_cache

from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.contrib.auth import logout as auth_logout
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from joserfc.errors import JoseError
from requests import RequestException

from portfolio.sso.logout import continue_to_provider_logout
from portfolio.sso.people import Identity

PROTOCOL = "oidc"
# Kept at sign-in for RP-initiated logout: the provider wants it back as id_token_hint.
ID_TOKEN_SESSION_KEY = "oidc_id_token"  # noqa: S105 (a session key's name, not a secret)
# Seconds the portal waits for the provider (discovery, token, keys) before telling the person it is down.
PROVIDER_TIMEOUT = 10

log = logging.getLogger(__name__)

AGAIN = "Prøv igen, og kontakt portalens administrator, hvis det bliver ved."
UNREACHABLE = "Kommunens login-tjeneste svarer ikke lige nu, så du kan ikke logge ind med den. " + AGAIN
PROVIDER_SAID_NO = "Kommunens login-tjeneste afbrød dit login, så du blev ikke logget ind. " + AGAIN
UNKNOWN_ATTEMPT = (
    "Portalen kan ikke genkende dette login-forsøg: det er udløbet, allerede brugt eller startet i et andet "
    "vindue. Start forfra med knappen på log ind-siden."
)
CODE_REFUSED = (
    "Kommunens login-tjeneste ville ikke bekræfte dit login (det er udløbet eller allerede brugt). "
    "Start forfra med knappen på log ind-siden."
)
TOKEN_INVALID = (
    "Svaret fra kommunens login-tjeneste kunne ikke godkendes (det var ugyldigt, udløbet eller til en anden "
    "tjeneste), så du blev ikke logget ind. " + AGAIN
)


class SignInFailed(Exception):
    """The protocol did not complete: `message` for the person (Danish), `reason` for the log."""

    def __init__(self, message: str, *, reason: str, status: int = 403):
        super().__init__(reason)
        self.message = message
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class Completed:
    identity: Identity
    id_token: str
    next_url: str


def is_configured() -> bool:
    return bool(settings.OIDC_ISSUER_URL and settings.OIDC_CLIENT_ID and settings.OIDC_CLIENT_SECRET)


def client():
    """The Authlib client for the configured provider: one per process, so discovery and keys are read
    once."""
    return _client(
        settings.OIDC_ISSUER_URL, settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET, settings.OIDC_SCOPES
    )


@lru_cache(maxsize=4)
def _client(issuer: str, client_id: str, client_secret: str, scopes: str):
    return OAuth().register(
        name=PROTOCOL,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_id=client_id,
        client_secret=client_secret,
        client_kwargs={"scope": scopes, "code_challenge_method": "S256", "default_timeout": PROVIDER_TIMEOUT},
    )


def _metadata() -> dict:
    """The discovery document, once it is known to be the configured issuer's own (OpenID Connect
    Discovery 1.0, section 4.3)."""
    try:
        metadata = client().load_server_metadata()
    except (RequestException, ValueError) as error:
        raise SignInFailed(UNREACHABLE, reason=f"discovery: {error}", status=502) from error
    if str(metadata.get("issuer", "")).rstrip("/") != settings.OIDC_ISSUER_URL:
        raise SignInFailed(
            UNREACHABLE, reason=f"discovery names issuer {metadata.get('issuer')!r}", status=502
        )
    return metadata


def authorization_redirect(request, redirect_uri: str, next_url: str) -> HttpResponseRedirect:
    """Send the browser to the provider; the state, nonce, PKCE verifier and `next` wait in the session."""
    _metadata()
    oidc = client()
    try:
        authorization = oidc.create_authorization_url(redirect_uri)
    except (RequestException, ValueError) as error:
        raise SignInFailed(UNREACHABLE, reason=f"authorization url: {error}", status=502) from error
    oidc.save_authorize_data(request, redirect_uri=redirect_uri, next=next_url, **authorization)
    return HttpResponseRedirect(authorization["url"])


def complete_sign_in(request) -> Completed:
    """Check the provider's answer on the callback and read who it vouches for; SignInFailed otherwise."""
    if request.GET.get("error"):
        raise SignInFailed(PROVIDER_SAID_NO, reason=f"provider error {request.GET['error']!r}")
    metadata = _metadata()
    oidc = client()
    state = request.GET.get("state", "")
    waiting = oidc.framework.get_state_data(request.session, state) if state else None
    if not waiting:
        raise SignInFailed(UNKNOWN_ATTEMPT, reason="unknown or missing state")
    try:
        token = oidc.authorize_access_token(
            request,
            claims_options=_claims_options(metadata["issuer"]),
            leeway=settings.OIDC_CLOCK_SKEW_SECONDS,
        )
    except MismatchingStateError as error:
        raise SignInFailed(UNKNOWN_ATTEMPT, reason="state mismatch") from error
    except OAuthError as error:
        # The token endpoint's answer, e.g. invalid_grant for a code used twice.
        raise SignInFailed(CODE_REFUSED, reason=f"token endpoint: {error.error}") from error
    except JoseError as error:
        raise SignInFailed(TOKEN_INVALID, reason=f"id token: {error.error}: {error.description}") from error
    except (RequestException, ValueError) as error:
        raise SignInFailed(UNREACHABLE, reason=f"token request: {error}", status=502) from error
    claims = token.get("userinfo")
    if not token.get("id_token") or not claims:
        raise SignInFailed(TOKEN_INVALID, reason="no id token in the token response")
    return Completed(
        identity=identity_from_claims(metadata["issuer"], claims),
        id_token=token["id_token"],
        next_url=waiting.get("next", ""),
    )


def _claims_options(issuer: str) -> dict:
    """What the ID token must say besides its signature (a fresh dict: Authlib consumes it)."""
    return {
        "iss": {"essential": True, "value": issuer},
        "aud": {"essential": True, "value": settings.OIDC_CLIENT_ID},
        "sub": {"essential": True},
    }


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def identity_from_claims(issuer: str, claims: dict) -> Identity:
    """The ID token's claims in the portal's words; the claim names for username, unit and groups are
    settings, as each provider names them differently."""
    first_name, last_name = _text(claims.get("given_name")), _text(claims.get("family_name"))
    if not (first_name or last_name) and _text(claims.get("name")):
        # Entra ID sends `name` unless given_name/family_name are added as optional claims.
        first_name, _, last_name = _text(claims.get("name")).rpartition(" ")
    groups = claims.get(settings.OIDC_GROUPS_CLAIM)
    if isinstance(groups, str):
        groups = [groups]
    return Identity(
        protocol=PROTOCOL,
        issuer=issuer,
        subject=_text(claims.get("sub")),
        username=_text(claims.get(settings.OIDC_USERNAME_CLAIM)),
        first_name=first_name,
        last_name=last_name,
        email=_text(claims.get("email")),
        # Some providers send the JSON string "true"; anything else is not a verification.
        email_verified=claims.get("email_verified") in (True, "true"),
        org_unit=_text(claims.get(settings.OIDC_ORG_UNIT_CLAIM)),
        groups=frozenset(str(group) for group in groups if group)
        if isinstance(groups, list)
        else frozenset(),
    )


def end_session(request):
    """End the portal session and send the browser to the provider's logout (RP-initiated logout), which
    sends it back to the login page; just the portal's when the provider offers no logout."""
    id_token = request.session.get(ID_TOKEN_SESSION_KEY, "")
    auth_logout(request)
    login_page = resolve_url(settings.LOGOUT_REDIRECT_URL)
    if not (is_configured() and id_token):
        return redirect(login_page)
    try:
        endpoint = _metadata().get("end_session_endpoint")
    except SignInFailed as failure:
        log.warning("OpenID Connect logout: the provider's session is left as it is (%s)", failure.reason)
        return redirect(login_page)
    if not endpoint:
        return redirect(login_page)
    logout = client().create_logout_url(
        post_logout_redirect_uri=request.build_absolute_uri(login_page),
        id_token_hint=id_token,
        client_id=settings.OIDC_CLIENT_ID,
    )
    return continue_to_provider_logout(request, logout["url"], settings.OIDC_LOGIN_LABEL)
