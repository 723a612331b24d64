"""Settings for the test suite: the embedded default, made fast and isolated.

``DATABASE_URL`` still chooses the database, so the same suite runs on SQLite and PostgreSQL.
"""

import atexit
import shutil
import tempfile
from pathlib import Path

from .dev import *  # noqa: F403
from .dev import DATABASES

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def temporary_folder(prefix):
    """A folder of this process's own, removed when the process ends."""
    folder = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return Path(folder)


MEDIA_ROOT = str(temporary_folder("smart-region-media-"))
WAGTAILADMIN_BASE_URL = "http://testserver"

# A file rather than SQLite's shared in-memory database: the browser tests' live server answers
# several requests at once, and shared memory locks whole tables without waiting, where a file
# in WAL mode waits its turn. A new file for every run, as memory was: the browser tests empty
# the database when they end, which a reused file would carry into the next run.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {
        "NAME": str(temporary_folder("smart-region-db-") / "test.sqlite3")
    }
