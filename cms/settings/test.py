"""Settings for the test suite: the embedded default, made fast and isolated.

``DATABASE_URL`` still chooses the database, so the same suite runs on SQLite and PostgreSQL.
"""

import tempfile
from pathlib import Path

from .dev import *  # noqa: F403
from .dev import DATABASES

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="smart-region-media-")
WAGTAILADMIN_BASE_URL = "http://testserver"

# A file rather than SQLite's shared in-memory database: the browser tests' live server answers
# several requests at once, and shared memory locks whole tables without waiting, where a file
# in WAL mode waits its turn. A new file for every run, as memory was: the browser tests empty
# the database when they end, which a reused file would carry into the next run.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.mkdtemp(prefix="smart-region-db-")) / "test.sqlite3")
    }
