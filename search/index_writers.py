"""Where entries are written: always the database, whose engine is the fallback of any other,
and Elasticsearch when the site has it."""

from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import SearchEntry, SearchFacet
from .text import folded


class DatabaseIndex:
    name = "database"
    REBUILD_BATCH = 500

    def __init__(self):
        self.rebuilt = None
        self.rebuilt_keys = set()
        self.rebuild_started = None

    def stored(self):
        """(key, kind, language, title, body, url, date, facet lines, visible from, visible
        until) of every entry, for ``search_index check``."""
        return SearchEntry.objects.values_list(
            "key",
            "kind",
            "language",
            "title",
            "body",
            "url",
            "date",
            "facet_lines",
            "visible_from",
            "visible_until",
        ).iterator()

    @contextmanager
    def rebuilding(self, *, force=False):
        """Within the block, the entries are written anew a batch at a time, each batch in a
        short transaction of its own, so that an editor's write never waits for the whole
        rebuild (on SQLite, writers wait for each other); searches meanwhile find each object
        by its old entries or by its new ones. Entries that a change wrote after the rebuild
        began are newer than the rebuild's and stay. At the end, the entries of objects that
        are no longer to be found go. Two rebuilds at once end right, so there is nothing
        for ``force`` to override."""
        self.rebuild_started = timezone.now()
        self.rebuilt, self.rebuilt_keys = [], set()
        try:
            yield
            self.flush()
            self.drop_all_but(self.rebuilt_keys)
        finally:
            self.rebuilt = None

    def write(self, key, kind, entries):
        rows = [(row_of(key, kind, entry), entry) for entry in entries]
        if self.rebuilt is not None:
            self.rebuilt.extend(rows)
            if len(self.rebuilt) >= self.REBUILD_BATCH:
                self.flush()
            return
        with transaction.atomic():
            SearchEntry.objects.filter(key=key).delete()
            self.insert(rows)

    def flush(self):
        keys = {row.key for row, _entry in self.rebuilt}
        with transaction.atomic():
            newer = set(
                SearchEntry.objects.filter(
                    key__in=keys, indexed_at__gte=self.rebuild_started
                ).values_list("key", flat=True)
            )
            SearchEntry.objects.filter(key__in=keys - newer).delete()
            self.insert([(row, entry) for row, entry in self.rebuilt if row.key not in newer])
        self.rebuilt_keys |= keys
        self.rebuilt = []

    def drop_all_but(self, keys):
        """Drops the entries written before the rebuild of objects other than ``keys``."""
        left_over = sorted(
            set(
                SearchEntry.objects.filter(indexed_at__lt=self.rebuild_started).values_list(
                    "key", flat=True
                )
            )
            - keys
        )
        for start in range(0, len(left_over), self.REBUILD_BATCH):
            SearchEntry.objects.filter(
                key__in=left_over[start : start + self.REBUILD_BATCH]
            ).delete()

    def insert(self, rows):
        # Both databases give the new rows' keys back from one INSERT.
        SearchEntry.objects.bulk_create(row for row, _entry in rows)
        SearchFacet.objects.bulk_create(
            SearchFacet(
                entry=row, facet=facet, value=filing.value, label=filing.label, source=filing.source
            )
            for row, entry in rows
            for facet, filing in filings_of(entry)
        )


def row_of(key, kind, entry):
    return SearchEntry(
        key=key,
        language=entry.language,
        kind=kind,
        title=entry.title[:500],
        body=entry.body,
        folded=searchable_extras(entry),
        facet_lines=facet_lines(entry),
        url=entry.url,
        date=entry.date,
        year=entry.date.year if entry.date else None,
        visible_from=entry.visible_from,
        visible_until=entry.visible_until,
        indexed_at=timezone.now(),
    )


def filings_of(entry):
    """(facet, filing) of each value ``entry`` is filed under, as the engines keep them:
    within the database's columns, each name on one line."""
    return [
        (
            facet,
            filing._replace(value=filing.value[:255], label=" ".join(filing.label.split())[:255]),
        )
        for facet, filings in entry.facets.items()
        for filing in filings
    ]


def facet_line(facet, value, label):
    """One "facet<TAB>value<TAB>name" line, as the database engine counts them and ``search_index
    check`` compares them."""
    return f"{facet}\t{value}\t{label}"


def facet_lines(entry):
    """The facet lines of ``entry``, one for each value it is filed under."""
    return "\n".join(
        facet_line(facet, filing.value, filing.label) for facet, filing in filings_of(entry)
    )


def searchable_extras(entry):
    """What the database's full-text index reads beside title and text: the names of the
    entry's sectors, districts and tags, and the other spellings of all of them."""
    labels = entry.labels()
    return f"{labels} {folded(f'{entry.title} {entry.body} {labels}')}".strip()


def index_writers():
    if settings.ELASTICSEARCH_URL:
        from .engines.elasticsearch import ElasticsearchIndex

        return [DatabaseIndex(), ElasticsearchIndex()]
    return [DatabaseIndex()]
