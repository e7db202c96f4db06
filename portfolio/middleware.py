"""The portal's answer when its database is out of reach: a Danish 503 page with Retry-After, never a stack
trace or a bare "Server Error (500)", whatever DEBUG says.

Django turns an exception into a response inside every middleware layer (convert_exception_to_response),
so an OperationalError raised in a view, in another middleware (the session is loaded when
LoginRequiredMiddleware asks who the user is) or while the session is saved never reaches this middleware
as an exception: a 500 response comes back instead. Django sends got_request_exception from inside its
`except` block for every uncaught exception, so a receiver can see which exception it was and mark the
request; this middleware, outside all the others but SecurityMiddleware, then replaces that 500. The
traceback is still logged, as Django logs every 500.
"""

import sys

from csp.constants import HEADER as CSP_HEADER
from csp.utils import build_policy
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme

DATABASE_UNAVAILABLE_MESSAGE = "Portalen kan ikke nå databasen lige nu. Prøv igen om lidt."
# Long enough not to hammer a database that is restarting, short enough for a restart to be over.
DATABASE_UNAVAILABLE_RETRY_AFTER = 10

_MARK = "_portal_database_unavailable"


def _database_unavailable_errors() -> tuple[type[BaseException], ...]:
    """Connection-level failures: the server is down or restarting, the connection was cut. Django wraps
    the driver's errors in its own OperationalError and InterfaceError, but not everywhere: closing a
    server-side cursor on a dead connection raises psycopg2's own. (A deadlock or a cancelled statement
    is an OperationalError too, and "try again in a moment" is the right answer to those as well.)"""
    errors: list[type[BaseException]] = [OperationalError, InterfaceError]
    for connection in connections.all():
        errors += [connection.Database.OperationalError, connection.Database.InterfaceError]
    return tuple(errors)


def is_database_unavailable(error: BaseException | None) -> bool:
    """`error`, or an error it was raised from, says the database could not be reached."""
    errors = _database_unavailable_errors()
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, errors):
            return True
        error, seen = error.__cause__, seen + 1
    return False


def _mark_database_unavailable(sender, request=None, **kwargs) -> None:
    if request is not None and is_database_unavailable(sys.exception()):
        setattr(request, _MARK, True)


def database_unavailable_response(request) -> HttpResponse:
    """The 503 page. Rendered without the request: its context processors, the navigation and the user in
    the header, would ask the database again."""
    # "Prøv igen" asks for the same page again; never after a POST (that would lose the form), and never to
    # another site (a path such as //example.org is one).
    retry_url = request.get_full_path() if request.method in ("GET", "HEAD") else ""
    if not url_has_allowed_host_and_scheme(retry_url, allowed_hosts=None):
        retry_url = ""
    html = render_to_string("503.html", {"message": DATABASE_UNAVAILABLE_MESSAGE, "retry_url": retry_url})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(DATABASE_UNAVAILABLE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    # The CSP middleware sits inside this one and so never sees this response: same policy, set here.
    policy = build_policy()
    if policy:
        response[CSP_HEADER] = policy
    return response


class DatabaseUnavailableMiddleware:
    """A request that failed because the database could not be reached is answered with the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(
            _mark_database_unavailable, dispatch_uid="portfolio.middleware.database_unavailable"
        )

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, _MARK, False):
            return database_unavailable_response(request)
        return response
