"""The embedded default: runs on one machine with no server besides itself.

SQLite file, Wagtail's database search, console e-mail, local media and immediate background
tasks, all set in ``base``; this module only turns on what a developer needs.
"""

import secrets

from cms.files import private_file_once

from .base import *  # noqa: F403
from .base import BASE_DIR, INSTALLED_APPS, SECRET_KEY, env
from .environment import boolean

DEBUG = boolean("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

VAR_DIR = BASE_DIR / "var"
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
# Static files straight from the apps and static/, without collectstatic, served by WhiteNoise
# as in production rather than by runserver's own handler.
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True


# A key made once per checkout and kept out of git, so sessions survive a restart.
SECRET_KEY = SECRET_KEY or private_file_once(
    VAR_DIR / "dev-secret-key", lambda: secrets.token_urlsafe(50)
)
