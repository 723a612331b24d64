"""Checks of what members upload, by content rather than by name: an attachment must be a PDF,
PNG or JPEG file within the size limit, a logo a PNG, JPEG or WebP image within the size and
pixel limits."""

from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
from django.utils.functional import LazyObject, cached_property, empty
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from cms.storage import MediaFolderStorage

IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
ATTACHMENT_IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
# The name a stored file gets from what it is, never from what the uploader called it: a file
# named "x.html" would otherwise be served as a web page by a server that types by extension.
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
}


class UploadRefused(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(message)


def check_size(upload, limit):
    if upload.size > limit:
        raise UploadRefused(
            _("The file is %(size)s; at most %(limit)s are allowed.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    if upload.size == 0:
        raise UploadRefused(_("The file is empty."))


def image_format(upload, allowed):
    """The image's format as Pillow reads it from the content, after checking the pixel count
    before any pixel is decoded."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            width, height = image.size
            if width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
                raise UploadRefused(
                    _("The image has too many pixels (%(width)d × %(height)d).")
                    % {"width": width, "height": height}
                )
            image.verify()
            found = image.format
    except Image.DecompressionBombError:
        raise UploadRefused(_("The image has too many pixels.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        found = None
    finally:
        upload.seek(0)
    return found if found in allowed else None


def check_attachment(upload):
    """The content type of an acceptable attachment; ``UploadRefused`` says what is wrong."""
    check_size(upload, settings.MEMBER_ATTACHMENT_MAX_SIZE)
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    found = image_format(upload, ATTACHMENT_IMAGE_TYPES)
    if found:
        return ATTACHMENT_IMAGE_TYPES[found]
    raise UploadRefused(_("Please attach a PDF document or a PNG or JPEG image."))


def check_logo(upload):
    """The content type of an acceptable logo; ``UploadRefused`` says what is wrong."""
    check_size(upload, settings.MEMBER_LOGO_MAX_SIZE)
    found = image_format(upload, IMAGE_TYPES)
    if found is None:
        raise UploadRefused(_("Please upload the logo as a PNG, JPEG or WebP image."))
    return IMAGE_TYPES[found]


def named_by_content(upload, stem, content_type):
    """The upload, renamed ``<stem>.<extension of its real type>``."""
    upload.name = f"{stem}.{EXTENSIONS[content_type]}"
    return upload


class MemberFilesStorage(MediaFolderStorage):
    """Members' attachments on the local disk, in ``MEMBER_FILES_ROOT``: outside the public
    media folder, so that only the download views, which check permissions, hand them out."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.MEMBER_FILES_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "MEMBER_FILES_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


class MemberFiles(LazyObject):
    """``STORAGES["member_files"]``, looked up when first used, and again after the setting
    changed (as ``default_storage`` is)."""

    def _setup(self):
        self._wrapped = storages["member_files"]


member_files = MemberFiles()


@receiver(setting_changed)
def _forget_member_files_storage(setting, **kwargs):
    if setting == "STORAGES":
        member_files._wrapped = empty


def private_storage():
    """Where application documents are kept (``STORAGES["member_files"]``): a folder or a
    bucket that nobody reaches but the site."""
    return member_files
