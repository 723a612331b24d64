"""A Redis cache that the site outlives: when Redis stops answering, every read is a miss and
every write is skipped, so pages are built afresh (slower) instead of failing with a 500."""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("cms.cache")

# After a failure, Redis is left alone this long, so that a dead server costs each request
# nothing rather than a connection timeout per cache call.
RETRY_AFTER_SECONDS = 5.0


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._down_until = 0.0

    def ping(self):
        """Raise ``RedisError`` when Redis cannot be reached; for start-up and health checks."""
        self.get_client(write=True).ping()

    def _call(self, operation, fallback, *args):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            result = getattr(super(), operation)(*args)
        except RedisError as exc:
            if not self._down_until:
                logger.error("Redis cache unavailable, serving without it: %s", exc)
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            return fallback
        if self._down_until:
            logger.warning("Redis cache reachable again")
            self._down_until = 0.0
        return result

    def add(self, key, value, timeout):
        return self._call("add", False, key, value, timeout)

    def get(self, key, default):
        return self._call("get", default, key, default)

    def set(self, key, value, timeout):
        self._call("set", None, key, value, timeout)

    def touch(self, key, timeout):
        return self._call("touch", False, key, timeout)

    def delete(self, key):
        return self._call("delete", False, key)

    def get_many(self, keys):
        return self._call("get_many", {}, keys)

    def has_key(self, key):
        return self._call("has_key", False, key)

    def incr(self, key, delta):
        missing = object()
        result = self._call("incr", missing, key, delta)
        if result is missing:
            # What Django's caches raise for a key they do not hold.
            raise ValueError(f"Key {key!r} not found.")
        return result

    def set_many(self, data, timeout):
        self._call("set_many", None, data, timeout)

    def delete_many(self, keys):
        self._call("delete_many", None, keys)

    def clear(self):
        return self._call("clear", False)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

    def ping(self):
        self._cache.ping()
