"""Backups of a SQLite site, and what a restore refuses (tests/cms/test_restore.py restores the
demo site on PostgreSQL)."""

import json
import shutil

import pytest

from tests.helpers import ProductionSite, manage

pytestmark = pytest.mark.standalone


def sqlite_site(folder, migrated_sqlite):
    """The production settings on a copy of the migrated SQLite database, with folders of
    its own; no server."""
    folder.mkdir()
    shutil.copyfile(migrated_sqlite, folder / "db.sqlite3")
    return ProductionSite(
        folder,
        SEAL_SIGNING_KEY="",
        SEAL_SIGNING_KEY_FILE=str(folder / "keys" / "seal-signing.key"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(folder / "member-files"),
    )


def test_a_sqlite_site_is_backed_up_and_restored_with_its_editors(tmp_path, migrated_sqlite):
    site = sqlite_site(tmp_path / "site", migrated_sqlite)
    site.create_editor("redaktion", "ein-langes-passwort-42")
    backup = tmp_path / "backup"
    assert manage("backup", str(backup), **site.environment).returncode == 0
    restored = {
        **site.environment,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'restored.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "restored-media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "restored-member-files"),
    }

    result = manage("restore", str(backup), **restored)
    editors = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth import get_user_model; "
        "print(get_user_model().objects.get().check_password('ein-langes-passwort-42'))",
        **restored,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads((backup / "manifest.json").read_text())["database"] == "sqlite"
    assert editors.stdout.strip() == "True"


def test_a_restore_changes_nothing_where_a_site_already_is(tmp_path, migrated_sqlite):
    site = sqlite_site(tmp_path / "site", migrated_sqlite)
    backup = tmp_path / "backup"
    assert manage("backup", str(backup), **site.environment).returncode == 0
    again = manage("backup", str(backup), **site.environment)

    into_a_full_database = manage("restore", str(backup), **site.environment)
    (backup / "media.tar.gz").write_bytes(b"damaged")
    damaged = manage("restore", str(backup), **site.environment)

    assert again.returncode == 1
    assert "exists already" in again.stderr
    assert into_a_full_database.returncode == 1
    assert "the database is not empty" in into_a_full_database.stderr
    assert damaged.returncode == 1
    assert "differs from the backup's manifest" in damaged.stderr
