"""Single sign-on settings (portfolio/sso/): the municipality's own login through OpenID Connect or SAML 2.0.

The identity provider decides who may sign in at all (an optional required group); rights still follow the
portal's body memberships and project roles."""

import os

from django.core.exceptions import ImproperlyConfigured

from portfolio.settings.environment import PRODUCTION, env_bool

SSO_REQUIRED_GROUP = os.environ.get("SSO_REQUIRED_GROUP", "").strip()
# How a first sign-in may find a person who already has a local account: "" (never: a new person),
# "email" (the provider's verified e-mail) or "username". One match links; two or more are refused.
SSO_LINK_EXISTING_BY = os.environ.get("SSO_LINK_EXISTING_BY", "").strip().lower()
if SSO_LINK_EXISTING_BY not in ("", "email", "username"):
    raise ImproperlyConfigured('SSO_LINK_EXISTING_BY must be empty, "email" or "username".')
# Passwords only for staff and superusers: their way in when the identity provider is down.
LOCAL_LOGIN_ADMINS_ONLY = env_bool("LOCAL_LOGIN_ADMINS_ONLY", False)

# --- OpenID Connect (portfolio/sso/oidc.py): on when the issuer, the client id and its secret are all set;
# endpoints and signing keys come from <issuer>/.well-known/openid-configuration.
OIDC_ISSUER_URL = os.environ.get("OIDC_ISSUER_URL", "").strip().rstrip("/")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "").strip()
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "").strip()
OIDC_LOGIN_LABEL = os.environ.get("OIDC_LOGIN_LABEL", "").strip() or "kommunens login"
OIDC_SCOPES = " ".join(os.environ.get("OIDC_SCOPES", "openid profile email").split())
if "openid" not in OIDC_SCOPES.split():
    # Without it there is no ID token, and so nothing signed that says who signed in.
    raise ImproperlyConfigured('OIDC_SCOPES must include "openid".')
OIDC_USERNAME_CLAIM = os.environ.get("OIDC_USERNAME_CLAIM", "").strip() or "preferred_username"
OIDC_ORG_UNIT_CLAIM = os.environ.get("OIDC_ORG_UNIT_CLAIM", "").strip() or "department"
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "").strip() or "groups"
# How far the portal's clock and the provider's may disagree when the ID token's times are checked; a wider
# window than five minutes would let a stolen token live on.
OIDC_CLOCK_SKEW_SECONDS = max(0, min(int(os.environ.get("OIDC_CLOCK_SKEW_SECONDS", "60")), 300))

# --- SAML 2.0 (djangosaml2 on pysaml2; portfolio/sso/saml.py builds its configuration from these, and only
# when the IdP's metadata is given). The attribute defaults are the claim URIs Entra ID and AD FS send.
SAML_IDP_METADATA_URL = os.environ.get("SAML_IDP_METADATA_URL", "").strip()
SAML_IDP_METADATA_FILE = os.environ.get("SAML_IDP_METADATA_FILE", "").strip()
# Empty: the portal's metadata URL, <PORTAL_BASE_URL>/accounts/sso/saml/metadata/.
SAML_SP_ENTITY_ID = os.environ.get("SAML_SP_ENTITY_ID", "").strip()
SAML_SP_KEY_FILE = os.environ.get("SAML_SP_KEY_FILE", "").strip()
SAML_SP_CERT_FILE = os.environ.get("SAML_SP_CERT_FILE", "").strip()
SAML_LOGIN_LABEL = os.environ.get("SAML_LOGIN_LABEL", "").strip() or "kommunens login"
# Empty: the NameID is the person's stable key, and it must then be persistent.
SAML_SUBJECT_ATTRIBUTE = os.environ.get("SAML_SUBJECT_ATTRIBUTE", "").strip()
_CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/"
SAML_USERNAME_ATTRIBUTE = os.environ.get("SAML_USERNAME_ATTRIBUTE", f"{_CLAIMS}name").strip()
SAML_FIRST_NAME_ATTRIBUTE = os.environ.get("SAML_FIRST_NAME_ATTRIBUTE", f"{_CLAIMS}givenname").strip()
SAML_LAST_NAME_ATTRIBUTE = os.environ.get("SAML_LAST_NAME_ATTRIBUTE", f"{_CLAIMS}surname").strip()
SAML_EMAIL_ATTRIBUTE = os.environ.get("SAML_EMAIL_ATTRIBUTE", f"{_CLAIMS}emailaddress").strip()
SAML_ORG_UNIT_ATTRIBUTE = os.environ.get("SAML_ORG_UNIT_ATTRIBUTE", f"{_CLAIMS}department").strip()
SAML_GROUPS_ATTRIBUTE = os.environ.get(
    "SAML_GROUPS_ATTRIBUTE", "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"
).strip()
# djangosaml2's own settings: the AuthnRequest goes by redirect (no page of ours with an auto-submitting
# script, which the CSP forbids), and its session cookie is SameSite=None (and Secure) in production so the
# IdP's POST to the ACS carries it; browsers drop SameSite=None cookies over plain HTTP, so Lax elsewhere.
SAML_CONFIG_LOADER = "portfolio.sso.saml.sp_config"
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_LOGOUT_REQUEST_PREFERRED_BINDING = SAML_DEFAULT_BINDING
SAML_SESSION_COOKIE_SAMESITE = "None" if PRODUCTION else "Lax"
