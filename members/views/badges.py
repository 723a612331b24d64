"""The seal's badge address, for people and for programs: whether the seal is valid, said in
words and colour on a page, and as a JSON document at the same address (``Accept:
application/json``) or with ``.json`` appended."""

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cms.mail import absolute_url
from cms.security import client_address

from .. import selectors

# A shared cache may answer for this many seconds; a browser asks again every time, so a
# verifier who reloads sees a change of status at once.
BADGE_CACHE_SECONDS = 60


@require_safe
def badge(request, token, as_json=False):
    as_json = as_json or wants_json(request)
    if over_limit(request):
        return refusal(
            request,
            as_json,
            429,
            _("Too many checks from your address. Please wait a minute and try again."),
        )
    seal = selectors.seal_for_token(token)
    if seal is None:
        return refusal(request, as_json, 404, _("No seal has this address."))
    state = selectors.seal_state(seal)
    checked_at = timezone.now()
    if as_json:
        response = JsonResponse(status_document(request, seal, state, checked_at))
    else:
        response = TemplateResponse(
            request,
            "members/badge.html",
            {
                "seal": seal,
                "state": state,
                "organisation": seal.organisation,
                "checked_at": checked_at,
                "issuer": settings.WAGTAIL_SITE_NAME,
                "profile_url": profile_url(seal) if state.is_valid else "",
                "json_url": reverse("members:badge_json", args=[token]),
                "credential_url": reverse("badges:credential", args=[token]),
            },
        )
    if request.user.is_authenticated:
        # The page of a logged-in visitor carries their name in the admin bar.
        response["Cache-Control"] = "private, no-cache"
    else:
        response["Cache-Control"] = f"public, max-age=0, s-maxage={BADGE_CACHE_SECONDS}"
    patch_vary_headers(response, ["Accept"])
    return response


def wants_json(request):
    accepted = request.headers.get("Accept", "")
    return "application/json" in accepted and "text/html" not in accepted


def over_limit(request):
    """A fixed window per client address and minute, counted in the cache that every app
    server shares."""
    minute = int(timezone.now().timestamp() // 60)
    key = f"badge-checks:{client_address(request)}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        return cache.incr(key) > settings.BADGE_CHECKS_PER_MINUTE
    except ValueError:
        return False


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


def status_document(request, seal, state, checked_at):
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
        "checkedAt": checked_at.isoformat(timespec="seconds"),
        "credential": absolute_url(reverse("badges:credential", args=[seal.token])),
    }
