"""A site's backup as one folder, and its restore on another server: the database (a
``pg_dump`` archive, or a consistent copy of the SQLite file), both media folders as tar
archives, and the seal signing key, with a manifest of checksums that a restore checks first.

The search index and the cache are not kept: a restore rebuilds the index from the database,
and the cache fills itself.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from members.signing import write_secret

MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.pgdump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media.tar.gz"
MEMBER_FILES = "member-files.tar.gz"
SIGNING_KEY = "seal-signing.key"


class BackupError(Exception):
    """Something the operator must see and put right; nothing was changed."""


def engine():
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"backups of a {vendor} database are not supported")
    return vendor


# The connection options of DATABASES["default"]["OPTIONS"] that PostgreSQL's client programs
# read from the environment.
LIBPQ_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}


def postgres_command(program, *arguments):
    """``program`` with the connection of the default database, its password and TLS options
    in the environment rather than on the command line."""
    database = settings.DATABASES["default"]
    command = [program, "--no-password"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            command += [option, str(database[key])]
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    for option, variable in LIBPQ_VARIABLES.items():
        if database.get("OPTIONS", {}).get(option):
            environment[variable] = str(database["OPTIONS"][option])
    return [*command, *arguments, "--dbname", database["NAME"]], environment


def run(command, environment=None):
    try:
        # The PostgreSQL client programs, with the settings' connection: no shell, no input.
        completed = subprocess.run(  # noqa: S603
            command, env=environment, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is not installed (PostgreSQL's client programs)"
        ) from error
    if completed.returncode:
        raise BackupError(f"{command[0]} failed: {completed.stderr.strip()}")


def checksum(path):
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def archive(folder, target):
    with tarfile.open(target, "w:gz") as tar:
        if Path(folder).is_dir():
            # Resolved: a media folder that is a link to a shared volume is archived with what
            # it holds, not as the link.
            tar.add(Path(folder).resolve(), arcname=".")


def signing_key_file():
    return Path(settings.SEAL_SIGNING_KEY_FILE) if settings.SEAL_SIGNING_KEY_FILE else None


def back_up(folder, *, with_signing_key=True):
    """Write the backup into ``folder``, which must not exist yet; return its manifest."""
    folder = Path(folder)
    if folder.exists():
        raise BackupError(f"{folder} exists already; a backup goes into a new folder")
    vendor = engine()
    folder.mkdir(parents=True, mode=0o700)
    try:
        if vendor == "postgresql":
            command, environment = postgres_command(
                "pg_dump", "--format=custom", "--no-owner", "--file", str(folder / POSTGRES_DUMP)
            )
            run(command, environment)
        else:
            copy = sqlite3.connect(folder / SQLITE_COPY)
            with copy:
                connection.ensure_connection()
                connection.connection.backup(copy)
            copy.close()
        archive(settings.MEDIA_ROOT, folder / MEDIA)
        archive(settings.MEMBER_FILES_ROOT, folder / MEMBER_FILES)
        key = signing_key_file()
        if with_signing_key and settings.SEAL_SIGNING_KEY:
            write_secret(folder / SIGNING_KEY, settings.SEAL_SIGNING_KEY)
        elif with_signing_key and key and key.exists():
            write_secret(folder / SIGNING_KEY, key.read_text().strip())
        recorder = MigrationRecorder(connection)
        manifest = {
            "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": vendor,
            "latest_migrations": dict(
                recorder.migration_qs.order_by("applied").values_list("app", "name")
            ),
            "files": {
                path.name: checksum(path)
                for path in sorted(folder.iterdir())
                if path.name != MANIFEST
            },
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return manifest


def read_manifest(folder):
    """The backup's manifest, once every file it needs is there as it was written."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
        database = POSTGRES_DUMP if manifest["database"] == "postgresql" else SQLITE_COPY
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{folder} holds no readable {MANIFEST}: {error}") from error
    for name in (database, MEDIA, MEMBER_FILES):
        if name not in files:
            raise BackupError(f"the backup's manifest lists no {name}")
    for name, expected in files.items():
        path = folder / name
        if not path.exists() or checksum(path) != expected:
            raise BackupError(f"{path} is missing or differs from the backup's manifest")
    return manifest


def migrations_unknown_here(manifest):
    """The backup's latest migrations that this code does not have: a backup of a newer
    version of the site."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return sorted(
        f"{app}.{name}"
        for app, name in manifest.get("latest_migrations", {}).items()
        if (app, name) not in known and app in {label for label, _name in known}
    )


def is_empty_database():
    return not connection.introspection.table_names()


def is_empty_folder(folder):
    folder = Path(folder)
    return not folder.exists() or not any(folder.iterdir())


def unpacked_beside(source, target):
    """``source`` unpacked into a new folder beside ``target`` (on the same file system, where
    ``target`` is a link to a shared volume), to be moved into it."""
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    unpacked = target.with_name(f".{target.name}.restoring")
    shutil.rmtree(unpacked, ignore_errors=True)
    unpacked.mkdir()
    with tarfile.open(source, "r:gz") as tar:
        tar.extractall(unpacked, filter="data")
    return unpacked


def put_in_place(unpacked, target):
    target = Path(target).resolve()
    target.mkdir(parents=True, exist_ok=True)
    for item in unpacked.iterdir():
        item.rename(target / item.name)
    unpacked.rmdir()


def restore(folder):
    """Restore the backup in ``folder`` into the configured database, media folders and
    signing key file, all of which must be empty; return its manifest."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    vendor = engine()
    if manifest["database"] != vendor:
        raise BackupError(
            f"the backup holds a {manifest['database']} database; this site uses {vendor}"
        )
    newer = migrations_unknown_here(manifest)
    if newer:
        raise BackupError(
            "the backup was made by a newer version of the site (migrations "
            f"{', '.join(newer)}); restore it with that version"
        )
    if not is_empty_database():
        raise BackupError("the database is not empty; restore into a new, empty database")
    for setting in ("MEDIA_ROOT", "MEMBER_FILES_ROOT"):
        if not is_empty_folder(getattr(settings, setting)):
            raise BackupError(f"{getattr(settings, setting)} is not empty ({setting})")
    key = signing_key_file()
    has_key = (folder / SIGNING_KEY).exists()
    if has_key and not settings.SEAL_SIGNING_KEY:
        if key is None:
            raise BackupError("the backup holds a signing key; set SEAL_SIGNING_KEY_FILE")
        if key.exists() and key.read_bytes() != (folder / SIGNING_KEY).read_bytes():
            raise BackupError(f"{key} holds another signing key; move it away first")
    # The files are unpacked first, beside their folders: if that fails, the database is
    # still empty, and nothing is left behind but the unpacked folders, which are removed.
    targets = (settings.MEDIA_ROOT, settings.MEMBER_FILES_ROOT)
    unpacked = []
    try:
        for archive_name, target in zip((MEDIA, MEMBER_FILES), targets, strict=True):
            unpacked.append(unpacked_beside(folder / archive_name, target))
        if vendor == "postgresql":
            command, environment = postgres_command(
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
            )
            run([*command, str(folder / POSTGRES_DUMP)], environment)
        else:
            connection.ensure_connection()
            source = sqlite3.connect(folder / SQLITE_COPY)
            source.backup(connection.connection)
            source.close()
    except BaseException:
        for folder_unpacked in unpacked:
            shutil.rmtree(folder_unpacked, ignore_errors=True)
        raise
    for folder_unpacked, target in zip(unpacked, targets, strict=True):
        put_in_place(folder_unpacked, target)
    if has_key and not settings.SEAL_SIGNING_KEY and not key.exists():
        write_secret(key, (folder / SIGNING_KEY).read_text().strip())
    return manifest
