"""The signed Open Badges 3.0 credential of a seal, the issuer's status lists and keys, for
wallets and verifiers. Signed documents go out byte for byte as they were signed."""

import json
import logging

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import credentials, selectors
from ..models import IssuerKey, StatusPurpose
from ..signing import SigningKeyMissing
from .badges import BADGE_CACHE_SECONDS, over_limit

logger = logging.getLogger(__name__)

CREDENTIAL_TYPE = "application/ld+json"


def for_machines(response):
    # Verifiers running in a browser on another site read these documents too.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age=0, s-maxage={BADGE_CACHE_SECONDS}"
    return response


def problem(status, message):
    response = for_machines(JsonResponse({"error": message}, status=status))
    if status == 429:
        response["Retry-After"] = "60"
    return response


def signed(text_of, *args):
    try:
        text = text_of(*args)
    except SigningKeyMissing:
        logger.exception("A credential could not be signed")
        return problem(503, _("Credentials cannot be signed at the moment. Please try later."))
    return for_machines(HttpResponse(text.encode(), content_type=CREDENTIAL_TYPE))


@require_safe
def credential(request, token):
    if over_limit(request):
        return problem(
            429, _("Too many checks from your address. Please wait a minute and try again.")
        )
    seal = selectors.seal_for_token(token)
    if seal is None:
        return problem(404, _("No seal has this address."))
    response = signed(credentials.credential_for, seal)
    if request.GET.get("download") and response.status_code == 200:
        response["Content-Disposition"] = f'attachment; filename="{seal.serial_number}.json"'
    return response


@require_safe
def status_list(request, purpose):
    if purpose not in StatusPurpose.values:
        return problem(404, _("There is no such status list."))
    return signed(credentials.status_list_for, purpose)


@require_safe
def key(request, key_id):
    record = get_object_or_404(IssuerKey, key_id=key_id)
    return for_machines(
        HttpResponse(
            json.dumps(credentials.multikey_document(record), indent=2),
            content_type="application/ld+json",
        )
    )


@require_safe
def did_document(request):
    return for_machines(
        HttpResponse(
            json.dumps(credentials.did_document(), indent=2),
            content_type="application/did+ld+json",
        )
    )
