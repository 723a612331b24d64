"""Settings for the test suite: the safe base, made fast and isolated; nothing is written into
the checkout.

``DATABASE_URL`` still chooses the database, so the same suite runs on SQLite and PostgreSQL.
"""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES


def temporary_folder(prefix):
    """A folder of this process's own, removed when the process ends."""
    folder = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return Path(folder)


DEBUG = False
# A fixed key: the tests sign nothing that outlives them.
SECRET_KEY = "only-for-the-test-suite"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = str(temporary_folder("smart-region-media-"))
MEMBER_FILES_ROOT = str(temporary_folder("smart-region-private-"))
STATIC_ROOT = str(temporary_folder("smart-region-static-"))
WAGTAILADMIN_BASE_URL = "http://testserver"

# A file rather than SQLite's shared in-memory database: the browser tests' live server answers
# several requests at once, and shared memory locks whole tables without waiting, where a file
# in WAL mode waits its turn. A new file for every run, as memory was: the browser tests empty
# the database when they end, which a reused file would carry into the next run.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {
        "NAME": str(temporary_folder("smart-region-db-") / "test.sqlite3")
    }
DEMO_PASSWORD_FILE = temporary_folder("smart-region-demo-") / "demo-password"
# Each test process signs with a key of its own, which tests/conftest.py writes here.
SEAL_SIGNING_KEY_FILE = str(temporary_folder("smart-region-keys-") / "seal-signing.key")
