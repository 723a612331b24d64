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
from django.db.migrations.recorder import MigrationRecorder

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


def postgres_command(program, *arguments):
    """``program`` with the connection of the default database, its password in the
    environment rather than on the command line."""
    database = settings.DATABASES["default"]
    command = [program, "--no-password"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            command += [option, str(database[key])]
    environment = {**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""}
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
            tar.add(folder, arcname=".")


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
            (folder / SIGNING_KEY).write_text(settings.SEAL_SIGNING_KEY + "\n")
        elif with_signing_key and key and key.exists():
            shutil.copyfile(key, folder / SIGNING_KEY)
        if (folder / SIGNING_KEY).exists():
            (folder / SIGNING_KEY).chmod(0o600)
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
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} holds no readable {MANIFEST}: {error}") from error
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.exists() or checksum(path) != expected:
            raise BackupError(f"{path} is missing or differs from the backup's manifest")
    return manifest


def is_empty_database():
    return not connection.introspection.table_names()


def is_empty_folder(folder):
    folder = Path(folder)
    return not folder.exists() or not any(folder.iterdir())


def extract(source, target):
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source, "r:gz") as tar:
        tar.extractall(target, filter="data")


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
    if vendor == "postgresql":
        command, environment = postgres_command(
            "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"
        )
        run([*command, str(folder / POSTGRES_DUMP)], environment)
    else:
        connection.ensure_connection()
        source = sqlite3.connect(folder / SQLITE_COPY)
        source.backup(connection.connection)
        source.close()
    extract(folder / MEDIA, settings.MEDIA_ROOT)
    extract(folder / MEMBER_FILES, settings.MEMBER_FILES_ROOT)
    if has_key and not settings.SEAL_SIGNING_KEY and not key.exists():
        key.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / SIGNING_KEY, key)
        key.chmod(0o600)
    return manifest
