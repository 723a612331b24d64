"""Production: everything from the environment, nothing assumed.

Start-up stops with one line naming every required variable that is missing. Mail must be
configured on purpose: ``EMAIL_URL=consolemail://`` (or ``filemail:///folder``) is the explicit
choice for a trial without a mail server, since password-reset links would land in the log.
"""

from cms.logging import formatter_for, log_format

from .base import *  # noqa: F403
from .base import LOGGING, STORAGES, env
from .environment import boolean, require, tasks_from, whole_number

require(
    "DJANGO_SECRET_KEY",
    "DATABASE_URL",
    "DJANGO_ALLOWED_HOSTS",
    "WAGTAILADMIN_BASE_URL",
    "EMAIL_URL",
)
DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL")
# The key file lives outside the checkout; without either variable, credentials cannot be
# signed and check --deploy says so.
SEAL_SIGNING_KEY_FILE = env.str("SEAL_SIGNING_KEY_FILE", default="")
# No request waits for a mail server: the worker (manage.py db_worker) sends the mail.
TASKS = tasks_from("TASKS_BACKEND", default="database")
# One JSON object per line, for a log collector; DJANGO_LOG_FORMAT=text for a terminal.
LOGGING["formatters"]["line"] = formatter_for(log_format(default="json"))

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# TLS ends at the proxy in front, which must set X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = boolean("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = whole_number("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
# Both bind more than this site (every subdomain; browsers' built-in lists) and are hard to take
# back, so they are a deliberate choice, not a default.
SECURE_HSTS_INCLUDE_SUBDOMAINS = boolean("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = boolean("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SILENCED_SYSTEM_CHECKS = [
    # Wagtail shows page previews in a same-origin frame, which DENY would block.
    "security.W019",
    # Off by default on purpose (above); the operator turns them on once the domain is ready.
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
