"""Building entries: the searchable text of a Wagtail-indexed object and the entry of a page,
for the apps' ``findable`` modules."""

import re
from html import unescape

from django.utils import translation
from django.utils.html import strip_tags
from wagtail.search import index

from .registry import Entry


def plain(text):
    return re.sub(r"\s+", " ", unescape(strip_tags(text))).strip()


def searchable_text(obj, *, leave_out=("title",)):
    """The text of the fields ``obj`` names in its ``search_fields``, as Wagtail's own index
    reads them (the text of rich text and of every block of a StreamField)."""
    parts = []
    for search_field in obj.get_search_fields():
        if not isinstance(search_field, index.SearchField) or search_field.field_name in leave_out:
            continue
        value = search_field.get_value(obj)
        if isinstance(value, list | tuple):
            parts.extend(str(part) for part in value)
        elif value:
            parts.append(str(value))
    return plain(" ".join(dict.fromkeys(parts)))


def is_public(page):
    return page.live and not page.get_view_restrictions().exists()


def page_entry(page, *, date=None, facets=None):
    """The entry of a live, public page in its own language, or None."""
    if not is_public(page):
        return None
    url = page.get_url()
    if not url:
        return None
    return Entry(
        language=page.locale.language_code,
        title=page.title,
        body=searchable_text(page),
        url=url,
        date=date,
        facets=facets or {},
    )


def placement_facets(page):
    """The sectors and districts a page names, in its language."""
    with translation.override(page.locale.language_code):
        return {
            "sector": [(sector.slug, sector.title) for sector in page.sectors_in_language()],
            "district": [
                (district.slug, district.name) for district in page.districts_in_language()
            ],
        }
