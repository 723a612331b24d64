"""Uploads in a bucket of an S3-compatible store (``MEDIA_S3_BUCKET``,
``MEMBER_FILES_S3_BUCKET``); only imported when a bucket is configured."""

import logging
from contextlib import contextmanager

from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage

from cms.storage import MediaStoreUnavailable

logger = logging.getLogger("cms.storage")

STORE_ERRORS = (BotoCoreError, ClientError, Boto3Error)


class MediaBucketStorage(S3Storage):
    """A store that cannot be reached or refuses a request raises ``MediaStoreUnavailable``;
    the store's own words go to the log, for the operator, not to the visitor.

    Its options stay plain values: Wagtail hands them to the task that deletes a file."""

    def get_default_settings(self):
        return {
            **super().get_default_settings(),
            "client_config": Config(
                # The bucket's name in the path: the one form every S3-compatible store answers.
                s3={"addressing_style": "path"},
                # A store that does not answer holds the request, and the server's worker, for
                # seconds only before the visitor is asked to try again.
                connect_timeout=5,
                read_timeout=20,
                retries={"mode": "standard", "total_max_attempts": 3},
            ),
        }

    @contextmanager
    def _unavailable_on_store_error(self, action, name):
        try:
            yield
        except STORE_ERRORS as error:
            logger.error("the bucket %s could not %s %s: %s", self.bucket_name, action, name, error)
            raise MediaStoreUnavailable(f"the bucket {self.bucket_name} is unavailable") from error

    def _open(self, name, mode="rb"):
        with self._unavailable_on_store_error("open", name):
            return super()._open(name, mode)

    def _save(self, name, content):
        with self._unavailable_on_store_error("keep", name):
            return super()._save(name, content)

    def delete(self, name):
        with self._unavailable_on_store_error("delete", name):
            return super().delete(name)

    def exists(self, name):
        with self._unavailable_on_store_error("look up", name):
            return super().exists(name)

    def listdir(self, path):
        with self._unavailable_on_store_error("list", path):
            return super().listdir(path)

    def size(self, name):
        with self._unavailable_on_store_error("measure", name):
            return super().size(name)

    def get_modified_time(self, name):
        with self._unavailable_on_store_error("date", name):
            return super().get_modified_time(name)

    def unreachable_reason(self):
        """Why the bucket could not be reached now, or ``None``, for ``/health/``."""
        try:
            self.connection.meta.client.head_bucket(Bucket=self.bucket_name)
        except STORE_ERRORS as error:
            return f"the bucket {self.bucket_name} could not be reached: {error}"
        return None
