"""The security tests' fixtures live in tests/security/world.py, beside the world they build."""

from tests.security.world import in_world, layout_once, world  # noqa: F401 - fixtures
