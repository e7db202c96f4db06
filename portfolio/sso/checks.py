"""Start-up checks of the sign-in settings: a portal nobody can log in to is found by `manage.py check`,
not by the first employee on Monday morning."""

from django.conf import settings
from django.core.checks import Warning as CheckWarning

from portfolio.sso import oidc, saml


def sign_in_settings_check(app_configs=None, **kwargs):
    if settings.LOCAL_LOGIN_ADMINS_ONLY and not (oidc.is_configured() or saml.is_configured()):
        return [
            CheckWarning(
                "LOCAL_LOGIN_ADMINS_ONLY is on, but no identity provider is configured: only staff and "
                "superusers can log in.",
                hint="Set the OIDC_* or SAML_* variables (README: Single sign-on), or turn the setting off.",
                id="portfolio.W001",
            )
        ]
    return []
