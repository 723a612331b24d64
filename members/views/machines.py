"""What every answer to programs at /badges/ has in common.

Verifiers and the pages that embed a badge read these addresses from any origin. A browser
asks again at every check and a shared cache keeps an answer a minute at most, as for the
badge page, so that a change of status shows at once. Each client has the badge page's
limit of checks per minute for everything that names a seal. The documents are the same for
everyone, in the site's source language, whatever the client asks for."""

from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..badge_answers import over_limit
from .badges import BADGE_CACHE_SECONDS

SHORT_CACHING = f"public, max-age=0, s-maxage={BADGE_CACHE_SECONDS}"


def for_programs(view=None, *, limited=True):
    """``limited=False`` for the documents every verification needs whatever seal it checks
    (the issuer's keys, the status lists): a verifying service checks many seals from one
    address, and these name no seal, so counting them protects nothing."""
    if view is None:
        return lambda view: for_programs(view, limited=limited)

    @require_safe
    @wraps(view)
    def answered_for_programs(request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            if limited and over_limit(request):
                response = problem(
                    429,
                    _("Too many checks from your address. Please wait a minute and try again."),
                )
                # Kept by no cache: the limit is this client's, not everyone's.
                response["Cache-Control"] = "no-store"
                response["Retry-After"] = "60"
            else:
                response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Language"] = settings.LANGUAGE_CODE
        response.setdefault("Cache-Control", SHORT_CACHING)
        return response

    return answered_for_programs


def problem(status, message):
    return JsonResponse({"error": message}, status=status)


def no_such_seal():
    return problem(404, _("No seal has this address."))
