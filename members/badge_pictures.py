"""Every picture of a seal, kept in the cache by what it shows: the badge (SVG, PNG in three
sizes), the QR code to the badge address and the baked Open Badges PNG.

A picture is kept under a key made of the seal's token digest, its state and a digest of all
the drawing's inputs, so a suspension, revocation, reinstatement, expiry or new name asks for
a new key and never finds an old picture. When a seal changes, the task worker draws its
pictures ahead into Redis (``draw_ahead_after_commit``): the large PNGs take half a second
each, which the next verifier would otherwise wait for; a picture nobody drew yet is drawn
when asked."""

import hashlib
import json
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend

from cms import answers
from cms.mail import absolute_url

from . import badge_images as drawing
from . import openbadges2, selectors

# A kept picture is named by what it shows, so it is never out of date; the timeout only
# frees the cache of pictures no one asks for any more.
KEPT_SECONDS = 24 * 60 * 60


def badge_svg(seal):
    return (drawing.badge_svg, face(seal))


def badge_png(seal, size):
    return (drawing.badge_png, face(seal), size)


def qr_svg(seal):
    return (drawing.qr_svg, badge_url(seal), _("QR code to the seal's badge address"))


def qr_png(seal):
    return (drawing.qr_png, badge_url(seal))


def baked_png(seal):
    assertion = json.dumps(openbadges2.assertion(seal), ensure_ascii=False, sort_keys=True)
    return (drawing.baked_png, face(seal), assertion)


def every_recipe(seal):
    return [
        badge_svg(seal),
        *(badge_png(seal, size) for size in drawing.PNG_SIZES),
        qr_svg(seal),
        qr_png(seal),
        baked_png(seal),
    ]


def face(seal):
    return drawing.face_of(seal, selectors.seal_state(seal))


def badge_url(seal):
    return absolute_url(reverse("members:badge", args=[seal.token]))


def whose(seal):
    return f"{seal.token_digest}:{selectors.seal_state(seal).name}"


def digest_of(recipe):
    draw, *inputs = recipe
    return hashlib.sha256(
        repr((drawing.DRAWING_VERSION, draw.__name__, *inputs)).encode()
    ).hexdigest()


def key_of(recipe, owner):
    """Where the picture a recipe ``(draw, *inputs)`` names is kept: under ``owner`` (the
    seal's token digest and state) and the digest of the recipe."""
    return f"badge-picture:{owner}:{recipe[0].__name__}:{digest_of(recipe)}"


def kept(recipe, owner):
    """The picture a recipe names, and its digest: from the cache, or drawn now and kept."""
    key = key_of(recipe, owner)
    content = cache.get(key)
    if content is None:
        draw, *inputs = recipe
        content = draw(*inputs)
        cache.set(key, content, KEPT_SECONDS)
    return digest_of(recipe), content


def draw_ahead(seal_id):
    """Draw and keep every picture of the seal as it is now, in the site's language as the
    pictures' addresses answer; a seal since deleted has none. Returns how many."""
    seal = selectors.seal_with_organisation(seal_id)
    if seal is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        recipes = every_recipe(seal)
        owner = whose(seal)
        for recipe in recipes:
            kept(recipe, owner)
    return len(recipes)


def draw_ahead_after_commit(seal):
    """Have the worker draw the seal's pictures once the change is committed, into the cache
    the web processes share (Redis). Nothing is drawn ahead where the pictures would stay in
    the worker's own memory, or where a process runs its tasks itself (the immediate backend
    of development and tests): that would only move the drawing from the verifier's request
    into the reviewer's."""
    if not answers.is_shared(cache) or isinstance(task_backends["default"], ImmediateBackend):
        return
    from .tasks import draw_badge_pictures

    transaction.on_commit(partial(draw_badge_pictures.enqueue, seal.pk))
