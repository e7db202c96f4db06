"""The site's own pieces of the security set-up in settings.py: the CSP middleware and the client's address
for login throttling."""

import ipaddress

from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, except on PDFs. Chromium shows a PDF in a page of its own that gets the
    response's policy, and there `object-src 'none'` and the ban on inline styles leave it blank or cut
    off; the dashboard, the minutes and the handleplan open their PDFs inline. A PDF runs no script of
    ours, so the policy protects nothing there."""

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("application/pdf"):
            return response
        return super().process_response(request, response)


def client_ip_address(request) -> str | None:
    """The address logins are throttled by (AXES_CLIENT_IP_CALLABLE).

    Without a proxy (TRUSTED_PROXY_COUNT = 0) the socket's address. Behind N proxies that each append the
    address they were connected from to X-Forwarded-For, the client's is the N-th entry from the right:
    anything left of it came from the client and can be forged, which would let anyone pick a fresh
    address per attempt. Behind a proxy the socket's address is the proxy's, shared by everyone.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        # Not through all our proxies (a health probe inside the deployment network, say).
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
