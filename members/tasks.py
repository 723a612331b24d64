import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from cms.storage import MediaStoreUnavailable

from . import badge_pictures
from .uploads import private_storage

logger = logging.getLogger(__name__)

# How often a removed document's file is tried again while the store cannot be reached (after
# 1, 2, 4 … up to 60 minutes, about six hours in all): an application's papers must not stay
# behind in the store once the member removed them.
FILE_DELETION_ATTEMPTS = 12


@task()
def draw_badge_pictures(seal_id):
    """Draw and keep a changed seal's pictures before anybody asks for them."""
    return badge_pictures.draw_ahead(seal_id)


@task()
def delete_member_file(name, attempt=1):
    """Delete the file of a removed attachment; while the store cannot be reached, try again
    later, and log an error when the last attempt failed too."""
    try:
        private_storage().delete(name)
    except MediaStoreUnavailable:
        backend = delete_member_file.get_backend()
        if attempt >= FILE_DELETION_ATTEMPTS or not backend.supports_defer:
            logger.error("The removed document %s could not be deleted; delete it by hand", name)
            raise
        later = timezone.now() + timedelta(minutes=min(2 ** (attempt - 1), 60))
        delete_member_file.using(run_after=later).enqueue(name, attempt + 1)
        logger.warning("The removed document %s is deleted again at %s", name, later)
