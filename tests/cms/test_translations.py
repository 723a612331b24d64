import shutil
import subprocess
import sys
from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

from tests.conftest import service_missing

CATALOGUE = Path("cms", "locale", "de", "LC_MESSAGES", "django.po")
SOURCES = ["manage.py", "cms", "home", "members", "blog", "search", "templates"]


def test_every_string_has_a_german_translation():
    catalogue = polib.pofile(str(settings.BASE_DIR / CATALOGUE))

    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


def test_the_catalogue_holds_every_string_of_the_code(tmp_path):
    if shutil.which("xgettext") is None:
        service_missing("xgettext (Debian package gettext) is needed to extract strings")
    for source in SOURCES:
        origin = settings.BASE_DIR / source
        copy = shutil.copytree if origin.is_dir() else shutil.copy
        copy(origin, tmp_path / source)
    (tmp_path / CATALOGUE).unlink()

    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "de",
            "--ignore",
            "*/migrations/*",
        ],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
        check=True,
        capture_output=True,
    )
    in_code = {entry.msgid for entry in polib.pofile(str(tmp_path / CATALOGUE))}
    in_catalogue = {entry.msgid for entry in polib.pofile(str(settings.BASE_DIR / CATALOGUE))}

    assert in_code - in_catalogue == set(), "run `make messages` and translate the new strings"


def test_the_compiled_catalogue_is_in_use():
    with translation.override("de"):
        assert translation.gettext("Main navigation") == "Hauptnavigation"
        assert translation.gettext("Page not found") == "Seite nicht gefunden"
