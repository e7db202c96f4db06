"""Fixtures shared by the whole suite."""

import pytest

from tests import services


@pytest.fixture(scope="session")
def require_service():
    """`require_service("postgresql" | "redis" | "chromium")`: skip locally, fail in CI, if it is missing."""
    return services.require_service
