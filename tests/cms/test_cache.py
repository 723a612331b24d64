"""The shared Redis cache, against a real Redis server that the test starts and stops."""

import json
import logging
import threading
import time

import pytest
from django.core.cache import cache
from redis.exceptions import ResponseError

from cms import cache as resilient

pytestmark = pytest.mark.django_db


def test_pages_are_cached_in_redis(client, home_pages, redis_server):
    cache.set("probe", "gespeichert")

    response = client.get("/de/")

    assert response.status_code == 200
    assert cache.get("probe") == "gespeichert"
    # Wagtail keeps the site's root paths in the shared cache.
    assert cache.get("wagtail_site_root_paths", version=2) is not None


def test_pages_are_still_served_when_redis_goes_away(client, home_pages, redis_server, caplog):
    client.get("/de/")
    redis_server.stop()

    with caplog.at_level(logging.ERROR, logger="cms.cache"):
        german = client.get("/de/")
        english = client.get("/en/")

    assert german.status_code == 200
    assert english.status_code == 200
    assert "Willkommen in der SMART REGION" in german.content.decode()
    assert [record.getMessage().split(":")[0] for record in caplog.records] == [
        "Redis cache unavailable, serving without it"
    ]


def test_while_redis_is_away_no_thread_waits_for_it(redis_server, caplog, monkeypatch):
    redis_server.stop()
    connections = []
    original = resilient.ResilientRedisCacheClient.get_client
    monkeypatch.setattr(
        resilient.ResilientRedisCacheClient,
        "get_client",
        lambda client, *args, **kwargs: connections.append(1) or original(client, *args, **kwargs),
    )

    def read_a_lot():
        for _ in range(20):
            assert cache.get("anything", "fehlt") == "fehlt"

    with caplog.at_level(logging.ERROR, logger="cms.cache"):
        read_a_lot()
        threads = [threading.Thread(target=read_a_lot) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    # One failed attempt; every later read, in any thread, skipped Redis.
    assert len(connections) == 1
    assert len(caplog.records) == 1


def test_after_an_outage_the_cache_is_used_again_and_nothing_stale_is_served(
    redis_server, caplog, monkeypatch
):
    monkeypatch.setattr(resilient, "RETRY_AFTER_SECONDS", 0.2)
    cache.set("menu", "alt")
    redis_server.stop()
    # Deleting during the outage is lost: the old entry would be served once Redis is back.
    cache.delete("menu")
    redis_server.start_again()
    time.sleep(0.3)

    with caplog.at_level(logging.WARNING, logger="cms.cache"):
        assert cache.get("menu") is None
        cache.set("menu", "neu")

    assert cache.get("menu") == "neu"
    assert [record.getMessage() for record in caplog.records][-2:] == [
        "Redis cache reachable again",
        "Redis cache cleared: changes made during the outage were not stored",
    ]


def test_an_error_that_is_not_an_outage_is_raised_and_redis_stays_in_use(redis_server, caplog):
    cache.set("word", "abc")

    with pytest.raises(ResponseError):
        cache.incr("word")

    assert cache.get("word") == "abc"
    assert caplog.records == []


def test_health_endpoint_tells_that_the_cache_is_down_and_the_server_still_serves(
    client, home_pages, redis_server
):
    up = client.get("/health/")
    redis_server.stop()
    down = client.get("/health/")

    assert (up.status_code, json.loads(up.content)["cache"]) == (200, "up")
    # Every app server shares the cache: a balancer that took them out would stop the site.
    assert down.status_code == 200
    assert json.loads(down.content) == {
        "status": "degraded",
        "database": "up",
        "cache": "down",
        "search": "up",
        "tasks": "up",
        "media": "up",
    }


def test_sessions_are_read_from_redis_and_outlive_it(client, home_pages, redis_server, settings):
    from django.contrib.auth import get_user_model

    # What the settings choose when REDIS_URL is set (cms/settings/base.py).
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    editor = get_user_model().objects.create_superuser("redaktion", "r@example.org", "geheim")
    client.force_login(editor)
    session_key = client.cookies["sessionid"].value

    assert cache.get(f"django.contrib.sessions.cached_db{session_key}") is not None
    redis_server.stop()
    assert client.get("/admin/").status_code == 200
