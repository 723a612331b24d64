"""The seal's badge address, for people and for programs: whether the seal is valid, said in
words and colour on a page, and as a JSON document at the same address (``Accept:
application/json``) or with ``.json`` appended.

A check of a visitor who brings nothing of their own is usually answered before it reaches
this view, by ``members.badge_answers``, from what this view drew for an earlier check; the
view offers each answer it draws to be kept (``cms.answers.offer``). Anyone else's answer is
made for them alone and never kept: a logged-in visitor's page shows their admin bar.
"""

import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cms import answers
from cms.mail import absolute_url

from .. import badge_answers, selectors
from ..badge_answers import CHECKED_AT_MARK, is_plain_visit, wants_json

# A shared cache may answer for this many seconds; a browser asks again every time, so a
# verifier who reloads sees a change of status at once.
BADGE_CACHE_SECONDS = 60
JSON = "application/json"


@require_safe
def badge(request, token, as_json=False):
    as_json = as_json or wants_json(request)
    if badge_answers.over_limit(request):
        return refusal(
            request,
            as_json,
            429,
            _("Too many checks from your address. Please wait a minute and try again."),
        )
    answer = fresh_answer(request, token, as_json)
    if answer is None:
        return refusal(request, as_json, 404, _("No seal has this address."))
    kept = badge_answers.kept_form(answer, as_json)
    answers.offer(request, kept)
    response = HttpResponse(
        badge_answers.completed(kept, as_json, get_language()),
        content_type=JSON if as_json else None,
    )
    if not is_plain_visit(request) and request.user.is_authenticated:
        # The page of a logged-in visitor carries their name in the admin bar.
        response["Cache-Control"] = "private, no-cache"
    else:
        response["Cache-Control"] = f"public, max-age=0, s-maxage={BADGE_CACHE_SECONDS}"
    patch_vary_headers(response, ["Accept", "Cookie"])
    return response


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
