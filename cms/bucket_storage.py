"""Uploads in a bucket of an S3-compatible store (``MEDIA_S3_BUCKET``,
``MEMBER_FILES_S3_BUCKET``); only imported when a bucket is configured."""

import logging
import threading
import time
from contextlib import contextmanager
from functools import cached_property

from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3File, S3Storage
from storages.utils import clean_name

from cms.storage import MediaStoreUnavailable, note_stored

logger = logging.getLogger("cms.storage")

STORE_ERRORS = (BotoCoreError, ClientError, Boto3Error)
# After a failure the store is not asked again for this long; meanwhile every request for it
# fails at once. Each request that waited out its timeouts instead would hold the page: one
# with a dozen renditions not yet made would outlast the worker's timeout.
PAUSE_AFTER_FAILURE_SECONDS = 10
# By endpoint and bucket: when each may be asked again.
unavailable_until = {}
unavailable_lock = threading.Lock()


def said_not_found(error):
    """Whether the store answered 404: the object, or its bucket, is not there."""
    return (
        isinstance(error, ClientError)
        and error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404
    )


def names_the_bucket(error):
    return error.response.get("Error", {}).get("Code") == "NoSuchBucket"


class MediaBucketFile(S3File):
    """A file of the bucket, fetched when it is first read: a store lost by then is away, as
    it is for every other request."""

    def _get_file(self):
        # Every read, seek and tell asks for the file; only the first one fetches it, and only
        # that one is the store's to fail (or to be paused after another request's failure).
        if self._file is not None:
            return self._file
        try:
            with self._storage._unavailable_on_store_error("read", self.name):
                return super()._get_file()
        except BaseException:
            # Made before the download: what it holds is not the file.
            if self._file is not None:
                self._file.close()
                self._file = None
            raise

    file = property(_get_file, S3File._set_file)


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
                # seconds only before the visitor is asked to try again: twice (3 + 10) s at
                # most, inside gunicorn's timeout of 30 s.
                connect_timeout=3,
                read_timeout=10,
                retries={"mode": "standard", "total_max_attempts": 2},
            ),
        }

    @contextmanager
    def _unavailable_on_store_error(self, action, name):
        store = (self.endpoint_url, self.bucket_name)
        if time.monotonic() < unavailable_until.get(store, 0):
            raise MediaStoreUnavailable(f"the bucket {self.bucket_name} failed just now")
        try:
            yield
        except (*STORE_ERRORS, FileNotFoundError) as error:
            # A 404 also answers a request for an object of a bucket that is not there, and
            # the answer to a HEAD request has no body that would say which: so the bucket is
            # asked for once more. django-storages turns some 404s into FileNotFoundError.
            missing = isinstance(error, FileNotFoundError) or (
                said_not_found(error) and not names_the_bucket(error)
            )
            if missing and self._bucket_answers():
                # Not a failing store: the object is gone (deleted since it was listed).
                raise FileNotFoundError(name) from error
            with unavailable_lock:
                unavailable_until[store] = time.monotonic() + PAUSE_AFTER_FAILURE_SECONDS
            logger.error("the bucket %s could not %s %s: %s", self.bucket_name, action, name, error)
            raise MediaStoreUnavailable(f"the bucket {self.bucket_name} is unavailable") from error

    def ask_again(self):
        """End the pause after a failure: for a caller that must try (a restore cleaning up)."""
        with unavailable_lock:
            unavailable_until.pop((self.endpoint_url, self.bucket_name), None)

    def _open(self, name, mode="rb"):
        # As S3Storage's, with a file whose reading fails as the store's other requests do.
        name = self._normalize_name(clean_name(name))
        with self._unavailable_on_store_error("open", name):
            return MediaBucketFile(name, mode, self)

    def _save(self, name, content):
        with self._unavailable_on_store_error("keep", name):
            name = super()._save(name, content)
        note_stored(self, name)
        return name

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

    def _bucket_answers(self):
        try:
            self.connection.meta.client.head_bucket(Bucket=self.bucket_name)
        except STORE_ERRORS as error:
            logger.error("the bucket %s did not answer: %s", self.bucket_name, error)
            return False
        return True

    def unreachable_reason(self):
        """Why the bucket could not be reached now, or ``None``, for ``/health/``: asked once,
        whatever the pause after a failure, and within 2 s, inside a load balancer's wait for
        its probe."""
        try:
            self._probe.head_bucket(Bucket=self.bucket_name)
        except STORE_ERRORS as error:
            return f"the bucket {self.bucket_name} could not be reached: {error}"
        return None

    @cached_property
    def _probe(self):
        quick = Config(connect_timeout=1, read_timeout=1, retries={"total_max_attempts": 1})
        return self._create_session().client(
            "s3",
            region_name=self.region_name,
            use_ssl=self.use_ssl,
            endpoint_url=self.endpoint_url,
            config=self.client_config.merge(quick),
            verify=self.verify,
        )
