"""Turn configuration mistakes into one line that says what to fix, instead of a traceback.

Used by every entry point: ``manage.py`` and the WSGI application.
"""

import os
import sys
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections
from django.db.models import Q
from django.utils import timezone
from redis.exceptions import RedisError

from cms.settings.environment import without_password


def describe_database(alias="default"):
    """The database as configured, without its password."""
    config = connections.settings[alias]
    if config["ENGINE"].endswith("sqlite3"):
        return f"SQLite file {config['NAME']}"
    host = config.get("HOST") or config.get("OPTIONS", {}).get("host") or "local socket"
    port = f":{config['PORT']}" if config.get("PORT") else ""
    user = f"{config['USER']}@" if config.get("USER") else ""
    return f"PostgreSQL database {config['NAME']!r} at {user}{host}{port}"


def database_source():
    return "from DATABASE_URL" if os.environ.get("DATABASE_URL") else "the embedded default"


def first_line(exc):
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def database_unreachable_reason(alias="default"):
    """Why the database cannot be reached, or None when it can."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return first_line(exc)
    return None


def cache_unreachable_reason():
    """Why the shared cache cannot be reached, or None when it can (or is in-process)."""
    cache = caches["default"]
    if not hasattr(cache, "ping"):
        return None
    try:
        cache.ping()
    except RedisError as exc:
        return first_line(exc)
    return None


# A task due this long without a worker taking it means that no worker runs.
TASK_STALLED_AFTER = timedelta(minutes=5)


def task_queue_stalled_reason():
    """Why queued tasks (mail, index writes, badges) are not being run, or None: with the
    database backend, a task due for longer than ``TASK_STALLED_AFTER``; the immediate backend
    runs each task as it is queued."""
    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db."):
        return None
    from django_tasks_db.models import DBTaskResult, get_date_max

    cutoff = timezone.now() - TASK_STALLED_AFTER
    try:
        oldest = (
            DBTaskResult.objects.ready()
            .filter(enqueued_at__lte=cutoff)
            .filter(Q(run_after=get_date_max()) | Q(run_after__lte=cutoff))
            .order_by("enqueued_at")
            .values_list("enqueued_at", flat=True)
            .first()
        )
    except DatabaseError as exc:
        return first_line(exc)
    if oldest is None:
        return None
    return f"a task queued at {oldest:%Y-%m-%d %H:%M:%S} UTC still waits for a worker"


def unapplied_migrations():
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections["default"])
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def migrations_message(count):
    return (
        f"Database error: the {describe_database()} ({database_source()}) lacks {count} "
        "migration(s); run manage.py migrate first"
    )


def require_services(exit_code):
    """Stop a server before it answers its first request with a 500 because the database is
    away or not migrated, or the cache is away."""
    reason = database_unreachable_reason()
    connections.close_all()
    if reason is not None:
        stop(database_message(reason), exit_code=exit_code)
    reason = cache_unreachable_reason()
    if reason is not None:
        location = without_password(settings.CACHES["default"]["LOCATION"])
        stop(
            f"Cache error: cannot connect to Redis at {location} (from REDIS_URL): {reason}",
            exit_code=exit_code,
        )
    pending = unapplied_migrations()
    connections.close_all()
    if pending:
        stop(migrations_message(len(pending)), exit_code=exit_code)


def load_for_workers():
    """Load now what Django otherwise loads on a process's first request: the URLconf, with
    every view it imports, and each language's translations. gunicorn forks its workers from
    the process that loaded the application (``preload_app``), also each one that replaces a
    worker after ``max_requests``; without this, every new worker's first visitors wait
    about two seconds."""
    from django.urls import get_resolver
    from django.utils import translation

    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            resolver.resolve(f"/{code}/")


def database_message(reason):
    return (
        f"Database error: cannot connect to the {describe_database()} ({database_source()}): "
        f"{reason}"
    )


def stop(message, *, exit_code):
    print(message, file=sys.stderr)
    sys.exit(exit_code)


# gunicorn's own exit code for "App failed to load".
WSGI_CANNOT_LOAD = 4


@contextmanager
def explain_startup_errors(exit_code=1, *, command=None):
    """``command`` is the management command being run, if any: a failing ``migrate`` must show
    its own error, not advice to run itself."""
    try:
        yield
    except ImproperlyConfigured as exc:
        stop(f"Configuration error: {exc}", exit_code=exit_code)
    except ModuleNotFoundError as exc:
        settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "")
        if not exc.name or not settings_module.startswith(exc.name):
            raise
        stop(
            f"Configuration error: DJANGO_SETTINGS_MODULE={settings_module!r} cannot be "
            "imported; use cms.settings.dev, cms.settings.test or cms.settings.production",
            exit_code=exit_code,
        )
    except DatabaseError:
        reason = database_unreachable_reason()
        if reason is not None:
            stop(database_message(reason), exit_code=exit_code)
        pending = [] if command == "migrate" else unapplied_migrations()
        if pending:
            stop(migrations_message(len(pending)), exit_code=exit_code)
        raise
