"""Turn configuration mistakes into one line that says what to fix, instead of a traceback."""

import sys
from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections


def describe_database(alias="default"):
    """The database as configured, without its password."""
    config = connections.settings[alias]
    if config["ENGINE"].endswith("sqlite3"):
        return f"SQLite file {config['NAME']}"
    host = config.get("HOST") or config.get("OPTIONS", {}).get("host") or "local socket"
    port = f":{config['PORT']}" if config.get("PORT") else ""
    user = f"{config['USER']}@" if config.get("USER") else ""
    return f"PostgreSQL database {config['NAME']!r} at {user}{host}{port}"


def database_unreachable_reason(alias="default"):
    """Why the database cannot be reached, or None when it can."""
    connection = connections[alias]
    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return None


@contextmanager
def explain_startup_errors():
    try:
        yield
    except ImproperlyConfigured as exc:
        sys.exit(f"Configuration error: {exc}")
    except DatabaseError:
        reason = database_unreachable_reason()
        if reason is None:
            raise
        sys.exit(
            f"Database error: cannot connect to the {describe_database()} "
            f"(from DATABASE_URL): {reason}"
        )
