"""The read-only API's settings (/api/, the api app): personal Bearer tokens or the browser's session; JSON or
CSV; paged; GET only. Anonymous requests get 401 JSON, never the login page."""

import os

API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "1000/hour").strip()
API_PAGE_SIZE = int(os.environ.get("API_PAGE_SIZE", "100"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First: its WWW-Authenticate header makes a request without credentials a 401, not a 403.
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # No browsable API: its pages need inline script, which the CSP forbids; /api/docs/ is the human view.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "api.renderers.FlatCsvRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": API_THROTTLE_RATE},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Digitaliseringsportalens API",
    "DESCRIPTION": "Porteføljen som læsbar JSON eller CSV. Kun GET; nøglen arver brugerens læserettigheder.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Nobody reads anything without logging in: the schema and its docs neither.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # The docs' JavaScript and CSS come from our own static files (drf-spectacular-sidecar): the CSP allows
    # only 'self'.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"LightEnum": "portfolio.models.Light"},
}
