"""Reading the environment strictly: a wrong value stops start-up with one line that names the
variable and never shows a password. ``base`` reads every variable through these functions."""

import re
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

SUPPORTED_DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")
SUPPORTED_REDIS_SCHEMES = ("redis", "rediss", "unix")
TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0")

# Everything between "scheme://user:" and the last "@" before the host is the password.
_PASSWORD_IN_URL = re.compile(r"^(?P<head>[^:/]*://[^:/@]*:)(?P<password>.*)@(?P<tail>[^@]*)$")


def without_password(url):
    """The URL with its password replaced by ``***``, for messages and logs."""
    match = _PASSWORD_IN_URL.match(url)
    if not match or not match["password"]:
        return url
    return f"{match['head']}***@{match['tail']}"


# A parser's own error message can quote part of a password (one with "/" or "?" in it is cut
# there), so messages name the likely causes instead.
UNREADABLE_URL = (
    "cannot be read: check that the port is a number from 1 to 65535 and that characters "
    "such as / ? # @ : in the user name or password are percent-encoded (%2F %3F %23 %40 %3A)"
)


def boolean(name, *, default):
    """A switch: only clear words count, because a typo must not turn security off."""
    raw = env.str(name, default="").strip()
    if not raw:
        return default
    if raw.lower() in TRUE_WORDS:
        return True
    if raw.lower() in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is neither true nor false; use one of "
        f"{', '.join(TRUE_WORDS)} or {', '.join(FALSE_WORDS)}"
    )


def whole_number(name, *, default):
    """A count, size or duration: a whole number, never negative."""
    try:
        value = env.int(name, default=default)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={env.str(name)!r} is not a whole number") from exc
    if value < 0:
        raise ImproperlyConfigured(f"{name}={value!r} is negative; it must be 0 or more")
    return value


def require(*names):
    """Stop when any of these variables is unset, naming all the missing ones at once."""
    missing = [name for name in names if not env.str(name, default="").strip()]
    if len(missing) == 1:
        raise ImproperlyConfigured(
            f"{missing[0]} is not set: the production settings need it (see .env.example)"
        )
    if missing:
        raise ImproperlyConfigured(
            f"{', '.join(missing)} are not set: the production settings need them "
            "(see .env.example)"
        )


def scheme_of(url):
    return url.split("://", 1)[0] if "://" in url else ""


def database_from_url(url, *, base_dir):
    """Parse ``DATABASE_URL``; a wrong value stops start-up with one line naming the variable."""
    shown = without_password(url)
    scheme = scheme_of(url)
    if scheme not in SUPPORTED_DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            f"DATABASE_URL={shown!r} is not a database URL this project can use; "
            "expected sqlite:////absolute/path/db.sqlite3 or postgres://user:password@host:port/name"
        )
    if scheme == "sqlite" and urlsplit(url).netloc:
        raise ImproperlyConfigured(
            f"DATABASE_URL={shown!r} has a host part, which SQLite has none of; "
            "write sqlite:////absolute/path/db.sqlite3"
        )
    try:
        with warnings.catch_warnings():
            # django-environ warns with the whole URL, password included.
            warnings.simplefilter("ignore")
            config = environ.Env.db_url_config(url)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL={shown!r} {UNREADABLE_URL}") from exc
    if config["NAME"] in ("", ":memory:"):
        # An in-memory database would lose everything on restart; only the tests use one.
        raise ImproperlyConfigured(
            f"DATABASE_URL={shown!r} names no database "
            "(sqlite:////absolute/path/db.sqlite3 or postgres://…/<name>)"
        )
    if config["ENGINE"].endswith("sqlite3"):
        path = Path(config["NAME"])
        if not path.is_absolute():
            # A relative path would depend on the directory each process happens to start in.
            raise ImproperlyConfigured(
                f"DATABASE_URL={shown!r} names a relative SQLite path; "
                f"write it absolute, with four slashes: sqlite:///{(base_dir / path).resolve()}"
            )
        if not path.parent.is_dir():
            raise ImproperlyConfigured(
                f"DATABASE_URL={shown!r} names a file in {path.parent}, which does not exist; "
                "create the folder first"
            )
        config["OPTIONS"] = sqlite_options()
    # A new connection for every request cost a fifth of a page's time (docs/performance.md);
    # a kept one is checked before each request reuses it.
    config["CONN_MAX_AGE"] = whole_number("DATABASE_CONN_MAX_AGE", default=60)
    config["CONN_HEALTH_CHECKS"] = config["CONN_MAX_AGE"] > 0
    return config


def sqlite_options():
    """WAL lets visitors read while an editor writes; writers wait for each other instead of
    failing with "database is locked". Reads through a memory map share the system's file
    cache: a new connection (one per request by default) does not start from a cold cache
    of its own."""
    return {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456;"
        ),
    }


def redis_cache(url):
    """The shared Redis cache for ``REDIS_URL``; a malformed URL stops start-up."""
    shown = without_password(url)
    scheme = scheme_of(url)
    if scheme not in SUPPORTED_REDIS_SCHEMES:
        raise ImproperlyConfigured(
            f"REDIS_URL={shown!r} is not a Redis URL; expected redis://host:6379/0, "
            "rediss://… for TLS or unix:///path/to/redis.sock"
        )
    from redis.connection import parse_url

    try:
        parsed = parse_url(url)
    except ValueError as exc:
        raise ImproperlyConfigured(f"REDIS_URL={shown!r} {UNREADABLE_URL}") from exc
    if scheme != "unix" and not parsed.get("host"):
        raise ImproperlyConfigured(f"REDIS_URL={shown!r} names no host (redis://host:6379/0)")
    database = urlsplit(url).path.strip("/") if scheme != "unix" else ""
    if database and not database.isdigit():
        raise ImproperlyConfigured(
            f"REDIS_URL={shown!r} names the database {database!r}; Redis databases are numbers "
            "(redis://host:6379/0)"
        )
    return {
        "BACKEND": "cms.cache.ResilientRedisCache",
        "LOCATION": url,
        # A cache that does not answer quickly is treated as down, not waited for.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }


def email_from_url(url):
    """Mail settings for ``EMAIL_URL`` (smtp://, smtp+tls://, consolemail://, filemail://)."""
    shown = without_password(url)
    try:
        config = env.email_url_config(url)
    except ValueError as exc:
        raise ImproperlyConfigured(f"EMAIL_URL={shown!r} {UNREADABLE_URL}") from exc
    except (ImproperlyConfigured, KeyError) as exc:
        raise ImproperlyConfigured(
            f"EMAIL_URL={shown!r} is not a mail URL this project can use; expected "
            "smtp+tls://user:password@mail.example.org:587, consolemail:// or "
            "filemail:///absolute/folder"
        ) from exc
    if url.startswith("filemail:"):
        # django-environ drops the leading slash of the folder.
        config["EMAIL_FILE_PATH"] = urlsplit(url).path
    return config


TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}


def tasks_from(name, *, default):
    """django-tasks' setting for the variable ``name``: ``immediate`` runs a task in the
    process that queued it; ``database`` stores it for the worker, ``manage.py db_worker``."""
    choice = env.str(name, default=default)
    if choice not in TASK_BACKENDS:
        raise ImproperlyConfigured(
            f"{name}={choice!r} is not a task backend; expected {' or '.join(TASK_BACKENDS)}"
        )
    return {"default": {"BACKEND": TASK_BACKENDS[choice]}}


def media_storages():
    """Where uploads are kept: ``default`` for images, renditions and documents, and
    ``member_files`` for members' attachments. Both on the local disk (``MEDIA_ROOT`` and
    ``MEMBER_FILES_ROOT``) unless ``MEDIA_S3_BUCKET`` and ``MEMBER_FILES_S3_BUCKET`` name
    buckets of an S3-compatible store; boto3 reads ``AWS_ACCESS_KEY_ID`` and
    ``AWS_SECRET_ACCESS_KEY`` itself."""
    media_bucket = env.str("MEDIA_S3_BUCKET", default="").strip()
    member_files_bucket = env.str("MEMBER_FILES_S3_BUCKET", default="").strip()
    if bool(media_bucket) != bool(member_files_bucket):
        # Several app servers share both or neither; one on a local disk would be lost to
        # the other servers.
        raise ImproperlyConfigured(
            "MEDIA_S3_BUCKET and MEMBER_FILES_S3_BUCKET are set together or not at all; "
            f"only {'MEDIA_S3_BUCKET' if media_bucket else 'MEMBER_FILES_S3_BUCKET'} is set"
        )
    if media_bucket and member_files_bucket == media_bucket:
        raise ImproperlyConfigured(
            f"MEMBER_FILES_S3_BUCKET={member_files_bucket!r} is the bucket of the public media; "
            "members' attachments need a private bucket of their own"
        )
    if media_bucket and not media_endpoint():
        raise ImproperlyConfigured(
            "MEDIA_S3_BUCKET is set but MEDIA_S3_ENDPOINT_URL is not; name the store's address, "
            "such as https://s3.eu-central-1.amazonaws.com"
        )
    if not media_bucket:
        return {
            "default": {"BACKEND": "cms.storage.MediaFolderStorage"},
            "member_files": {"BACKEND": "members.uploads.MemberFilesStorage"},
        }
    return {
        "default": s3_storage(media_bucket, public=True),
        "member_files": s3_storage(member_files_bucket, public=False),
    }


def media_endpoint():
    endpoint = env.str("MEDIA_S3_ENDPOINT_URL", default="").strip()
    parts = urlsplit(endpoint)
    if endpoint and (parts.scheme not in ("http", "https") or not parts.netloc):
        raise ImproperlyConfigured(
            f"MEDIA_S3_ENDPOINT_URL={endpoint!r} is not an http or https address"
        )
    return endpoint or None


def media_origins():
    """The sources besides the site's own that pages load images from, for the
    Content-Security-Policy: the public media's address, when they are in a bucket. With its
    path: at a shared endpoint the origin alone would allow every bucket there."""
    bucket = env.str("MEDIA_S3_BUCKET", default="").strip()
    if not bucket:
        return []
    public = media_public_url()
    if public:
        return [f"{public.scheme}://{public.netloc}{public.path.rstrip('/')}/"]
    endpoint = urlsplit(media_endpoint())
    return [f"{endpoint.scheme}://{endpoint.netloc}{endpoint.path.rstrip('/')}/{bucket}/"]


def media_public_url():
    """Where browsers fetch public images from (``MEDIA_S3_PUBLIC_URL``, a CDN or the bucket's
    own address); without it, the bucket's address at the endpoint."""
    raw = env.str("MEDIA_S3_PUBLIC_URL", default="").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise ImproperlyConfigured(
            f"MEDIA_S3_PUBLIC_URL={raw!r} is not an address browsers can fetch images from; "
            "write it as https://media.example.org/ or https://media.example.org/path/"
        )
    return parts


def s3_storage(bucket, *, public):
    """A bucket through django-storages. Files never replace one another (Wagtail names them
    anew). Public media get plain addresses under ``MEDIA_S3_PUBLIC_URL`` or the bucket's own;
    the attachments' addresses would be signed and short-lived, though only the site reads
    them, after a permission check."""
    options = {
        "bucket_name": bucket,
        "endpoint_url": media_endpoint(),
        "region_name": env.str("MEDIA_S3_REGION", default="").strip() or None,
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": not public,
    }
    public_url = media_public_url() if public else None
    if public_url is not None:
        options["custom_domain"] = public_url.netloc + public_url.path.rstrip("/")
        options["url_protocol"] = f"{public_url.scheme}:"
    return {"BACKEND": "cms.bucket_storage.MediaBucketStorage", "OPTIONS": options}
