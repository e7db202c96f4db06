"""Requests are counted per token: one token over its rate gets 429 in Danish, another token still reads."""

import pytest

from api.throttling import TokenRateThrottle

pytestmark = pytest.mark.django_db


def test_it_throttles_each_token_on_its_own(api_as, reader, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "rate", "2/hour", raising=False)
    busy, other = api_as(reader), api_as(reader)
    assert [busy.get("/api/v1/projects/").status_code for _ in range(2)] == [200, 200]
    response = busy.get("/api/v1/projects/")
    assert response.status_code == 429
    assert response.json()["detail"].startswith("For mange forespørgsler med denne nøgle. Prøv igen om ")
    assert int(response["Retry-After"]) > 0
    assert other.get("/api/v1/projects/").status_code == 200
