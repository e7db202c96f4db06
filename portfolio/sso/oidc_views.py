"""The two OpenID Connect pages: off to the provider, and back from it."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from portfolio.sso import oidc
from portfolio.sso.people import SignInRefused, sso_person_sign_in
from portfolio.sso.views import refused, sign_in

log = logging.getLogger(__name__)


def _require_configured() -> None:
    if not oidc.is_configured():
        raise Http404("OpenID Connect er ikke sat op.")


@login_not_required
@require_GET
def oidc_login(request):
    """Off to the municipality's login; a local `next` comes back with the person."""
    _require_configured()
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    try:
        return oidc.authorization_redirect(
            request, request.build_absolute_uri(reverse("oidc_callback")), next_url
        )
    except oidc.SignInFailed as failure:
        log.warning("OpenID Connect sign-in not started: %s", failure.reason)
        return refused(request, failure.message, status=failure.status)


@login_not_required
@require_GET
def oidc_callback(request):
    """Back from the provider: the protocol's checks, then the portal's own (people.py), then the session.
    No failure here is a wrong password, so django-axes never hears of it."""
    _require_configured()
    try:
        completed = oidc.complete_sign_in(request)
        user = sso_person_sign_in(completed.identity)
    except oidc.SignInFailed as failure:
        log.warning("OpenID Connect sign-in failed: %s", failure.reason)
        return refused(request, failure.message, status=failure.status)
    except SignInRefused as refusal:
        log.info("OpenID Connect sign-in refused by the portal: %s", refusal.reason)
        return refused(request, refusal.message)
    sign_in(request, user, oidc.PROTOCOL)
    request.session[oidc.ID_TOKEN_SESSION_KEY] = completed.id_token
    return redirect(completed.next_url or "/")
