"""The API's error answers in the portal's own Danish where DRF's translation reads awkwardly."""

from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler

MESSAGES = {
    exceptions.NotAuthenticated: "Log ind, eller send din API-nøgle som 'Authorization: Bearer <nøgle>'.",
    exceptions.PermissionDenied: "Du har ikke adgang til dette.",
    exceptions.NotFound: "Findes ikke, eller du har ikke adgang til det.",
    exceptions.MethodNotAllowed: "API'et kan kun læse: brug GET.",
}


def api_exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, exceptions.Throttled):
        wait = f" Prøv igen om {exc.wait:.0f} sekunder." if exc.wait is not None else ""
        exc.detail = exceptions.ErrorDetail(
            f"For mange forespørgsler med denne nøgle.{wait}", code="throttled"
        )
    message = MESSAGES.get(type(exc))
    # Only DRF's default text is replaced: a message of our own (the paging's, say) stays. Anything that is
    # not DRF's own (a server error) passes on untouched, to be the 500 it is.
    if message and (type(exc) is exceptions.MethodNotAllowed or str(exc.detail) == str(exc.default_detail)):
        exc.detail = exceptions.ErrorDetail(message, code=exc.default_code)
    return exception_handler(exc, context)
