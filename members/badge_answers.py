"""What the badge address answers for a seal (its page, its JSON document), kept in the shared
cache so that a check costs one round trip to Redis (with the rate limit's counter) instead of
a database query and a page drawn with the site's menu and footer.

A change of status must show on the very next check after the service returns. So each
seal's answers are stored under its *generation*, a random value in the cache that the seal
services replace after every change they commit (``forget``): an answer of an earlier
generation is never served again, on any app server, even one that was still drawing the old
page while the change was committed. What else an answer shows (the holder's name and logo,
the site's menu and footer) may lag behind by ``ANSWER_SECONDS``, as long as a shared cache in
front may keep the answer anyway (``s-maxage``).

Answers are kept only in a cache that every app server shares. Without ``REDIS_URL`` each
process has its own memory, where ``forget`` would reach only the process that made the
change: there every check is answered afresh.
"""

import hashlib
import uuid

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone

ANSWER_SECONDS = 60
GENERATION_SECONDS = 7 * 24 * 3600


def is_shared(cache):
    return not isinstance(cache, LocMemCache | DummyCache)


def generation_key(token):
    return f"badge-generation:{token}"


def answer_key(token, variant):
    """One key per seal, variant (format, language, address asked for) and day: a seal that
    expires at midnight is not answered as valid the next morning."""
    named = "|".join((token, *variant, timezone.localdate().isoformat()))
    return "badge-answer:" + hashlib.sha256(named.encode()).hexdigest()


def keys(token, variant):
    """What ``cached`` reads for the seal with ``token`` in ``variant`` (a tuple of strings):
    the seal's generation and the stored answer."""
    return generation_key(token), answer_key(token, variant)


def cached(keys, produce, found=None):
    """``produce()``'s answer for the seal and variant of ``keys`` (see ``keys``), from the
    cache while the seal's generation is current. ``produce`` reads the seal; an answer of
    ``None`` (no such seal) is not stored. ``found`` is what the caller has read of ``keys``
    already (the badge view reads them with its rate limit's counter, in one round trip)."""
    cache = caches[DEFAULT_CACHE_ALIAS]
    if not is_shared(cache):
        return produce()
    generation_at, answer_at = keys
    if found is None:
        found = cache.get_many([generation_at, answer_at])
    generation = found.get(generation_at)
    stored = found.get(answer_at)
    if generation is None:
        # Never changed since the cache started, or forgotten by it: a new generation, so that
        # no answer stored before can match. If another check just made one (or the cache is
        # away), this answer is not stored.
        generation = uuid.uuid4().hex
        if not cache.add(generation_at, generation, timeout=GENERATION_SECONDS):
            return produce()
    elif stored is not None and stored[0] == generation:
        return stored[1]
    # Read after the generation: a change committed in between has replaced it already, so
    # an answer produced from the old seal is stored under a generation no one asks for.
    answer = produce()
    if answer is not None:
        cache.set(answer_at, (generation, answer), timeout=ANSWER_SECONDS)
    return answer


def forget(token):
    """Retire every stored answer of the seal with ``token``; the seal services call this
    once their change is committed."""
    caches[DEFAULT_CACHE_ALIAS].set(
        generation_key(token), uuid.uuid4().hex, timeout=GENERATION_SECONDS
    )
