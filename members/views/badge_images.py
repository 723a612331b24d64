"""The seal's pictures at fixed addresses under /badges/images/: the badge (SVG, PNG in three
sizes), the QR code to the badge address, the baked Open Badges PNG, and the seal's mark.

Every picture of a seal shows its state today; members.badge_pictures keeps them, drawn by
the task worker ahead of the first request when a seal changes. HTTP caching is the badge
page's: a browser asks again every time (and gets a 304 while nothing changed), a shared
cache may keep a picture for a minute."""

from functools import partial

from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response

from .. import badge_images as drawing
from .. import badge_pictures as pictures
from .. import selectors
from .machines import for_programs, no_such_seal

SVG = "image/svg+xml"
PNG = "image/png"
# The seal's mark shows no seal's state; a browser may keep it a day.
CLASS_IMAGE_SECONDS = 24 * 60 * 60
# The SVG document itself may load and run nothing: it is all shapes and presentation
# attributes.
SVG_POLICY = "default-src 'none'"


@for_programs
def badge_svg(request, token):
    return seal_picture(request, token, SVG, pictures.badge_svg)


@for_programs
def badge_png(request, token, size):
    if size not in drawing.PNG_SIZES:
        raise Http404
    return seal_picture(request, token, PNG, partial(pictures.badge_png, size=size))


@for_programs
def qr_svg(request, token):
    return seal_picture(request, token, SVG, pictures.qr_svg)


@for_programs
def qr_png(request, token):
    return seal_picture(request, token, PNG, pictures.qr_png)


@for_programs
def baked_png(request, token):
    return seal_picture(request, token, PNG, pictures.baked_png)


@for_programs(limited=False)
def class_image(request):
    response = picture_response(
        request, PNG, (drawing.badge_png, drawing.class_face(), 512), "seal-mark"
    )
    response["Cache-Control"] = f"public, max-age={CLASS_IMAGE_SECONDS}"
    return response


def seal_picture(request, token, content_type, recipe_of):
    """The picture ``recipe_of(seal)`` names. Like every answer at /badges/, it is in the
    site's language: the QR code names the German badge address, whoever asks."""
    seal = selectors.seal_for_token(token)
    if seal is None:
        return no_such_seal()
    return picture_response(request, content_type, recipe_of(seal), pictures.whose(seal))


def picture_response(request, content_type, recipe, owner):
    digest, content = pictures.kept(recipe, owner)
    response = HttpResponse(content, content_type=content_type)
    response["ETag"] = f'"{digest[:32]}"'
    if content_type == SVG:
        response["Content-Security-Policy"] = SVG_POLICY
    return get_conditional_response(request, etag=response["ETag"], response=response)
