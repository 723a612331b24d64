"""The seal's pictures at fixed addresses under /badges/images/: the badge (SVG, PNG in three
sizes), the QR code to the badge address, the baked Open Badges PNG, and the seal's mark.

Every picture of a seal shows its state today. Rendered bytes are kept in the cache under a
key made of everything the picture shows (the seal's state among it), so a suspension,
revocation, reinstatement or expiry asks for a new key, and the next request draws the new
picture at once; HTTP caching is the badge page's: a browser asks again every time (and gets
a 304 while nothing changed), a shared cache may keep a picture for a minute."""

import hashlib
import json

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _

from cms.mail import absolute_url

from .. import badge_images as drawing
from .. import openbadges2, selectors
from .machines import for_programs, no_such_seal

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


@for_programs
def badge_svg(request, token):
    return seal_picture(request, token, SVG, lambda seal: (drawing.badge_svg, face(seal)))


@for_programs
def badge_png(request, token, size):
    if size not in drawing.PNG_SIZES:
        raise Http404
    return seal_picture(request, token, PNG, lambda seal: (drawing.badge_png, face(seal), size))


@for_programs
def qr_svg(request, token):
    return seal_picture(
        request,
        token,
        SVG,
        lambda seal: (drawing.qr_svg, badge_url(seal), _("QR code to the seal's badge address")),
    )


@for_programs
def qr_png(request, token):
    return seal_picture(request, token, PNG, lambda seal: (drawing.qr_png, badge_url(seal)))


@for_programs
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


@for_programs(limited=False)
def class_image(request):
    response = picture_response(
        request, PNG, (drawing.badge_png, drawing.class_face(), 512), "seal-mark"
    )
    response["Cache-Control"] = f"public, max-age={CLASS_IMAGE_SECONDS}"
    return response


def seal_picture(request, token, content_type, recipe):
    """The picture ``recipe(seal)`` names, as ``(draw, *inputs)``: ``draw(*inputs)`` gives
    its bytes, and the inputs are all it depends on. Like every answer at /badges/, it is in
    the site's language: the QR code names the German badge address, whoever asks."""
    seal = selectors.seal_for_token(token)
    if seal is None:
        return no_such_seal()
    state = selectors.seal_state(seal)
    return picture_response(
        request, content_type, recipe(seal), f"{seal.token_digest}:{state.name}"
    )


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
    return get_conditional_response(request, etag=response["ETag"], response=response)


def face(seal):
    return drawing.face_of(seal, selectors.seal_state(seal))


def badge_url(seal):
    return absolute_url(reverse("members:badge", args=[seal.token]))
