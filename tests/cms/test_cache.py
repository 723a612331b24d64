"""The shared Redis cache, against a real Redis server that the test starts and stops."""

import json
import logging
import shutil
import subprocess
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from redis.exceptions import RedisError

from cms.settings.environment import redis_cache
from tests.conftest import service_missing

pytestmark = pytest.mark.django_db


class RedisServer:
    def __init__(self, folder):
        self.folder = folder
        self.url = self._script("start").strip()

    def _script(self, action):
        result = subprocess.run(
            [str(settings.BASE_DIR / "scripts" / "redis"), action, str(self.folder)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def stop(self):
        self._script("stop")


@pytest.fixture
def redis_server(tmp_path):
    if not shutil.which("redis-server"):
        service_missing("redis-server is not installed (scripts/test-all installs it)")
    server = RedisServer(tmp_path / "redis")
    with override_settings(CACHES={"default": redis_cache(server.url)}):
        yield server
    server.stop()


def stop_and_wait(server):
    server.stop()
    # The server is gone once a connection is refused.
    for _ in range(50):
        try:
            cache.ping()
        except RedisError:
            return
        time.sleep(0.1)
    raise AssertionError("Redis kept answering after it was stopped")


def test_pages_are_cached_in_redis(client, home_pages, redis_server):
    cache.set("probe", "gespeichert")

    response = client.get("/de/")

    assert response.status_code == 200
    assert cache.get("probe") == "gespeichert"
    # Wagtail keeps the site's root paths in the shared cache.
    assert cache.get("wagtail_site_root_paths", version=2) is not None


def test_pages_are_still_served_when_redis_goes_away(client, home_pages, redis_server, caplog):
    client.get("/de/")
    stop_and_wait(redis_server)

    with caplog.at_level(logging.ERROR, logger="cms.cache"):
        german = client.get("/de/")
        english = client.get("/en/")

    assert german.status_code == 200
    assert english.status_code == 200
    assert "Willkommen in der SMART REGION" in german.content.decode()
    assert [record.getMessage().split(":")[0] for record in caplog.records] == [
        "Redis cache unavailable, serving without it"
    ]


def test_health_endpoint_tells_a_load_balancer_that_the_cache_is_down(
    client, home_pages, redis_server
):
    up = client.get("/health/")
    stop_and_wait(redis_server)
    down = client.get("/health/")

    assert (up.status_code, json.loads(up.content)["cache"]) == (200, "up")
    assert down.status_code == 503
    assert json.loads(down.content) == {"status": "down", "database": "up", "cache": "down"}
