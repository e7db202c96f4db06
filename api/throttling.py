"""Requests per token (one analyst's scheduled refresh cannot starve another's); a browser session is
counted per user. The counters live in the "api_throttle" cache: Redis shared by every web process when
CACHE_URL is set, so a limit is the limit, however many processes serve the API."""

import logging

from django.core.cache import caches
from redis.exceptions import RedisError
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken

logger = logging.getLogger(__name__)


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api"

    @property
    def cache(self):
        return caches["api_throttle"]

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except (RedisError, OSError):
            # Counting is a safeguard, not a gate: an unreachable cache costs the limit, never the answer.
            logger.warning("API throttle cache unreachable; request let through", exc_info=True)
            return True

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
