"""Rebuilding and checking the index as a whole, for ``manage.py search_index``."""

from contextlib import ExitStack
from dataclasses import dataclass, field

from django.utils import timezone

from .entries import many_objects
from .index_writers import facet_lines, index_writers
from .models import IndexChange
from .registry import findables, key_of


def everything_findable():
    """(key, kind, entries) of every object that has entries now; within ``many_objects``,
    which reads what they share once."""
    for findable in findables():
        for obj in findable.candidates():
            entries = findable.entries_of(obj)
            if entries:
                yield key_of(obj), findable.kind, entries


def rebuild(*, force=False):
    """Write every findable object's entries anew to every engine and drop all others;
    returns how many objects are indexed. Each object's entries are made once, for all
    engines. If an engine fails, Elasticsearch keeps its old index and the database the
    entries written so far beside the old ones (``search_index check`` tells what is left).
    Refuses with ``RebuildRunning`` while another rebuild of Elasticsearch runs, unless
    ``force``: for one whose process was killed less than an hour ago."""
    started = timezone.now()
    writers = index_writers()
    indexed = 0
    with ExitStack() as rebuilding:
        rebuilding.enter_context(many_objects())
        for writer in writers:
            rebuilding.enter_context(writer.rebuilding(force=force))
        for key, kind, entries in everything_findable():
            for writer in writers:
                writer.write(key, kind, entries)
            indexed += 1
    # What changed before the rebuild began is in it; later changes are still to be written.
    IndexChange.objects.filter(requested_at__lt=started).delete()
    return indexed


@dataclass
class Report:
    """What one engine's index lacks, holds out of date, or holds of objects no longer to be
    found, by key."""

    engine: str
    missing: list = field(default_factory=list)
    stale: list = field(default_factory=list)
    extra: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.missing or self.stale or self.extra)

    def objects(self):
        return [*self.missing, *self.stale, *self.extra]


def signature(kind, language, title, body, url, date, facet_lines, visible_from, visible_until):
    """What ``check`` compares of an entry, as an engine stores it or as it is made now."""
    return (
        kind,
        language,
        title[:500],
        body,
        url,
        day_of(date),
        tuple(sorted(line for line in facet_lines.split("\n") if line)),
        day_of(visible_from),
        day_of(visible_until),
    )


def day_of(value):
    """A day as ISO text, whether the engine gave back a date or text."""
    return value.isoformat() if hasattr(value, "isoformat") else value or None


def check():
    """A report for each engine: the objects whose entries are missing, differ from what the
    object gives now, or are there for an object that is no longer to be found."""
    with many_objects():
        expected = {
            key: {
                signature(
                    kind,
                    entry.language,
                    entry.title,
                    entry.body,
                    entry.url,
                    entry.date,
                    facet_lines(entry),
                    entry.visible_from,
                    entry.visible_until,
                )
                for entry in entries
            }
            for key, kind, entries in everything_findable()
        }
    reports = []
    for writer in index_writers():
        stored = {}
        for key, *rest in writer.stored():
            stored.setdefault(key, set()).add(signature(*rest))
        report = Report(engine=writer.name)
        for key, signatures in expected.items():
            if key not in stored:
                report.missing.append(key)
            elif stored[key] != signatures:
                report.stale.append(key)
        report.extra = sorted(set(stored) - set(expected))
        reports.append(report)
    return reports


def repair(reports):
    """Write again, to every engine, the objects of ``check``'s reports."""
    from .sync import entries_now

    for key in dict.fromkeys(key for report in reports for key in report.objects()):
        kind, entries = entries_now(key)
        for writer in index_writers():
            writer.write(key, kind, entries)
