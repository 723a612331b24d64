"""Rebuilding and checking the index as a whole, for ``manage.py search_index``."""

from dataclasses import dataclass, field

from django.db import transaction

from .index_writers import index_writers
from .models import IndexChange, SearchEntry
from .registry import findables, key_of


def everything_findable():
    """(key, kind, entries) of every object that has entries now."""
    for findable in findables():
        for obj in findable.candidates():
            entries = findable.entries_of(obj)
            if entries:
                yield key_of(obj), findable.kind, entries


def rebuild():
    """Write every findable object's entries anew to every engine and drop all others;
    returns how many objects are indexed."""
    indexed = set()
    for writer in index_writers():
        with writer.rebuilding():
            for key, kind, entries in everything_findable():
                writer.write(key, kind, entries)
                indexed.add(key)
    IndexChange.objects.all().delete()
    return len(indexed)


@dataclass
class Report:
    missing: list = field(default_factory=list)
    stale: list = field(default_factory=list)
    extra: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.missing or self.stale or self.extra)


def signature(kind, language, title, body, url):
    return (kind, language, title[:500], body, url)


def check():
    """Objects whose entries are missing from the database index, differ from what the
    object gives now, or are there for an object that is no longer to be found."""
    stored = {}
    for row in SearchEntry.objects.values_list("key", "kind", "language", "title", "body", "url"):
        stored.setdefault(row[0], set()).add(signature(*row[1:]))
    report = Report()
    seen = set()
    for key, kind, entries in everything_findable():
        seen.add(key)
        expected = {
            signature(kind, entry.language, entry.title, entry.body, entry.url) for entry in entries
        }
        if key not in stored:
            report.missing.append(key)
        elif stored[key] != expected:
            report.stale.append(key)
    report.extra = sorted(set(stored) - seen)
    return report


def repair(report):
    """Write again the objects of a ``check`` report."""
    from .sync import entries_now

    for key in [*report.missing, *report.stale, *report.extra]:
        kind, entries = entries_now(key)
        with transaction.atomic():
            for writer in index_writers():
                writer.write(key, kind, entries)
