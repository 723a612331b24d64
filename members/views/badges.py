"""The seal's badge address, for people and for programs: whether the seal is valid, said in
words and colour on a page, and as a JSON document at the same address (``Accept:
application/json``) or with ``.json`` appended.

A check of a visitor who brings nothing of their own (no session, no message waiting, no
query string) is answered from ``members.badge_answers``, which the seal services renew after
every change; only the time of the check is filled in afresh. Anyone else's answer is made for
them alone and never stored: a logged-in visitor's page shows their admin bar.
"""

import json
from functools import lru_cache, partial

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cms.cache import count
from cms.mail import absolute_url
from cms.security import client_address

from .. import badge_answers, selectors

# A shared cache may answer for this many seconds; a browser asks again every time, so a
# verifier who reloads sees a change of status at once.
BADGE_CACHE_SECONDS = 60
# Where the time of the check goes into a stored page. Autoescaping turns the "<" of any text
# from the database into "&lt;", so only the template itself can contain this.
CHECKED_AT_MARK = "<!--badge-checked-at-->"
LIMIT_WINDOW_SECONDS = 60
JSON = "application/json"


@require_safe
def badge(request, token, as_json=False):
    as_json = as_json or wants_json(request)
    plain_visit = is_plain_visit(request)
    variant = answer_variant(request, token, as_json) if plain_visit else None
    keys = badge_answers.keys(token, variant) if variant else None
    # The rate limit's counter and the stored answer come in one round trip to the cache.
    checks, found = count(
        caches[DEFAULT_CACHE_ALIAS],
        limit_key(request),
        LIMIT_WINDOW_SECONDS * 2,
        also_get=keys or (),
    )
    if checks > settings.BADGE_CHECKS_PER_MINUTE:
        return refusal(
            request,
            as_json,
            429,
            _("Too many checks from your address. Please wait a minute and try again."),
        )
    produce = partial(fresh_answer, request, token, as_json)
    answer = badge_answers.cached(keys, produce, found) if keys else produce()
    if answer is None:
        return refusal(request, as_json, 404, _("No seal has this address."))
    checked_at = timezone.now()
    if as_json:
        checked = json.dumps(checked_at.isoformat(timespec="seconds"))
        response = HttpResponse(f'{answer}, "checkedAt": {checked}}}', content_type=JSON)
    else:
        response = HttpResponse(answer.replace(CHECKED_AT_MARK, checked_at_html(checked_at), 1))
    if not plain_visit and request.user.is_authenticated:
        # The page of a logged-in visitor carries their name in the admin bar.
        response["Cache-Control"] = "private, no-cache"
    else:
        response["Cache-Control"] = f"public, max-age=0, s-maxage={BADGE_CACHE_SECONDS}"
    patch_vary_headers(response, ["Accept", "Cookie"])
    return response


def wants_json(request):
    accepted = request.headers.get("Accept", "")
    return "application/json" in accepted and "text/html" not in accepted


def answer_variant(request, token, as_json):
    """Which of the seal's stored answers this check gets, or ``None`` when answers are not
    stored: for a malformed token, or without a cache that every app server shares."""
    if not (
        badge_answers.is_shared(caches[DEFAULT_CACHE_ALIAS])
        and selectors.TOKEN_SHAPE.fullmatch(token)
    ):
        return None
    if as_json:
        return ("json", get_language())
    # The page's language links are absolute: it differs by the address it was asked at.
    return ("page", get_language(), request.scheme, request.get_host())


def fresh_answer(request, token, as_json):
    """The JSON document without its check time and closing brace, or the page with
    ``CHECKED_AT_MARK`` for its check time, from the database; ``None`` when no seal has this
    token."""
    seal = selectors.seal_for_token(token)
    if seal is None:
        return None
    state = selectors.seal_state(seal)
    if as_json:
        # Without its closing brace: each check appends its own time.
        return json.dumps(status_document(request, seal, state))[:-1]
    return badge_page(request, seal, state)


def is_plain_visit(request):
    """No session (so nobody logged in), no message waiting and no query string (which the
    language links repeat): the answer depends on nothing of the visitor's."""
    return not (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
        or request.META.get("QUERY_STRING")
    )


def badge_page(request, seal, state):
    return render_to_string(
        "members/badge.html",
        {
            "seal": seal,
            "state": state,
            "organisation": seal.organisation,
            "checked_at": mark_safe(CHECKED_AT_MARK),  # noqa: S308  (a constant)
            "issuer": settings.WAGTAIL_SITE_NAME,
            "profile_url": profile_url(seal) if state.is_valid else "",
            "json_url": reverse("members:badge_json", args=[seal.token]),
            "credential_url": reverse("badges:credential", args=[seal.token]),
        },
        request=request,
    )


def checked_at_html(checked_at):
    local = timezone.localtime(checked_at)
    in_words = time_in_words(get_language(), local.replace(microsecond=0))
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), in_words)


@lru_cache(maxsize=16)
def time_in_words(language, moment):
    """The same for every check in the same second, and formatting it anew took a tenth of
    a stored answer's check."""
    return formats.date_format(moment, "DATETIME_FORMAT")


def over_limit(request):
    """A fixed window per client address and minute, counted in the cache that every app
    server shares; while the cache is away, nobody is refused for want of a count."""
    checks, _found = count(
        caches[DEFAULT_CACHE_ALIAS], limit_key(request), LIMIT_WINDOW_SECONDS * 2
    )
    return checks > settings.BADGE_CHECKS_PER_MINUTE


def limit_key(request):
    window = int(timezone.now().timestamp() // LIMIT_WINDOW_SECONDS)
    return f"badge-checks:{client_address(request)}:{window}"


def refusal(request, as_json, status, message):
    if as_json:
        response = JsonResponse({"error": message}, status=status)
    else:
        response = TemplateResponse(
            request,
            "members/badge_problem.html",
            {"status": status, "message": message, "private_page": True},
            status=status,
        )
    if status == 429:
        response["Retry-After"] = "60"
    patch_vary_headers(response, ["Accept"])
    return response


def profile_url(seal):
    return reverse("members:profile", args=[seal.organisation.slug])


def status_document(request, seal, state):
    """The JSON status document without its ``checkedAt``, which each check adds."""
    return {
        "badgeUrl": absolute_url(reverse("members:badge", args=[seal.token])),
        "serialNumber": seal.serial_number,
        "status": state.name,
        "valid": state.is_valid,
        "statusSince": state.since.isoformat(),
        "reason": seal.status_reason if not state.is_valid and seal.status_reason else None,
        "validFrom": seal.valid_from.isoformat(),
        "validUntil": seal.valid_until.isoformat(),
        "holder": {
            "name": seal.organisation.name,
            "profile": absolute_url(profile_url(seal)) if state.is_valid else None,
        },
        "issuer": {
            "name": settings.WAGTAIL_SITE_NAME,
            "url": absolute_url("/"),
        },
        "credential": absolute_url(reverse("badges:credential", args=[seal.token])),
    }
