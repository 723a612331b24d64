"""A site's backup as one folder, and its restore on another server: the database (a
``pg_dump`` archive, or a consistent copy of the SQLite file), both kinds of uploads (from
folders or buckets) as tar archives, and the seal signing key, with a manifest of checksums
that a restore checks first.

The search index and the cache are not kept: a restore rebuilds the index from the database,
and the cache fills itself.
"""

import hashlib
import json
import logging
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from cms.storage import MediaStoreUnavailable
from members.signing import write_secret

logger = logging.getLogger("cms.backups")

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


class Folder:
    """Uploads on the local disk, as a folder (or a link to a shared volume) that ``setting``
    names."""

    def __init__(self, path, setting):
        self.path = Path(path)
        self.setting = setting

    def __str__(self):
        return f"{self.path} ({self.setting})"

    def is_empty(self):
        return not self.path.exists() or not any(self.path.iterdir())

    def archive(self, target):
        with tarfile.open(target, "w:gz") as tar:
            if self.path.is_dir():
                # Resolved: a media folder that is a link to a shared volume is archived with
                # what it holds, not as the link.
                tar.add(self.path.resolve(), arcname=".")

    def stage(self, source):
        """``source`` unpacked into a new folder beside this one (on the same file system,
        where this is a link to a shared volume), to be moved into it."""
        target = self.path.resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_name(f".{target.name}.restoring")
        shutil.rmtree(staged, ignore_errors=True)
        staged.mkdir()
        with tarfile.open(source, "r:gz") as tar:
            tar.extractall(staged, filter="data")
        return staged

    def discard(self, staged):
        shutil.rmtree(staged, ignore_errors=True)

    def put_in_place(self, staged):
        target = self.path.resolve()
        target.mkdir(parents=True, exist_ok=True)
        for item in staged.iterdir():
            item.rename(target / item.name)
        staged.rmdir()


class Bucket:
    """Uploads in a bucket of an S3-compatible store, through the site's storage."""

    def __init__(self, storage, setting):
        self.storage = storage
        self.setting = setting

    def __str__(self):
        return f"the bucket {self.storage.bucket_name} ({self.setting})"

    @contextmanager
    def answering(self, doing):
        try:
            yield
        except MediaStoreUnavailable as unavailable:
            # The store's own words, which the storage keeps as the cause; in the pause after
            # a failure there are none but its own.
            error = unavailable.__cause__ or unavailable
            raise BackupError(f"{self} could not be {doing}: {error}") from error

    def names(self, folder=""):
        folders, files = self.storage.listdir(folder)
        for name in files:
            yield posixpath.join(folder, name)
        for inner in folders:
            yield from self.names(posixpath.join(folder, inner))

    def is_empty(self):
        with self.answering("read"):
            folders, files = self.storage.listdir("")
        return not folders and not files

    def archive(self, target):
        with self.answering("read"), tarfile.open(target, "w:gz") as tar:
            for name in self.names():
                try:
                    entry = tarfile.TarInfo(name)
                    entry.size = self.storage.size(name)
                    entry.mtime = int(self.storage.get_modified_time(name).timestamp())
                    with self.storage.open(name, "rb") as file:
                        tar.addfile(entry, file)
                except FileNotFoundError:
                    # Deleted by the site since it was listed.
                    continue

    def stage(self, source):
        """Upload the archive's files straight into the bucket, before the database is
        loaded: a failure removes them again and leaves the bucket empty. Returns their
        names, for ``discard``."""
        uploaded = []
        try:
            with self.answering("written"), tarfile.open(source, "r:gz") as tar:
                for member in tar:
                    # The "data" filter's checks: no absolute names, nothing outside.
                    member = tarfile.data_filter(member, "/restoring")
                    if not member.isfile():
                        continue
                    name = posixpath.normpath(member.name)
                    with tar.extractfile(member) as file:
                        saved = self.storage.save(name, File(file, name=name))
                    uploaded.append(saved)
                    if saved != name:
                        raise BackupError(f"{self} already held {name}; it was saved as {saved}")
        except BaseException:
            self.discard(uploaded)
            raise
        return uploaded

    def discard(self, uploaded):
        self.storage.ask_again()
        left = []
        for name in uploaded:
            try:
                self.storage.delete(name)
            except MediaStoreUnavailable:
                left.append(name)
        if left:
            logger.error(
                "%s still holds %d of the restored files, which could not be removed: %s",
                self,
                len(left),
                ", ".join(left),
            )

    def put_in_place(self, uploaded):
        """Nothing left to do: ``stage`` uploaded them."""


def upload_places():
    """Where the two kinds of uploads are, by the name of their archive in a backup."""
    return {
        MEDIA: place_of(storages["default"], "MEDIA_ROOT", "MEDIA_S3_BUCKET"),
        MEMBER_FILES: place_of(
            storages["member_files"], "MEMBER_FILES_ROOT", "MEMBER_FILES_S3_BUCKET"
        ),
    }


def place_of(storage, folder_setting, bucket_setting):
    if isinstance(storage, FileSystemStorage):
        return Folder(storage.location, folder_setting)
    return Bucket(storage, bucket_setting)


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
        for archive_name, place in upload_places().items():
            place.archive(folder / archive_name)
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
    places = upload_places()
    for place in places.values():
        if not place.is_empty():
            raise BackupError(f"{place} is not empty")
    key = signing_key_file()
    has_key = (folder / SIGNING_KEY).exists()
    if has_key and not settings.SEAL_SIGNING_KEY:
        if key is None:
            raise BackupError("the backup holds a signing key; set SEAL_SIGNING_KEY_FILE")
        if key.exists() and key.read_bytes() != (folder / SIGNING_KEY).read_bytes():
            raise BackupError(f"{key} holds another signing key; move it away first")
    # The files are unpacked first, beside their folders (or uploaded into the buckets):
    # if that or loading the database fails, the database is still empty, and what was
    # unpacked or uploaded is removed again.
    staged = {}
    try:
        for archive_name, place in places.items():
            staged[archive_name] = place.stage(folder / archive_name)
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
        for archive_name, state in staged.items():
            places[archive_name].discard(state)
        raise
    for archive_name, place in places.items():
        place.put_in_place(staged[archive_name])
    if has_key and not settings.SEAL_SIGNING_KEY and not key.exists():
        write_secret(key, (folder / SIGNING_KEY).read_text().strip())
    return manifest
