"""Uploads in a folder, and the one error of every store of uploads (this folder or the bucket
of ``cms.bucket_storage``) that cannot keep or hand out a file just now:
``MediaStoreUnavailable``. Services turn it into a message on the form, and the error page
into a 503."""

import contextvars
import logging
import os
from contextlib import contextmanager
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages
from django.utils.translation import gettext as _
from wagtail.images.models import SourceImageIOError

logger = logging.getLogger("cms.storage")


class MediaStoreUnavailable(SourceImageIOError):
    """The folder or bucket of uploads could not be reached or refused to keep a file. Wagtail
    draws a broken image for an image whose file it cannot read, and this error too: a page
    whose rendition cannot be made or stored now is served without the picture. Each one is
    counted (``failures_so_far``), so that such a page is not kept for others."""

    def __init__(self, *args):
        super().__init__(*args)
        global failures
        failures += 1


# In this process, of any thread: a piece or page drawn while the count rose may lack a picture.
failures = 0


def failures_so_far():
    return failures


def store_unavailable_message():
    return _(
        "The file could not be stored just now, so nothing was saved. "
        "Please try again in a few minutes."
    )


# The files stored within the innermost ``discarded_on_failure`` block, as (alias, name).
stored_in_block = contextvars.ContextVar("stored_in_block", default=None)


@contextmanager
def discarded_on_failure():
    """Around a transaction that refers to the uploads it stores: when the block fails, the
    transaction takes the rows back, and the files stored meanwhile, which nothing would point
    at any more, are deleted by the task worker."""
    stored = []
    token = stored_in_block.set(stored)
    try:
        yield
    except BaseException:
        discard(stored)
        raise
    finally:
        stored_in_block.reset(token)


def discard(stored):
    # Imported here: the tasks module imports this one.
    from cms.tasks import delete_stored_file

    for alias, name in stored:
        try:
            delete_stored_file.enqueue(alias, name)
        except Exception:
            # The failure being raised (the database lost, say) matters more than this one.
            logger.exception("%s was left in the store; delete it by hand", name)


def note_stored(storage, name):
    stored = stored_in_block.get()
    if stored is None:
        return
    alias = next((alias for alias in storages.backends if storages[alias] is storage), None)
    if alias is not None:
        stored.append((alias, name))


class MediaFolderStorage(FileSystemStorage):
    """Uploads in a folder of the app server (``MEDIA_ROOT``)."""

    def _save(self, name, content):
        try:
            name = super()._save(name, content)
        except OSError as error:
            logger.error("the folder %s could not keep %s: %s", self.location, name, error)
            raise MediaStoreUnavailable(error.errno, error.strerror) from error
        note_stored(self, name)
        return name

    def delete(self, name):
        try:
            return super().delete(name)
        except FileNotFoundError:
            raise
        except OSError as error:
            logger.error("the folder %s could not delete %s: %s", self.location, name, error)
            raise MediaStoreUnavailable(error.errno, error.strerror) from error

    def unreachable_reason(self):
        """Why files could not be written into the folder now, or ``None``: the folder, or the
        nearest folder it would be made in, must be writable."""
        folder = Path(self.location)
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not folder.is_dir():
            return f"{folder} is not a folder"
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"the folder {folder} is not writable"
        return None


def media_unreachable_reason():
    """Why uploads could not be kept now, for ``/health/``: the first store that fails."""
    for alias in ("default", "member_files"):
        check = getattr(storages[alias], "unreachable_reason", None)
        reason = check() if check else None
        if reason is not None:
            return reason
    return None
