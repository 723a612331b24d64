"""A Redis server of the test's own as the site's cache, as with REDIS_URL in production."""

import shutil
import subprocess
import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from redis.exceptions import RedisError

from cms import cache as resilient
from cms.settings.environment import redis_cache
from tests.conftest import service_missing


class RedisServer:
    """A Redis server of the test's own, started and stopped with scripts/redis."""

    def __init__(self, folder):
        self.folder = folder
        self.url = self._script("start").strip()

    def _script(self, action, *extra):
        result = subprocess.run(
            [str(settings.BASE_DIR / "scripts" / "redis"), action, str(self.folder), *extra],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def stop(self):
        self._script("stop")
        # The server is gone once a connection to it is refused.
        for _ in range(50):
            try:
                cache._cache.get_client(write=True).ping()
            except RedisError:
                return
            time.sleep(0.1)
        raise AssertionError("Redis kept answering after it was stopped")

    def start_again(self):
        self._script("start", str(urlsplit(self.url).port))


@pytest.fixture
def redis_server(tmp_path, monkeypatch):
    if not shutil.which("redis-server"):
        service_missing("redis-server is not installed (scripts/test-all installs it)")
    server = RedisServer(tmp_path / "redis")
    monkeypatch.setattr(resilient, "outages", resilient.Outages())
    with override_settings(CACHES={**settings.CACHES, "default": redis_cache(server.url)}):
        yield server
    server._script("stop")
