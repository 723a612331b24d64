import logging
from datetime import timedelta

from django.core.files.storage import storages
from django.utils import timezone
from django_tasks import task

from cms import mail
from cms.storage import MediaStoreUnavailable

logger = logging.getLogger(__name__)

# How often a file that is no longer wanted is tried again while its store cannot be reached
# (after 1, 2, 4 … up to 60 minutes, about six hours in all): a removed application document
# or the photo of a refused submission must not stay behind in the store.
FILE_DELETION_ATTEMPTS = 12


@task()
def deliver_mail(mail_id):
    """Send one queued mail; a refusal fails the task and leaves the mail queued for a retry."""
    return mail.deliver(mail_id)


@task()
def delete_stored_file(storage_alias, name, attempt=1):
    """Delete ``name`` from ``STORAGES[storage_alias]``; while the store cannot be reached, try
    again later, and log an error when the last attempt failed too."""
    try:
        storages[storage_alias].delete(name)
    except MediaStoreUnavailable:
        backend = delete_stored_file.get_backend()
        if attempt >= FILE_DELETION_ATTEMPTS or not backend.supports_defer:
            logger.error("The file %s could not be deleted; delete it by hand", name)
            raise
        later = timezone.now() + timedelta(minutes=min(2 ** (attempt - 1), 60))
        delete_stored_file.using(run_after=later).enqueue(storage_alias, name, attempt + 1)
        logger.warning("The file %s is deleted again at %s", name, later)
