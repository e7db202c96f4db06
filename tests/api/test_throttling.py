"""Requests are counted per token: one token over its rate gets 429 in Danish, another token still reads; the
counters are shared through Redis, and a cache that cannot be reached never stops an answer."""

import socket

import pytest
import redis
from django.core.cache import caches

from api.throttling import TokenRateThrottle
from tests.services import REDIS_URL

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


def redis_throttle_cache(location):
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": "api-throttle-test",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }


def test_it_keeps_the_counters_in_redis_where_every_web_process_reads_them(
    api_as, reader, monkeypatch, settings, require_service
):
    require_service("redis")
    settings.CACHES = {**settings.CACHES, "api_throttle": redis_throttle_cache(REDIS_URL)}
    caches["api_throttle"].clear()
    monkeypatch.setattr(TokenRateThrottle, "rate", "2/hour", raising=False)
    client = api_as(reader)
    assert [client.get("/api/v1/projects/").status_code for _ in range(2)] == [200, 200]
    # Another web process has its own memory but the same Redis: a fresh connection sees both requests.
    other_process = redis.Redis.from_url(REDIS_URL)
    assert [key for key in other_process.keys("api-throttle-test:*") if b"throttle_api_token-" in key]
    caches["api_throttle"].close()
    assert client.get("/api/v1/projects/").status_code == 429
    caches["api_throttle"].clear()


def test_it_answers_when_the_counters_cannot_be_reached(api_as, reader, settings, caplog):
    with socket.socket() as probe:  # a loopback port nobody listens on: Redis "down"
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {**settings.CACHES, "api_throttle": redis_throttle_cache(f"redis://127.0.0.1:{port}/0")}
    assert api_as(reader).get("/api/v1/projects/").status_code == 200
    assert "API throttle cache unreachable" in caplog.text
