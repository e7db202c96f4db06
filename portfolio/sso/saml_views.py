"""SAML 2.0's pages: djangosaml2's views with the portal's one way in (the core's sso_person_sign_in and
sign_in) and its Danish refusal page for every way a response can fail.

The ACS never calls django.contrib.auth.authenticate: django-axes counts a failed authenticate() as a wrong
password, and a refused assertion is not one. Axes keeps throttling the password form only.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from djangosaml2 import views as saml_views
from djangosaml2.views import _set_subject_id
from saml2.response import SignatureError, StatusError, UnsolicitedResponse
from saml2.validate import ResponseLifetimeExceed, ToEarly

from portfolio.sso import saml
from portfolio.sso.people import SignInRefused, sso_person_sign_in
from portfolio.sso.views import refused, sign_in

logger = logging.getLogger(__name__)

START_AGAIN = "Gå til login-siden, og prøv igen."
UNREACHABLE = (
    "Kommunens login kan ikke nås lige nu, så du kan ikke logge ind den vej. "
    "Prøv igen om lidt, eller kontakt IT-afdelingen, hvis det bliver ved."
)
REFUSALS = (
    (
        SignatureError,
        "Svaret fra kommunens login var ikke underskrevet, som det skal være, så du er ikke logget ind. "
        "Kontakt IT-afdelingen, hvis det sker igen.",
    ),
    (
        UnsolicitedResponse,
        "Svaret fra kommunens login hører ikke til et login, du er i gang med her (det kan være brugt før). "
        + START_AGAIN,
    ),
    ((ResponseLifetimeExceed, ToEarly), "Svaret fra kommunens login er for gammelt. " + START_AGAIN),
    (StatusError, "Kommunens login loggede dig ikke ind. " + START_AGAIN),
)
NOT_ACCEPTED = (
    "Portalen kunne ikke godtage svaret fra kommunens login (det var måske ikke til "
    "Digitaliseringsportalen), så du er ikke logget ind. " + START_AGAIN
)


class _Refusal(PermissionDenied):
    """Raised inside djangosaml2's ACS flow so its failure handler shows our Danish message."""

    def __init__(self, message: str, reason: str):
        super().__init__(reason)
        self.message = message


def _message_for(exception) -> str:
    if isinstance(exception, _Refusal):
        return exception.message
    for kinds, message in REFUSALS:
        if isinstance(exception, kinds):
            return message
    return NOT_ACCEPTED


class _Configured:
    """Only while SAML is configured; the IdP's metadata read, or a Danish 503 when it cannot be."""

    def dispatch(self, request, *args, **kwargs):
        if not saml.is_configured():
            raise Http404
        try:
            saml.sp_config(request)
        except Exception:
            logger.exception("The SAML IdP's metadata could not be read")
            return refused(request, UNREACHABLE, status=503)
        return super().dispatch(request, *args, **kwargs)


class LoginView(_Configured, saml_views.LoginView):
    """Sends the browser to the IdP with an AuthnRequest (its id kept as an outstanding query)."""


# The IdP posts from its own site; djangosaml2 exempts its views from CSRF on dispatch, which _Configured's
# dispatch would hide from as_view(), so again here. pysaml2 checks the response's signature and InResponseTo.
@method_decorator(csrf_exempt, name="dispatch")
class AssertionConsumerView(_Configured, saml_views.AssertionConsumerServiceView):
    """Takes the IdP's response: checked by pysaml2 (signature, audience, InResponseTo, times), then the
    person signed in through the core."""

    def post(self, request, *args, **kwargs):
        if "SAMLResponse" not in request.POST:
            return refused(request, "Der kom intet svar fra kommunens login. " + START_AGAIN, status=400)
        return super().post(request)

    def custom_validation(self, response):
        # The attributes as the IdP named them, kept for authenticate_user.
        self.attributes = saml.assertion_attributes(response.assertion)

    def authenticate_user(
        self, request, session_info, attribute_mapping, create_unknown_user, assertion_info
    ):
        try:
            user = sso_person_sign_in(saml.identity_from(session_info, self.attributes))
        except (SignInRefused, saml.AssertionRefused) as refusal:
            logger.info("SAML sign-in refused: %s", refusal.reason)
            raise _Refusal(refusal.message, refusal.reason) from refusal
        sign_in(request, user, saml.PROTOCOL)
        # Single logout names the person to the IdP by this NameID.
        _set_subject_id(request.saml_session, session_info["name_id"])
        return user

    def handle_acs_failure(self, request, exception=None, status=403, **kwargs):
        if not isinstance(exception, _Refusal):
            logger.warning("SAML response refused: %r", exception)
        return refused(request, _message_for(exception), status=403)


@method_decorator(csrf_exempt, name="dispatch")
class LogoutServiceView(_Configured, saml_views.LogoutView):
    """The IdP's LogoutResponse to our LogoutRequest, or its own LogoutRequest (logout started elsewhere).
    A failed one shows templates/djangosaml2/logout_error.html, the portal's Danish version."""


class MetadataView(_Configured, saml_views.MetadataView):
    """The portal's SP metadata (entity id, ACS, single logout, signing certificate) for the IdP."""
