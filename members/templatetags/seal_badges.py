"""The seal's badge in the member portal: its pictures, their downloads, and the HTML a member
copies into their own website."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cms.mail import absolute_url

from .. import selectors
from ..badge_images import PNG_SIZES, face_of

register = template.Library()


@register.inclusion_tag("members/portal/_seal_badge.html")
def seal_badge(seal):
    token = seal.token
    pictures = {
        name: reverse(f"badges:{name}", args=[token])
        for name in ("image_svg", "qr_svg", "qr_png", "baked_png")
    }
    pngs = [(size, reverse("badges:image_png", args=[token, size])) for size in PNG_SIZES]
    # The badge speaks the site's language, and so does the HTML around it: the link goes to
    # the badge address in that language, the one its QR code names too.
    with translation.override(settings.LANGUAGE_CODE):
        alternative = _("Seal “Part of SMART REGION” of %(holder)s – check it") % {
            "holder": seal.organisation.name
        }
        embed = render_to_string(
            "members/includes/badge_embed.html",
            {
                "badge_url": absolute_url(reverse("members:badge", args=[token])),
                "image_url": absolute_url(pictures["image_svg"]),
                "alternative": alternative,
            },
        ).strip()
    return {
        "seal": seal,
        "pictures": pictures,
        "pngs": pngs,
        "embed": embed,
        # The preview is not a link: it is described by what it shows.
        "preview_alternative": face_of(seal, selectors.seal_state(seal)).title,
    }
