from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "cms" / "locale" / "de" / "LC_MESSAGES" / "django.po"


def test_every_string_has_a_german_translation():
    catalogue = polib.pofile(str(CATALOGUE))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_catalogue_is_in_use():
    with translation.override("de"):
        assert translation.gettext("Main navigation") == "Hauptnavigation"
        assert translation.gettext("Page not found") == "Seite nicht gefunden"
