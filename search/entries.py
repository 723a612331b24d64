"""Building entries: the searchable text of a Wagtail-indexed object and the entry of a page,
for the apps' ``findable`` modules."""

import re
from contextlib import contextmanager
from contextvars import ContextVar
from html import unescape

from django.utils import translation
from django.utils.html import strip_tags
from wagtail.models import PageViewRestriction
from wagtail.search import index

from .registry import Entry, filed_under

_shared_lookups = ContextVar("search_shared_lookups", default=None)


@contextmanager
def many_objects():
    """Within the block, what the entries of many objects have in common (the restricted
    parts of the page tree, the sectors and districts in every language) is read once: for a
    rebuild or a check, which read every object, and which no change during them must reach."""
    token = _shared_lookups.set({})
    try:
        yield
    finally:
        _shared_lookups.reset(token)


def shared(name, read):
    """``read()``, once per ``many_objects`` block, or on every call outside of one."""
    lookups = _shared_lookups.get()
    if lookups is None:
        return read()
    if name not in lookups:
        lookups[name] = read()
    return lookups[name]


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
    """Live, and neither the page nor a page above it restricts who may see it."""
    restricted = shared(
        "restricted-paths",
        lambda: tuple(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )
    return page.live and not any(page.path.startswith(path) for path in restricted)


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
    candidates = shared("placement-candidates", page.placement_candidates)
    placement = page.placement_among(candidates)
    with translation.override(page.locale.language_code):
        return {
            "sector": [filed_under(sector, sector.title) for sector in placement["sectors"]],
            "district": [
                filed_under(district, district.name) for district in placement["districts"]
            ],
        }
