"""Settings shared by every environment.

Safe by default: DEBUG is off and nothing secret lives here. Every value that differs between
environments is read from the environment in this one module, so ``dev``, ``test`` and
``production`` only choose defaults and add their own checks.
"""

from datetime import timedelta
from pathlib import Path

from .environment import (
    boolean,
    database_from_url,
    email_from_url,
    env,
    redis_cache,
    tasks_from,
    whole_number,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CMS_DIR = BASE_DIR / "cms"


SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = boolean("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# The embedded default keeps its database in var/, made on first use.
EMBEDDED_DATABASE = BASE_DIR / "var" / "db.sqlite3"
if not env.str("DATABASE_URL", default=""):
    EMBEDDED_DATABASE.parent.mkdir(exist_ok=True)
DATABASES = {
    "default": database_from_url(
        env.str("DATABASE_URL", default="") or f"sqlite:///{EMBEDDED_DATABASE}",
        base_dir=BASE_DIR,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "cms",
    "home",
    "members",
    "blog",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "guardian",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Only for its sitemap.xml template; cms.seo builds the sitemap itself.
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First, so that a load balancer's probe is answered whatever its Host header.
    "cms.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cms.middleware.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Wagtail shows page previews in a same-origin frame.
X_FRAME_OPTIONS = "SAMEORIGIN"

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out address or account is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Without this, guardian creates an "AnonymousUser" row on every migrate.
ANONYMOUS_USER_NAME = None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): five failures from one address, or for one account from
# anywhere, lock logins for a quarter of an hour; the failures are kept in the database, so
# every app server counts them together.
AXES_FAILURE_LIMIT = whole_number("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=whole_number("DJANGO_LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
# A successful login must not wipe an address's failures: an attacker with any account could
# otherwise alternate guesses at other accounts with logins to their own.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "cms.views.login_locked_out"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "cms.security.client_address"
# How many proxies in front of the app servers append to X-Forwarded-For; 0 trusts none, so a
# client cannot pick the address it is counted and logged under.
TRUSTED_PROXY_COUNT = whole_number("DJANGO_PROXY_COUNT", default=0)
# Password-reset mails sent to one address per hour; further requests send nothing.
PASSWORD_RESET_MAILS_PER_ADDRESS = whole_number("DJANGO_PASSWORD_RESET_MAILS_PER_HOUR", default=3)

# A session ends after this much idle time; every request moves the end forward.
SESSION_COOKIE_AGE = 60 * whole_number("DJANGO_SESSION_IDLE_MINUTES", default=120)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "cms.views.csrf_failure"

# Languages: German is the default, English the second. Public URLs carry the language prefix.
LANGUAGE_CODE = "de"
# Each language is named in itself, as a language switcher shows it.
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
# A page submitted for translation starts as a draft in the other language: it goes public when
# a translator publishes it, never with the source language's text.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The project's catalogue, then its German for strings the packages lack.
LOCALE_PATHS = [CMS_DIR / "locale", CMS_DIR / "locale_overrides"]
USE_I18N = True
FORMAT_MODULE_PATH = ["cms.formats"]
TIME_ZONE = "Europe/Berlin"
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATIC_URL = "/static/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CACHES = {
    "default": (
        redis_cache(env.str("REDIS_URL"))
        if env.str("REDIS_URL", default="")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

_email = email_from_url(env.str("EMAIL_URL", default="") or "consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"] or None
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SMART REGION <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Personal data of event registrations is deleted this many days after the event
# (manage.py forget_registrations, run daily).
REGISTRATION_RETENTION_DAYS = env.int("REGISTRATION_RETENTION_DAYS", default=30)

# Background tasks (e-mail delivery) run in the process that queued them, after its transaction
# commits; production keeps them in the database for the worker (see ``tasks_from``).
TASKS = tasks_from("TASKS_BACKEND", default="immediate")

WAGTAIL_SITE_NAME = env.str("WAGTAIL_SITE_NAME", default="SMART REGION")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# The admin reaches no other server: no avatars from Gravatar (which would learn every editor's
# address), no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_USER_LOGIN_FORM = "cms.forms.LoginForm"
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "cms.forms.PasswordResetForm"  # noqa: S105
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Page editor forms of large StreamFields exceed Django's default of 1,000 fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Security headers on every response. Public pages run no inline script or style and load nothing
# from other servers but the video player a visitor starts; the Wagtail admin gets its own,
# looser policy (cms.middleware.ContentSecurityPolicyMiddleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # The video block's players, which load only when a visitor starts a video.
        "frame-src": ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
CONTENT_SECURITY_POLICY_ADMIN = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# One line per record, time stamps in UTC whatever the process's time zone; forged Host
# headers are one line each instead of a traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"()": "cms.logging.UTCFormatter"}},
    "filters": {"without_traceback": {"()": "cms.logging.WithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own console handlers (the development server's request lines in local
        # time, a second copy of every message under DEBUG) give way to the one above.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
        # One line per finished background task is noise; failures still show as errors.
        "django_tasks": {"level": "WARNING"},
        # cms.security logs one line per login; axes' own lines would repeat it, masked.
        "axes": {"level": "ERROR"},
    },
}

# The seal registry (members). A seal is valid this many months from the committee's decision;
# its owners are reminded this many days before its end (manage.py send_seal_reminders, daily).
SEAL_VALIDITY_MONTHS = whole_number("SEAL_VALIDITY_MONTHS", default=24)
SEAL_REMINDER_DAYS = whole_number("SEAL_REMINDER_DAYS", default=60)
MEMBER_INVITATION_DAYS = whole_number("MEMBER_INVITATION_DAYS", default=7)
MEMBER_ATTACHMENTS_PER_APPLICATION = 5
MEMBER_ATTACHMENT_MAX_SIZE = 10 * 1024 * 1024
MEMBER_LOGO_MAX_SIZE = 2 * 1024 * 1024
