"""Is an outside service there for the tests that need it?

A local run without the service skips with a reason that says how to provide it; CI (CI=true)
never skips: a missing service there is a broken pipeline, so the test fails instead.
"""

import os
import shutil
import socket
from pathlib import Path

import pytest

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

REASONS = {
    "postgresql": "Integrationstest sprunget over: ingen PostgreSQL (sæt DATABASE_URL=postgres://…)",
    "redis": (
        f"Integrationstest sprunget over: ingen Redis på {REDIS_URL} "
        "(start Redis eller sæt TEST_REDIS_URL=redis://…)"
    ),
    "chromium": (
        f"Browsertest sprunget over: ingen Chromium på {CHROMIUM_PATH} "
        "(installér chromium eller sæt CHROMIUM_PATH)"
    ),
    "node": "SSO-test sprunget over: ingen Node.js til test-udbyderen af OpenID Connect (installér nodejs)",
    "xmlsec1": "SSO-test sprunget over: intet xmlsec1 til SAML-signaturer (make system-deps installerer det)",
}


def skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true, så testen fejler i stedet for at blive sprunget over. {reason}", pytrace=False)
    pytest.skip(reason)


def postgres_available() -> bool:
    """The configured database is PostgreSQL and its server accepts connections."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        return False
    host = database.get("HOST") or "localhost"
    if host.startswith("/"):
        return Path(host).exists()
    try:
        with socket.create_connection((host, int(database.get("PORT") or 5432)), timeout=2):
            return True
    except OSError:
        return False


def redis_available(url: str = REDIS_URL) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def chromium_available(path: str = CHROMIUM_PATH) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def program_available(name: str) -> bool:
    return shutil.which(name) is not None


CHECKS = {
    "postgresql": postgres_available,
    "redis": redis_available,
    "chromium": chromium_available,
    "node": lambda: program_available("node"),
    "xmlsec1": lambda: program_available("xmlsec1"),
}


def require_service(name: str) -> None:
    """Skip (locally) or fail (CI) unless the named service is there."""
    if not CHECKS[name]():
        skip_or_fail(REASONS[name])
