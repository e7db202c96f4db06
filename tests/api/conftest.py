"""The API's tests: a token for a persona, and a client that sends it."""

import pytest
from rest_framework.test import APIClient

from api.services import api_token_create


def bearer(clear):
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


@pytest.fixture
def token_for():
    """token_for(user) -> (ApiToken, clear token), valid for 30 days."""

    def make(user, *, name="Power BI", days=30):
        return api_token_create(actor=user, user=user, name=name, days=days)

    return make


@pytest.fixture
def api_as(token_for):
    """api_as(user) -> an APIClient sending a fresh token of `user`'s."""

    def make(user):
        client = APIClient()
        client.credentials(**bearer(token_for(user)[1]))
        return client

    return make
