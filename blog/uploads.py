"""Images members submit with a post, checked by content (type, size, pixel count) and stored
anew without their metadata: a photo's EXIF block can carry where it was taken (GPS), the
camera's serial number and the time, none of which a published post should give away."""

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from members.uploads import IMAGE_TYPES, UploadRefused, check_size, image_format

EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def cleaned_image(upload):
    """The upload as a new file of the same type, turned upright as its EXIF orientation said,
    with no metadata; ``UploadRefused`` says what is wrong with it."""
    check_size(upload, settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
    found = image_format(upload, IMAGE_TYPES)
    if found is None:
        raise UploadRefused(_("Please choose a PNG, JPEG or WebP image."))
    with Image.open(upload) as image:
        upright = ImageOps.exif_transpose(image)
        if found == "JPEG" and upright.mode not in {"RGB", "L"}:
            upright = upright.convert("RGB")
        stored = io.BytesIO()
        # No exif, icc_profile or text chunks are passed on: Pillow writes none unless asked.
        upright.save(stored, format=found, quality=90)
    upload.seek(0)
    return ContentFile(stored.getvalue(), name=f"beitrag.{EXTENSIONS[found]}")
