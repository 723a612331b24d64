"""A Redis cache that the site outlives: when Redis stops answering, every read is a miss and
every write is skipped, so pages are built afresh (slower) instead of failing with a 500."""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("cms.cache")

# After a failure, Redis is left alone this long, so that a dead server costs each request
# nothing rather than a connection timeout per cache call.
RETRY_AFTER_SECONDS = 5.0
# Only these mean that Redis is away; any other error (a command on a value of the wrong type,
# say) is the caller's and is raised as usual.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
WRITES = {"add", "set", "touch", "delete", "incr", "count", "set_many", "delete_many", "clear"}


class Outages:
    """Which Redis servers this process found unreachable, and until when it leaves them alone.
    Django gives each thread its own cache client; they share this, so that the whole process
    backs off together and logs an outage once."""

    def __init__(self):
        self._lock = threading.Lock()
        self._down_until = {}
        self._writes_lost = set()

    def is_down(self, location):
        return time.monotonic() < self._down_until.get(location, 0.0)

    def failed(self, location, error, *, writing):
        with self._lock:
            first = location not in self._down_until
            self._down_until[location] = time.monotonic() + RETRY_AFTER_SECONDS
            if writing:
                self._writes_lost.add(location)
        if first:
            logger.error("Redis cache unavailable, serving without it: %s", error)

    def skipped(self, location, *, writing):
        if writing:
            with self._lock:
                self._writes_lost.add(location)

    def answered(self, location):
        """Note that Redis answers again; True when writes were lost while it did not."""
        if location not in self._down_until:
            return False
        with self._lock:
            recovered = self._down_until.pop(location, None) is not None
            writes_lost = location in self._writes_lost
            self._writes_lost.discard(location)
        if recovered:
            logger.warning("Redis cache reachable again")
        return recovered and writes_lost


outages = Outages()


# Creates the counter KEYS[1] with ARGV[1] seconds to live unless it exists, adds one, and
# returns its value with the values of the other keys: one command, one round trip.
COUNT_AND_GET = """
redis.call('SET', KEYS[1], 0, 'EX', ARGV[1], 'NX')
local replies = {redis.call('INCR', KEYS[1])}
for i = 2, #KEYS do replies[i] = redis.call('GET', KEYS[i]) end
return replies
"""


class CountingRedisCacheClient(RedisCacheClient):
    def count(self, key, timeout, keys):
        """Django stores whole numbers as they are, so ``get`` and ``incr`` read the counter
        as well."""
        client = self.get_client(key, write=True)
        replies = self._count_script(client)(keys=[key, *keys], args=[timeout], client=client)
        found = {
            name: self._serializer.loads(value)
            for name, value in zip(keys, replies[1:], strict=True)
            if value is not None
        }
        return replies[0], found

    def _count_script(self, client):
        script = getattr(self, "_count_and_get", None)
        if script is None:
            script = self._count_and_get = client.register_script(COUNT_AND_GET)
        return script


class ResilientRedisCacheClient(CountingRedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._location = ",".join(servers)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        """One client per connection pool, where Django makes a new one for every call:
        making one (its table of reply parsers) costs more than a round trip to Redis. A
        client is safe to share between threads; its connections come from the pool, which
        starts afresh in a forked worker."""
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client

    def ping(self):
        """Raise ``RedisError`` when Redis cannot be reached; for start-up and health checks."""
        self.get_client(write=True).ping()

    def _call(self, operation, fallback, *args):
        writing = operation in WRITES
        if outages.is_down(self._location):
            outages.skipped(self._location, writing=writing)
            return fallback
        try:
            result = getattr(super(), operation)(*args)
        except UNREACHABLE as error:
            outages.failed(self._location, error, writing=writing)
            return fallback
        if outages.answered(self._location):
            # A deletion that was skipped would leave a stale entry served for its lifetime.
            logger.warning("Redis cache cleared: changes made during the outage were not stored")
            super().clear()
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

    def count(self, key, timeout, keys):
        return self._call("count", (0, {}), key, timeout, keys)

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

    def count(self, key, timeout, *, also_get=(), version=None):
        """Add one to the counter ``key``, made with ``timeout`` seconds to live if it does not
        exist, and return its value with ``get_many(also_get)``; ``(0, {})`` while Redis is
        away. One round trip, where ``add``, ``incr`` and ``get_many`` take four: for rate
        limits, which count every request, of answers kept in the cache."""
        names = {self.make_and_validate_key(name, version=version): name for name in also_get}
        value, found = self._cache.count(
            self.make_and_validate_key(key, version=version), timeout, list(names)
        )
        return value, {names[name]: item for name, item in found.items()}


def count(cache, key, timeout, *, also_get=()):
    """``ResilientRedisCache.count`` in any cache: the others take a call for each step."""
    if hasattr(cache, "count"):
        return cache.count(key, timeout, also_get=also_get)
    cache.add(key, 0, timeout=timeout)
    try:
        value = cache.incr(key)
    except ValueError:
        value = 0
    return value, cache.get_many(also_get) if also_get else {}
