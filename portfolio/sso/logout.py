"""The way on to an identity provider's logout, once the portal's session has ended.

A page, not a redirect: "Log af" is a form that posts to the portal, and browsers hold a redirect from a
form's answer to the page's CSP form-action, which allows only the portal. This page's own policy allows
its one form to go to the provider; a script file sends it at once (the CSP forbids inline script), and
without script the person presses its button. Both protocols end here, so the policy stays 'self' everywhere
else.
"""

from urllib.parse import parse_qsl, urlsplit, urlunsplit

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def continue_to_provider_logout(request: HttpRequest, location: str, label: str) -> HttpResponse:
    """The page whose form carries the browser to `location` (the provider's logout URL with its query)."""
    parts = urlsplit(location)
    action = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    response = render(
        request,
        "registration/sso_logout_continue.html",
        {"action": action, "fields": parse_qsl(parts.query), "label": label},
    )
    response._csp_update = {"form-action": [f"{parts.scheme}://{parts.netloc}"]}
    return response
