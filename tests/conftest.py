"""Fixtures shared by the whole suite."""

import pytest

from tests import services


@pytest.fixture(scope="session")
def require_service():
    """`require_service("postgresql" | "redis" | "chromium")`: skip locally, fail in CI, if it is missing."""
    return services.require_service


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Factories hash a password per user; PBKDF2 would make up much of the suite's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_caches():
    """The dashboard caches its HTML under a change count kept in the database; each test's rollback
    resets that count, so a cache left by one test must not answer the next."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
