"""The seal's pictures at fixed addresses under /badges/images/: the badge (SVG, PNG in three
sizes), the QR code to the badge address, the baked Open Badges PNG, and the seal's mark.

Every picture of a seal shows its state today. Rendered bytes are kept in the cache under a
key made of everything the picture shows (the seal's state among it), so a suspension,
revocation, reinstatement or expiry asks for a new key, and the next request draws the new
picture at once; HTTP caching is the badge page's: a browser asks again every time (and gets
a 304 while nothing changed), a shared cache may keep a picture for a minute."""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cms.mail import absolute_url

from .. import badge_images as drawing
from .. import openbadges2, selectors
from .badges import BADGE_CACHE_SECONDS, over_limit

SVG = "image/svg+xml"
PNG = "image/png"
# A rendered picture is named by what it shows, so a kept one is never out of date; the
# timeout only frees the cache of pictures no one asks for any more.
RENDERED_SECONDS = 24 * 60 * 60
# The seal's mark shows no seal's state; a browser may keep it a day.
CLASS_IMAGE_SECONDS = 24 * 60 * 60
# The SVG document itself may load and run nothing: it is all shapes and presentation
# attributes.
SVG_POLICY = "default-src 'none'"


@require_safe
def badge_svg(request, token):
    return seal_picture(request, token, SVG, lambda seal: (drawing.badge_svg, face(seal)))


@require_safe
def badge_png(request, token, size):
    if size not in drawing.PNG_SIZES:
        raise Http404
    return seal_picture(request, token, PNG, lambda seal: (drawing.badge_png, face(seal), size))


@require_safe
def qr_svg(request, token):
    return seal_picture(
        request,
        token,
        SVG,
        lambda seal: (drawing.qr_svg, badge_url(seal), _("QR code to the seal's badge address")),
    )


@require_safe
def qr_png(request, token):
    return seal_picture(request, token, PNG, lambda seal: (drawing.qr_png, badge_url(seal)))


@require_safe
def baked_png(request, token):
    return seal_picture(
        request,
        token,
        PNG,
        lambda seal: (
            drawing.baked_png,
            face(seal),
            json.dumps(openbadges2.assertion(seal), ensure_ascii=False, sort_keys=True),
        ),
    )


@require_safe
def class_image(request):
    with translation.override(settings.LANGUAGE_CODE):
        if over_limit(request):
            return too_many_requests()
        response = picture_response(
            request, PNG, (drawing.badge_png, drawing.class_face(), 512), "seal-mark"
        )
    response["Cache-Control"] = f"public, max-age={CLASS_IMAGE_SECONDS}"
    return response


def seal_picture(request, token, content_type, recipe):
    """The picture ``recipe(seal)`` names, as ``(draw, *inputs)``: ``draw(*inputs)`` gives
    its bytes, and the inputs are all it depends on."""
    # The pictures live outside the language prefixes: they speak the site's language, and
    # the QR code names the German badge address, whoever asks.
    with translation.override(settings.LANGUAGE_CODE):
        if over_limit(request):
            return too_many_requests()
        seal = selectors.seal_for_token(token)
        if seal is None:
            return refusal(404, _("No seal has this address."))
        state = selectors.seal_state(seal)
        response = picture_response(
            request, content_type, recipe(seal), f"{seal.token_digest}:{state.name}"
        )
    response["Cache-Control"] = f"public, max-age=0, s-maxage={BADGE_CACHE_SECONDS}"
    return response


def too_many_requests():
    response = refusal(
        429, _("Too many checks from your address. Please wait a minute and try again.")
    )
    # Kept by no cache: the limit is this client's, not everyone's.
    response["Cache-Control"] = "no-store"
    response["Retry-After"] = "60"
    return response


def picture_response(request, content_type, recipe, whose):
    """The picture, from the cache under ``whose`` (the seal's token digest and state) and a
    digest of the recipe, or drawn now."""
    draw, *inputs = recipe
    name = hashlib.sha256(
        repr((drawing.DRAWING_VERSION, draw.__name__, *inputs)).encode()
    ).hexdigest()
    key = f"badge-picture:{whose}:{draw.__name__}:{name}"
    content = cache.get(key)
    if content is None:
        content = draw(*inputs)
        cache.set(key, content, RENDERED_SECONDS)
    response = HttpResponse(content, content_type=content_type)
    response["ETag"] = f'"{name[:32]}"'
    if content_type == SVG:
        response["Content-Security-Policy"] = SVG_POLICY
    return machine_headers(
        get_conditional_response(request, etag=response["ETag"], response=response)
    )


def refusal(status, message):
    return machine_headers(
        HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    )


def machine_headers(response):
    # Verifiers and the pages that embed a badge may read it from any origin.
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def face(seal):
    return drawing.face_of(seal, selectors.seal_state(seal))


def badge_url(seal):
    return absolute_url(reverse("members:badge", args=[seal.token]))
