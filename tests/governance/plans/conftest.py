"""Fixtures of the indsatsplan tests: the approved plan is shared (tests/conftest.py), as the
integration tests use it too."""
