"""The Open Badges 2.0 documents at /badges/: each seal's hosted Assertion, the BadgeClass, the
Issuer profile and its RevocationList. A verifier's program in a browser fetches them from
another origin, so every answer allows any origin."""

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import openbadges2, selectors
from .badges import BADGE_CACHE_SECONDS, over_limit

MEDIA_TYPE = "application/ld+json"


@require_safe
def assertion(request, token):
    if over_limit(request):
        return too_many_checks()
    seal = selectors.seal_for_token(token)
    if seal is None:
        return not_found()
    if openbadges2.is_withdrawn(seal):
        return document(openbadges2.revocation_notice(seal), status=410)
    return document(openbadges2.assertion(seal))


@require_safe
def badge_class(request):
    if over_limit(request):
        return too_many_checks()
    return document(openbadges2.badge_class())


@require_safe
def issuer(request):
    if over_limit(request):
        return too_many_checks()
    return document(openbadges2.issuer())


@require_safe
def revocation_list(request):
    if over_limit(request):
        return too_many_checks()
    return document(openbadges2.revocation_list(selectors.withdrawn_seals()))


def document(content, status=200, content_type=MEDIA_TYPE):
    response = JsonResponse(content, status=status, content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"
    # Like the badge page: a browser asks again at every check, a shared cache keeps an answer
    # a minute at most.
    response["Cache-Control"] = f"public, max-age=0, s-maxage={BADGE_CACHE_SECONDS}"
    # Every answer is in the site's source language, whatever the client asks for.
    response["Content-Language"] = settings.LANGUAGE_CODE
    return response


def not_found():
    with translation.override(settings.LANGUAGE_CODE):
        error = {"error": _("No seal has this address.")}
    return document(error, status=404, content_type="application/json")


def too_many_checks():
    with translation.override(settings.LANGUAGE_CODE):
        error = {
            "error": _("Too many checks from your address. Please wait a minute and try again.")
        }
    response = document(error, status=429, content_type="application/json")
    # Kept by no cache: the limit is this client's, not everyone's.
    response["Cache-Control"] = "no-store"
    response["Retry-After"] = "60"
    return response
