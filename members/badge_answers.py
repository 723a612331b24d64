"""The badge address's route through ``cms.answers``: a check of a visitor who brings nothing
of their own (no session, no message waiting, no query string) is answered from the shared
cache, before Django's middleware, at the cost of one round trip to Redis that also counts the
check for the rate limit. Only the time of the check is filled in afresh.

A change of status must show on the very next check after the service returns. So each
seal's answers are kept under its *generation*, a random value in the cache that the seal
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
import json
import re
import time
import uuid
from datetime import UTC, datetime
from functools import cached_property, lru_cache, partial

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import format_html

from cms import answers
from cms.cache import count
from cms.security import client_address

from .selectors import TOKEN_SHAPE

ANSWER_SECONDS = 60
GENERATION_SECONDS = 7 * 24 * 3600
LIMIT_WINDOW_SECONDS = 60
# Where the time of the check goes into a kept page. Autoescaping turns the "<" of any text
# from the database into "&lt;", so only the template itself can contain this.
CHECKED_AT_MARK = "<!--badge-checked-at-->"
# The route counts the check; the view, which refuses it when there were too many, reads the
# count here instead of counting it again.
CHECKS_COUNTED = "members.badge_checks"
SEAL_PLACEHOLDER = "SEALPLACEHOLDER"


def generation_key(token):
    return f"badge-generation:{token}"


def answer_key(token, variant):
    """One key per seal, variant (format, language, scheme and host asked at) and day: a seal
    that expires at midnight is not answered as valid the next morning."""
    named = "|".join((token, *variant, timezone.localdate().isoformat()))
    return "badge-answer:" + hashlib.sha256(named.encode()).hexdigest()


def forget(token):
    """Retire every kept answer of the seal with ``token``; the seal services call this once
    their change is committed."""
    caches[DEFAULT_CACHE_ALIAS].set(
        generation_key(token), uuid.uuid4().hex, timeout=GENERATION_SECONDS
    )


def wants_json(request):
    accepted = request.META.get("HTTP_ACCEPT", "")
    return "application/json" in accepted and "text/html" not in accepted


def is_plain_visit(request):
    """No session (so nobody logged in), no message waiting and no query string (which the
    language links repeat): the answer depends on nothing of the visitor's."""
    return not (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
        or request.META.get("QUERY_STRING")
    )


def limit_key(request):
    window = int(timezone.now().timestamp() // LIMIT_WINDOW_SECONDS)
    return f"badge-checks:{client_address(request)}:{window}"


def count_check(request, also_get=()):
    """Count the check against the client's rate limit, in the cache that every app server
    shares (while it is away, nobody is refused for want of a count), and read ``also_get``
    in the same round trip."""
    return count(
        caches[DEFAULT_CACHE_ALIAS], limit_key(request), LIMIT_WINDOW_SECONDS * 2, also_get=also_get
    )


def over_limit(request):
    """Whether the client made more checks in this minute than it may, this one included."""
    counted = request.environ.get(CHECKS_COUNTED)
    if counted is None:
        counted, _found = count_check(request)
    return counted > settings.BADGE_CHECKS_PER_MINUTE


def kept_form(answer, as_json):
    """The drawn ``answer`` as it is kept: the bytes before and after the place where each
    check writes its time."""
    if as_json:
        return answer.encode() + b', "checkedAt": ', b"}"
    before, after = answer.split(CHECKED_AT_MARK, 1)
    return before.encode(), after.encode()


def completed(kept, as_json, language):
    """The answer to send: the ``kept_form`` with the time of this check."""
    before, after = kept
    return b"".join((before, time_of_check(as_json, language, int(clock())), after))


clock = time.time


@lru_cache(maxsize=16)
def time_of_check(as_json, language, second):
    """The same for every check in the same second; drawing it anew took a third of the
    page's check."""
    checked_at = datetime.fromtimestamp(second, tz=UTC)
    if as_json:
        return json.dumps(checked_at.isoformat()).encode()
    local = timezone.localtime(checked_at)
    with translation.override(language):
        in_words = formats.date_format(local, "DATETIME_FORMAT")
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), in_words).encode()


class BadgeAnswers:
    """The route of ``cms.answers`` for the badge page and its JSON document."""

    @cached_property
    def addresses(self):
        """The badge page's and JSON document's addresses in every language as one pattern
        made from the URLconf, and what each of its groups, named ``a0``, ``a1``, …, stands
        for: whether it is the JSON document's address, and its language."""
        forms, meanings = [], {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for name, as_json in (("members:badge", False), ("members:badge_json", True)):
                    group = f"a{len(forms)}"
                    address = re.escape(reverse(name, args=[SEAL_PLACEHOLDER]))
                    forms.append(
                        address.replace(SEAL_PLACEHOLDER, f"(?P<{group}>{TOKEN_SHAPE.pattern})")
                    )
                    meanings[group] = (as_json, language)
        return re.compile("|".join(forms)), meanings

    def recognises(self, path):
        return self.addresses[0].fullmatch(path) is not None

    def answer(self, request):
        pattern, meanings = self.addresses
        match = pattern.fullmatch(request.path_info)
        token = match[match.lastgroup]
        json_address, language = meanings[match.lastgroup]
        as_json = json_address or wants_json(request)
        cache = caches[DEFAULT_CACHE_ALIAS]
        keeps = answers.is_shared(cache) and is_plain_visit(request)
        variant = ("json" if as_json else "page", language, request.scheme, request.get_host())
        generation_at, answer_at = generation_key(token), answer_key(token, variant)
        checks, found = count_check(request, (generation_at, answer_at) if keeps else ())
        request.environ[CHECKS_COUNTED] = checks
        if not keeps or checks > settings.BADGE_CHECKS_PER_MINUTE:
            return None
        generation = found.get(generation_at)
        kept = found.get(answer_at)
        if generation is None:
            # Never changed since the cache started, or forgotten by it: a new generation, so
            # that no answer kept before can match. If another check just made one (or the
            # cache is away), this answer is not kept.
            generation = uuid.uuid4().hex
            if not cache.add(generation_at, generation, timeout=GENERATION_SECONDS):
                return None
        elif kept is not None and kept[0] == generation:
            answer = kept[1]
            return answers.with_headers(
                answer, completed(answer.content, as_json, language), request
            )
        # The generation was read before the view reads the seal: a change committed in
        # between has replaced it already, so an answer drawn from the old seal is kept under
        # a generation no one asks for.
        request.environ[answers.OFFER] = answers.Offer(partial(keep_answer, answer_at, generation))
        return None


def keep_answer(answer_at, generation, answer):
    caches[DEFAULT_CACHE_ALIAS].set(answer_at, (generation, answer), timeout=ANSWER_SECONDS)
