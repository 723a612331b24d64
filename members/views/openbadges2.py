"""The Open Badges 2.0 documents at /badges/: each seal's hosted Assertion, the BadgeClass, the
Issuer profile and its RevocationList. A verifier's program in a browser fetches them from
another origin, so every answer allows any origin."""

from django.http import JsonResponse

from .. import openbadges2, selectors
from .machines import for_programs, no_such_seal

MEDIA_TYPE = "application/ld+json"


@for_programs
def assertion(request, token):
    seal = selectors.seal_for_token(token)
    if seal is None:
        return no_such_seal()
    if openbadges2.is_withdrawn(seal):
        return document(openbadges2.revocation_notice(seal), status=410)
    return document(openbadges2.assertion(seal))


@for_programs(limited=False)
def badge_class(request):
    return document(openbadges2.badge_class())


@for_programs(limited=False)
def issuer(request):
    return document(openbadges2.issuer())


@for_programs(limited=False)
def revocation_list(request):
    return document(openbadges2.revocation_list(selectors.withdrawn_seals()))


def document(content, status=200):
    return JsonResponse(content, status=status, content_type=MEDIA_TYPE)
