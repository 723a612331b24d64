"""Settings for the test suite: the embedded default, made fast and isolated.

``DATABASE_URL`` still chooses the database, so the same suite runs on SQLite and PostgreSQL.
"""

import tempfile

from .dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="smart-region-media-")
WAGTAILADMIN_BASE_URL = "http://testserver"
