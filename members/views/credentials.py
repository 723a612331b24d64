"""The signed Open Badges 3.0 credential of a seal, the issuer's status lists and keys, for
wallets and verifiers. Signed documents go out byte for byte as they were signed."""

import json
import logging

from django.http import HttpResponse
from django.utils.translation import gettext as _

from .. import credentials, selectors
from ..models import IssuerKey, StatusPurpose
from ..signing import SigningKeyMissing
from .machines import for_programs, no_such_seal, problem

logger = logging.getLogger(__name__)

CREDENTIAL_TYPE = "application/ld+json"


def signed(text_of, *args):
    try:
        text = text_of(*args)
    except SigningKeyMissing:
        logger.exception("A credential could not be signed")
        return problem(503, _("Credentials cannot be signed at the moment. Please try later."))
    return HttpResponse(text.encode(), content_type=CREDENTIAL_TYPE)


@for_programs
def credential(request, token):
    seal = selectors.seal_for_token(token)
    if seal is None:
        return no_such_seal()
    response = signed(credentials.credential_for, seal)
    if request.GET.get("download") and response.status_code == 200:
        response["Content-Disposition"] = f'attachment; filename="{seal.serial_number}.json"'
    return response


@for_programs(limited=False)
def status_list(request, purpose):
    if purpose not in StatusPurpose.values:
        return problem(404, _("There is no such status list."))
    return signed(credentials.status_list_for, purpose)


@for_programs(limited=False)
def key(request, key_id):
    record = IssuerKey.objects.filter(key_id=key_id).first()
    if record is None:
        return problem(404, _("The issuer has no key of this name."))
    return HttpResponse(
        json.dumps(credentials.multikey_document(record), indent=2),
        content_type="application/ld+json",
    )


@for_programs(limited=False)
def did_document(request):
    return HttpResponse(
        json.dumps(credentials.did_document(), indent=2), content_type="application/did+ld+json"
    )
