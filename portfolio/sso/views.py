"""Signing in and out through an identity provider, and the page that says no."""

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from portfolio.sso import oidc, saml

# The protocol the person signed in with, so logging out can end the identity provider's session too.
SSO_PROTOCOL_SESSION_KEY = "sso_protocol"


def sign_in(request, user, protocol: str) -> None:
    """Start the portal session of someone an identity provider signed in (the model backend: rights are
    the portal's own)."""
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SSO_PROTOCOL_SESSION_KEY] = protocol


def refused(request, message: str, *, status: int = 403):
    """The Danish page for a sign-in the portal will not complete; whatever session there was is ended."""
    if request.user.is_authenticated:
        auth_logout(request)
    return render(request, "registration/sso_refused.html", {"message": message}, status=status)


@require_POST
def logout(request):
    """Log out of the portal and, for someone who came through an identity provider, out of it too."""
    protocol = request.session.get(SSO_PROTOCOL_SESSION_KEY)
    if protocol == "oidc":
        return oidc.end_session(request)
    if protocol == "saml":
        return saml.end_session(request)
    auth_logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)
