"""SAML 2.0 (djangosaml2 on pysaml2): the portal as a service provider of the municipality's IdP.

This module holds what the core asks of a protocol (is_configured, end_session) and what the views share:
the service provider's configuration, built from the SAML_* settings, and the reading of an assertion into
the core's Identity. The views (saml_views.py) sign the person in through the core's one path.
"""

import logging
import shutil
import threading
import time

import saml2
from django.conf import settings
from django.contrib import auth
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from djangosaml2.cache import IdentityCache, StateCache
from djangosaml2.overrides import Saml2Client
from djangosaml2.utils import get_location
from djangosaml2.views import _get_subject_id
from saml2.client_base import LogoutError
from saml2.config import SPConfig
from saml2.s_utils import UnsupportedBinding
from saml2.saml import NAMEID_FORMAT_PERSISTENT

from portfolio.sso.logout import continue_to_provider_logout
from portfolio.sso.people import Identity

logger = logging.getLogger(__name__)

PROTOCOL = "saml"
# How far the IdP's clock may be from ours when an assertion's validity is checked.
CLOCK_SKEW_SECONDS = 60
# The IdP's metadata is read once an hour, not on every sign-in.
METADATA_MAX_AGE_SECONDS = 60 * 60


class AssertionRefused(Exception):
    """An assertion the portal cannot turn into a person; .message is Danish for the person."""

    def __init__(self, message: str, reason: str):
        super().__init__(reason)
        self.message = message
        self.reason = reason


def is_configured() -> bool:
    return bool(settings.SAML_IDP_METADATA_URL or settings.SAML_IDP_METADATA_FILE)


def login_label() -> str:
    return settings.SAML_LOGIN_LABEL


def entity_id() -> str:
    return settings.SAML_SP_ENTITY_ID or f"{settings.PORTAL_BASE_URL}{reverse('saml_metadata')}"


def _config_dict() -> dict:
    base = settings.PORTAL_BASE_URL
    signs = bool(settings.SAML_SP_KEY_FILE and settings.SAML_SP_CERT_FILE)
    service_provider = {
        "name": "Digitaliseringsportalen",
        "endpoints": {
            "assertion_consumer_service": [(f"{base}{reverse('saml_acs')}", saml2.BINDING_HTTP_POST)],
            "single_logout_service": [
                (f"{base}{reverse('saml_logout_service')}", saml2.BINDING_HTTP_REDIRECT),
                (f"{base}{reverse('saml_logout_service_post')}", saml2.BINDING_HTTP_POST),
            ],
        },
        # Only assertions the IdP signed, only answers to a request this browser made (InResponseTo against
        # djangosaml2's outstanding queries, which also makes a replayed response unsolicited).
        "want_assertions_signed": True,
        "want_response_signed": False,
        "allow_unsolicited": False,
        "authn_requests_signed": signs,
        "logout_requests_signed": signs,
        "name_id_format_allow_create": True,
    }
    if not settings.SAML_SUBJECT_ATTRIBUTE:
        service_provider["name_id_format"] = [NAMEID_FORMAT_PERSISTENT]
    if settings.SAML_IDP_METADATA_URL:
        metadata = {"remote": [{"url": settings.SAML_IDP_METADATA_URL}]}
    else:
        metadata = {"local": [settings.SAML_IDP_METADATA_FILE]}
    config = {
        "entityid": entity_id(),
        "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
        # Attribute names are kept as the IdP sends them (claim URIs, OIDs): the settings name them so.
        "allow_unknown_attributes": True,
        "accepted_time_diff": CLOCK_SKEW_SECONDS,
        "service": {"sp": service_provider},
        "metadata": metadata,
    }
    if signs:
        config["key_file"] = settings.SAML_SP_KEY_FILE
        config["cert_file"] = settings.SAML_SP_CERT_FILE
        config["encryption_keypairs"] = [
            {"key_file": settings.SAML_SP_KEY_FILE, "cert_file": settings.SAML_SP_CERT_FILE}
        ]
    return config


_loaded: dict[tuple, tuple[float, SPConfig]] = {}
_loading = threading.Lock()


def sp_config(request: HttpRequest | None = None) -> SPConfig:
    """djangosaml2's SAML_CONFIG_LOADER: the service provider's configuration with the IdP's metadata, kept
    for an hour per configuration (loading it fetches the metadata URL)."""
    config = _config_dict()
    key = repr(config)
    with _loading:
        loaded_at, loaded = _loaded.get(key, (0.0, None))
        if loaded is None or time.monotonic() - loaded_at > METADATA_MAX_AGE_SECONDS:
            loaded = SPConfig()
            loaded.load(config)
            _loaded.clear()
            _loaded[key] = (time.monotonic(), loaded)
    return loaded


# --- the assertion -> the core's Identity ---------------------------------------------------------------


def assertion_attributes(assertion) -> dict[str, list[str]]:
    """Each attribute's values under its name and, where the IdP gives one, its friendly name."""
    attributes: dict[str, list[str]] = {}
    for statement in assertion.attribute_statement or []:
        for attribute in statement.attribute:
            values = [
                value.text.strip() for value in attribute.attribute_value if value.text and value.text.strip()
            ]
            for name in {attribute.name, attribute.friendly_name} - {None, ""}:
                attributes.setdefault(name, []).extend(values)
    return attributes


def _first(attributes: dict[str, list[str]], name: str) -> str:
    values = attributes.get(name) if name else None
    return values[0] if values else ""


def identity_from(session_info: dict, attributes: dict[str, list[str]]) -> Identity:
    """The person the IdP vouches for. The stable key is the configured attribute or, without one, the
    NameID, which must then be persistent (a transient or e-mail NameID would make a new person, or the
    wrong one, next time)."""
    name_id = session_info.get("name_id")
    if settings.SAML_SUBJECT_ATTRIBUTE:
        subject = _first(attributes, settings.SAML_SUBJECT_ATTRIBUTE)
    elif name_id is not None and name_id.format == NAMEID_FORMAT_PERSISTENT:
        subject = (name_id.text or "").strip()
    else:
        subject = ""
    if not subject:
        raise AssertionRefused(
            "Kommunens login sendte ikke et fast id for dig, så portalen kan ikke kende dig igen. "
            "Kontakt IT-afdelingen: login-opsætningen skal sende et vedvarende id (NameID eller attribut).",
            "no-subject",
        )
    email = _first(attributes, settings.SAML_EMAIL_ATTRIBUTE)
    return Identity(
        protocol=PROTOCOL,
        issuer=session_info["issuer"],
        subject=subject,
        username=_first(attributes, settings.SAML_USERNAME_ATTRIBUTE),
        first_name=_first(attributes, settings.SAML_FIRST_NAME_ATTRIBUTE),
        last_name=_first(attributes, settings.SAML_LAST_NAME_ATTRIBUTE),
        email=email,
        # The address comes from the municipality's own directory, which the person cannot edit: SAML has
        # no claim saying so, and the IdP's signature on the assertion is what vouches for it.
        email_verified=bool(email),
        org_unit=_first(attributes, settings.SAML_ORG_UNIT_ATTRIBUTE),
        groups=frozenset(
            attributes.get(settings.SAML_GROUPS_ATTRIBUTE, []) if settings.SAML_GROUPS_ATTRIBUTE else []
        ),
    )


# --- logout ---------------------------------------------------------------------------------------------


def _plain_logout(request: HttpRequest) -> HttpResponse:
    auth.logout(request)
    return HttpResponseRedirect(resolve_url(settings.LOGOUT_REDIRECT_URL))


def end_session(request: HttpRequest) -> HttpResponse:
    """End the portal session and send the browser to the IdP's single logout with a LogoutRequest; the
    IdP answers at saml_logout_service. Without a SAML identity in the session, or an IdP without single
    logout, only the portal session ends."""
    saml_session = getattr(request, "saml_session", None)
    subject_id = _get_subject_id(saml_session) if saml_session is not None else None
    if subject_id is None or not is_configured():
        return _plain_logout(request)
    state = StateCache(saml_session)
    try:
        client = Saml2Client(
            sp_config(request), state_cache=state, identity_cache=IdentityCache(saml_session)
        )
        result = client.global_logout(subject_id)
    except (LogoutError, UnsupportedBinding) as error:
        logger.info("SAML single logout not offered by the IdP: %s", error)
        result = {}
    except Exception:
        # The IdP's metadata cannot be read (IdP down): the portal session ends all the same.
        logger.exception("SAML single logout could not start")
        result = {}
    auth.logout(request)
    state.sync()
    for logout in result.values():
        if isinstance(logout, tuple) and logout[0] == saml2.BINDING_HTTP_REDIRECT:
            return continue_to_provider_logout(request, get_location(logout[1]), login_label())
    return HttpResponseRedirect(resolve_url(settings.LOGOUT_REDIRECT_URL))
