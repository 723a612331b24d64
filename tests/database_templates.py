"""Migrated databases that test databases start from: migrating takes the better part of a
minute of CPU, copying takes a second. Each is made once per test run, by the test process that
asks first, while the others wait for it.

The run's processes share a folder for them: the one ``TEST_DATABASE_TEMPLATES`` names, which
scripts/test-all keeps for all its stages, or else the folder pytest-xdist's workers share."""

import fcntl
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

# The settings the suite runs with; the project's servers in tests start from the same
# migrations, which read nothing that differs between the settings.
SETTINGS = "cms.settings.test"


def shared_folder(tmp_path_factory):
    configured = os.environ.get("TEST_DATABASE_TEMPLATES")
    if configured:
        folder = Path(configured)
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    folder = tmp_path_factory.getbasetemp()
    # Each xdist worker has a folder of its own in the one its run shares.
    return folder.parent if os.environ.get("PYTEST_XDIST_WORKER") else folder


@contextmanager
def locked(path):
    with open(path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def migrate(database_url):
    # Imported here: tests.helpers reads the settings as it loads, which the command line below
    # has yet to name.
    from tests.helpers import manage

    result = manage(
        "migrate", "--no-input", "-v0", DJANGO_SETTINGS_MODULE=SETTINGS, DATABASE_URL=database_url
    )
    if result.returncode:
        raise RuntimeError(f"migrating the template database failed:\n{result.stderr}")


def migrated_sqlite(folder):
    """The path of a migrated SQLite file, which whoever uses it copies first."""
    template = folder / "migrated.sqlite3"
    with locked(folder / "migrated.sqlite3.lock"):
        if not template.exists():
            partial = folder / "migrating.sqlite3"
            partial.unlink(missing_ok=True)
            # migrate's connection checkpoints the write-ahead log when it closes: the file
            # holds everything once the command has ended.
            migrate(f"sqlite:///{partial}")
            partial.rename(template)
    return template


def start_sqlite_from_template(database, folder):
    """Lets the test database of ``database`` start as a copy of the migrated file; Django
    then keeps it (``--reuse-db``) and has no migration left to apply."""
    test_database = Path(database["TEST"]["NAME"])
    if not test_database.exists():
        shutil.copyfile(migrated_sqlite(folder), test_database)


def migrated_postgresql(database, folder):
    """The name of a migrated database beside that of ``database``, made anew for this run
    from ``DATABASE_URL``."""
    name = f"test_{database['NAME']}_migrated"
    ready = folder / f"{name}.ready"
    with locked(folder / f"{name}.lock"):
        if not ready.exists():
            import psycopg

            with psycopg.connect(
                dbname="postgres",
                user=database["USER"],
                password=database["PASSWORD"],
                host=database["HOST"],
                port=database["PORT"] or None,
                autocommit=True,
            ) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
                connection.execute(f'CREATE DATABASE "{name}"')
            migrate(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl())
            ready.touch()
    return name


def migrated_cluster(folder):
    """The folder of a stopped PostgreSQL cluster whose ``smart_region`` database is migrated,
    for tests that need a cluster of their own (they stop it, or restore into it): copying
    its files takes a second where migrating takes half a minute."""
    from tests.helpers import POSTGRES, run

    template = folder / "migrated-cluster"
    with locked(folder / "migrated-cluster.lock"):
        if not template.exists():
            # The server runs as the postgres user, who may not reach pytest's own folders.
            scratch = Path(tempfile.mkdtemp(prefix="smart-region-template-"))
            scratch.chmod(0o755)
            try:
                started = run([POSTGRES, "start", str(scratch / "pg")], timeout=180)
                if started.returncode:
                    raise ClusterMissing(started.stderr.strip())
                try:
                    migrate(started.stdout.strip())
                finally:
                    run([POSTGRES, "stop", str(scratch / "pg")])
                shutil.move(scratch / "pg", template)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
    return template


class ClusterMissing(Exception):
    """scripts/postgres could not start a cluster; the message says why."""


def start_postgresql_from_template(database, folder):
    """Lets Django create the test database of ``database`` from the migrated one:
    PostgreSQL copies a template database as it creates another."""
    database["TEST"]["TEMPLATE"] = migrated_postgresql(database, folder)


def start_from_template(database, tmp_path_factory):
    folder = shared_folder(tmp_path_factory)
    if database["ENGINE"].endswith("sqlite3"):
        start_sqlite_from_template(database, folder)
    elif database["ENGINE"].endswith("postgresql"):
        start_postgresql_from_template(database, folder)


if __name__ == "__main__":
    # scripts/test-all makes the templates before the tests that need them start, beside other
    # work: the one of the database that DATABASE_URL names, SQLite's when it is unset.
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    from django.conf import settings

    templates = Path(os.environ["TEST_DATABASE_TEMPLATES"])
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        migrated_postgresql(settings.DATABASES["default"], templates)
    else:
        migrated_sqlite(templates)
