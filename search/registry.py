"""Which kinds of things the search finds. Each app says so for its own models in a
``findable.py`` module (found when the search app starts): how an object becomes entries, in
each of its languages, and which objects there are to find. The search knows no model itself."""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.apps import apps
from django.utils.module_loading import autodiscover_modules
from wagtail.models import Page

PAGE = "page"


class Filing(NamedTuple):
    """A value an entry is filed under: its name in filter addresses, its name for visitors,
    and the key of the object it comes from, a change of which writes the entry again."""

    value: str
    label: str
    source: str = ""


def filed_under(obj, label):
    """The filing of an entry under ``obj`` (a sector, a district, a tag), by its slug."""
    return Filing(obj.slug, label, key_of(obj))


@dataclass
class Entry:
    """One findable thing in one language, as the engines index it."""

    language: str
    title: str
    body: str
    url: str
    date: datetime.date | None = None
    visible_from: datetime.date | None = None
    visible_until: datetime.date | None = None
    # facet name ("sector", "district", "tag") -> [Filing, …]
    facets: dict = field(default_factory=dict)

    def labels(self):
        """The names of the entry's facet values, which the engines also search."""
        return " ".join(filing.label for filings in self.facets.values() for filing in filings)


@dataclass(frozen=True)
class Findable:
    """A kind of result: its name in URLs and the index, its label for visitors, the model,
    the function that gives an object's entries (none when it is not to be found), the
    queryset of all objects that may have entries, and the other models whose changes change
    entries, each with the function that finds the objects (or keys) whose entries change, a
    list (for a model that is not a page: Wagtail's page signals tell of pages)."""

    kind: str
    label: object
    model: type
    entries_of: object
    candidates: object
    depends_on: tuple = ()


_findables = {}


def register(findable):
    _findables[findable.kind] = findable
    return findable


def autodiscover():
    autodiscover_modules("findable")


def findables():
    return list(_findables.values())


def findable_named(kind):
    return _findables.get(kind)


def key_of(obj):
    """The index's name of an object: its model and primary key (a page by its page id,
    whatever its class), one for all languages of an organisation and one for each page, as
    pages are one object per language."""
    if isinstance(obj, Page):
        return f"{PAGE}:{obj.pk}"
    return f"{obj._meta.label_lower}:{obj.pk}"


def findable_of(obj):
    """The kind that finds ``obj``, looking through a page's specific class."""
    model = type(obj)
    for findable in _findables.values():
        if issubclass(model, findable.model):
            return findable
    return None


def object_of(key):
    """The object named by ``key``, or None when it is gone."""
    label, _, pk = key.rpartition(":")
    if label == PAGE:
        page = Page.objects.filter(pk=pk).first()
        return page.specific if page else None
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return model._default_manager.filter(pk=pk).first()
