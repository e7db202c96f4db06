"""Which ways in the login page offers."""

from django.conf import settings
from django.urls import reverse

from portfolio.sso import oidc, saml


def sso_buttons() -> list[dict]:
    """One "Log ind med …" button per configured identity provider, OpenID Connect first."""
    buttons = []
    if oidc.is_configured():
        buttons.append({"url": reverse("oidc_login"), "label": settings.OIDC_LOGIN_LABEL})
    if saml.is_configured():
        buttons.append({"url": reverse("saml_login"), "label": settings.SAML_LOGIN_LABEL})
    return buttons
