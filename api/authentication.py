"""`Authorization: Bearer <token>` for the API, with the token owner's rights."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api import services
from api.models import ApiToken, token_digest

REFUSED = "API-nøglen er ukendt, udløbet eller tilbagekaldt."


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Angiv nøglen som 'Authorization: Bearer <nøgle>'.")
        try:
            clear = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(REFUSED) from None
        token = ApiToken.objects.select_related("user").filter(digest=token_digest(clear)).first()
        if token is None or not token.is_active or not token.user.is_active:
            raise exceptions.AuthenticationFailed(REFUSED)
        services.api_token_touch(token)
        return token.user, token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return f'{self.keyword} realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """The schema's name for the Bearer token, so /api/docs/ offers 'Authorize' with it."""

    target_class = BearerTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "Personlig API-nøgle (API-nøgler)."}
