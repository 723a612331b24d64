"""Whole pages for visitors who bring nothing of their own, answered from the shared cache by
``cms.answers`` before Django's middleware: the same bytes Django drew for the first of them,
with every header it set.

*Who* is served from the cache: a ``GET`` below a language (``/de/…``, ``/en/…``) without a
session cookie (nobody logged in, no password given for a protected page), without a message
waiting and without credentials. Everyone else gets a page drawn for them, which is not kept.

*What* is kept: only what a view offers (every Wagtail page through the ``on_serve_page`` hook,
and the views marked ``cms.answers.keep_for_visitors``), and of that only a plain success that
sets no cookie. A page with a form uses the visitor's CSRF token, and Django then sets its
cookie: such a page is never kept, so nobody receives another visitor's token.

*For which query*: one the page read in full. The key leaves out parameters that only say
where a visitor came from (``utm_…``, ``fbclid`` …) and empty ones, and puts the rest in order,
so such a visitor is served the page kept for the plain address; a page drawn for them is not
kept, since its links (pages, languages) repeat what it was asked with; nor is a page drawn
while the store of uploads failed, which may lack a picture. A page that draws itself
for a filter, a tag or a page number names the parameter with ``understood``; a query with
anything else (a misspelt filter, ``?x=1``) gets the page drawn and not kept, so that nobody
fills the cache with copies of one page under endless addresses.

*How long*: until anything the site shows changes, through the version of ``cms.fragments``
(pages and who may see them, snippets, settings, images and documents, and the members'
directory and seals), and at most ``PAGE_ANSWER_SECONDS``, for what changes with time alone
(an event that has begun, a deadline that has passed); the day is part of the key, so nothing
of yesterday's is served after midnight.

As for the badge, answers are kept only in a cache that every app server shares (Redis): in
the memory of one process a change would reach only that process.
"""

import hashlib
import uuid
from functools import cached_property, partial
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.utils import timezone

from cms import answers, fragments, storage

UNDERSTOOD = "cms.page_answers.understood"
# Added by newsletters, ads and social networks; no page reads them.
TRACKING_PARAMETERS = {"fbclid", "gclid", "msclkid", "mc_cid", "mc_eid"}


def kept_query(query_string):
    """The query as the key of a kept page names it: in order, without tracking parameters
    and without empty values (which every page reads as not given)."""
    return urlencode(sorted(kept_parameters(query_string)))


def kept_parameters(query_string):
    return [
        (name, value)
        for name, value in parse_qsl(query_string, keep_blank_values=True)
        if value and name not in TRACKING_PARAMETERS and not name.startswith("utm_")
    ]


def carries_no_tracking(query_string):
    """Whether ``query_string`` names no tracking parameter: a page drawn for one repeats it in
    its links (pages, languages), and is not kept for others."""
    return all(
        name not in TRACKING_PARAMETERS and not name.startswith("utm_")
        for name, _value in parse_qsl(query_string, keep_blank_values=True)
    )


def understood(request, name):
    """Note that the page was drawn for the query's ``name`` as given: a filter, tag or page
    number it recognised. A page is kept only for a query it understood in full."""
    request.environ.setdefault(UNDERSTOOD, {})[name] = request.GET.get(name)


def answer_key(request):
    """One key per address with its query, scheme, host and day."""
    named = "|".join(
        (
            request.scheme,
            request.get_host(),
            request.path_info,
            kept_query(request.META.get("QUERY_STRING", "")),
            timezone.localdate().isoformat(),
        )
    )
    return "page-answer:" + hashlib.sha256(named.encode()).hexdigest()


def brings_nothing_of_their_own(request):
    return not (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
    )


class PageAnswers:
    """The route of ``cms.answers`` for the pages below each language."""

    @cached_property
    def prefixes(self):
        return tuple(f"/{code}/" for code, _name in settings.LANGUAGES)

    def recognises(self, path):
        return path.startswith(self.prefixes)

    def answer(self, request):
        cache = caches[DEFAULT_CACHE_ALIAS]
        if not (
            settings.PAGE_ANSWER_SECONDS > 0
            and answers.is_shared(cache)
            and brings_nothing_of_their_own(request)
        ):
            return None
        key = answer_key(request)
        found = cache.get_many([fragments.VERSION_KEY, key])
        version = found.get(fragments.VERSION_KEY)
        kept = found.get(key)
        if version is None:
            # As for the badge: if another request just made the version, or the cache is
            # away, this page is drawn but not kept.
            version = uuid.uuid4().hex
            if not cache.add(fragments.VERSION_KEY, version, timeout=None):
                return None
        elif kept is not None and kept[0] == version:
            answer = kept[1]
            return answers.with_headers(answer, answer.content, request)
        request.environ[answers.OFFER] = answers.Offer(
            partial(keep_answer, key, version, request.environ, storage.failures_so_far())
        )
        return None


def keep_answer(key, version, environ, store_failures_before, answer):
    given = environ.get("QUERY_STRING", "")
    understood_query = kept_query(urlencode(environ.get(UNDERSTOOD, {})))
    if not carries_no_tracking(given) or kept_query(given) != understood_query:
        return
    if storage.failures_so_far() != store_failures_before:
        # Drawn while the store of uploads failed: a picture may be missing.
        return
    caches[DEFAULT_CACHE_ALIAS].set(key, (version, answer), timeout=settings.PAGE_ANSWER_SECONDS)


def offer_served_page(serve):
    """For Wagtail's ``on_serve_page`` hook: offer every page Wagtail serves."""

    def serving(page, request, args, kwargs):
        response = serve(page, request, args, kwargs)
        answers.offer(request)
        return response

    return serving
