"""The seal's documents for programs: Open Badges 2.0 and 3.0, the issuer's keys, the status
lists and the badge images. They are the same in every language, so they live outside the
language prefixes, at addresses that stay fixed once a credential names them."""

from django.urls import path, register_converter

from .views import badge_images, credentials, openbadges2


class SealTokenConverter:
    """A seal's token, exactly: with ``str``, the SVG of a token that ends in ``-qr`` would
    be taken for another token's QR code."""

    regex = "[A-Za-z0-9_-]{32}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SealTokenConverter, "seal_token")

app_name = "badges"

urlpatterns = [
    path("credentials/<str:token>", credentials.credential, name="credential"),
    path("status/<str:purpose>", credentials.status_list, name="status_list"),
    path("keys/<str:key_id>", credentials.key, name="key"),
    path("issuer", openbadges2.issuer, name="issuer"),
    path("seal", openbadges2.badge_class, name="badge_class"),
    path("revocations", openbadges2.revocation_list, name="revocation_list"),
    path("assertions/<str:token>", openbadges2.assertion, name="assertion"),
    path("images/seal.png", badge_images.class_image, name="class_image"),
    path("images/<seal_token:token>.svg", badge_images.badge_svg, name="image_svg"),
    path("images/<seal_token:token>-<int:size>.png", badge_images.badge_png, name="image_png"),
    path("images/<seal_token:token>-qr.svg", badge_images.qr_svg, name="qr_svg"),
    path("images/<seal_token:token>-qr.png", badge_images.qr_png, name="qr_png"),
    path("images/<seal_token:token>-baked.png", badge_images.baked_png, name="baked_png"),
]
