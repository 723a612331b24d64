"""Text helpers for German content."""

from django.utils.text import slugify

GERMAN_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)


def german_slug(text):
    """An address part in ASCII as a German reader spells it: "Lüneburg" gives "lueneburg",
    not the "luneburg" of a plain ``slugify``."""
    return slugify(text.translate(GERMAN_TRANSLITERATION))
