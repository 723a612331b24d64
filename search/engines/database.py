"""The embedded engine: the entries' full-text index in the database itself, SQLite's FTS5 or
PostgreSQL's text search (the search app's migrations build whichever the database has), with
facets counted by the ORM."""

import difflib

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from cms import fragments

from ..models import SearchEntry, SearchFacet
from ..results import FacetValue, Hit, Results
from ..text import highlighted, parsed, prefixes, words_of

# Below this length a word is found only as it stands: "KI" should not find "Kinder".
SHORTEST_PREFIX = 3


class FullText:
    """A query in the syntax of the database's full-text search: every word (by any of its
    stems, each also at the start of longer words) and every phrase must be found."""

    any_of = " OR "
    all_of = " AND "
    matching_sql = ""
    ranked_sql = ""

    def word(self, prefix):
        raise NotImplementedError

    def phrase(self, words):
        raise NotImplementedError

    def expression(self, query):
        parts = [
            "(" + self.any_of.join(self.word(prefix) for prefix in prefixes(term)) + ")"
            for term in query.terms
        ]
        parts += [self.phrase(phrase) for phrase in query.phrases]
        return self.all_of.join(parts)

    def matching(self, query):
        return self.matching_sql, [self.expression(query)]

    def ranked(self, query):
        with connection.cursor() as cursor:
            cursor.execute(self.ranked_sql, [self.expression(query)])
            return [row[0] for row in cursor.fetchall()]


class SQLiteFullText(FullText):
    """FTS5 (the table of search/migrations/0002_full_text.py). The words are quoted, so
    nothing a visitor types is read as FTS5's own syntax."""

    matching_sql = "SELECT rowid FROM search_fulltext WHERE search_fulltext MATCH %s"
    # Title, text and the other spellings: a word in the title counts most.
    ranked_sql = (
        "SELECT rowid FROM search_fulltext WHERE search_fulltext MATCH %s "
        "ORDER BY bm25(search_fulltext, 10.0, 1.0, 1.0)"
    )

    def word(self, prefix):
        return f'"{prefix}"*' if len(prefix) >= SHORTEST_PREFIX else f'"{prefix}"'

    def phrase(self, words):
        return f'"{" ".join(words)}"'


class PostgreSQLFullText(FullText):
    """Text search over the generated ``document`` column (search/migrations/0002_full_text.py)
    with the "simple" configuration; the words are quoted lexemes."""

    any_of = " | "
    all_of = " & "
    matching_sql = "SELECT id FROM search_searchentry WHERE document @@ to_tsquery('simple', %s)"
    ranked_sql = (
        "SELECT id FROM search_searchentry, to_tsquery('simple', %s) AS query "
        "WHERE document @@ query ORDER BY ts_rank(document, query) DESC"
    )

    def word(self, prefix):
        return f"'{prefix}':*" if len(prefix) >= SHORTEST_PREFIX else f"'{prefix}'"

    def phrase(self, words):
        return "(" + " <-> ".join(f"'{word}'" for word in words) + ")"


def full_text():
    return PostgreSQLFullText() if connection.vendor == "postgresql" else SQLiteFullText()


def findable_entries(language):
    today = timezone.localdate()
    return (
        SearchEntry.objects.filter(language=language)
        .filter(Q(visible_from__isnull=True) | Q(visible_from__lte=today))
        .filter(Q(visible_until__isnull=True) | Q(visible_until__gte=today))
    )


def filtered(entries, filters):
    for facet, value in filters.items():
        if facet == "type":
            entries = entries.filter(kind=value)
        elif facet == "year":
            entries = entries.filter(year=value)
        else:
            entries = entries.filter(
                Exists(SearchFacet.objects.filter(entry=OuterRef("pk"), facet=facet, value=value))
            )
    return entries


def facet_counts(matching, filters, kind_labels):
    facets = {
        "type": [
            FacetValue(row["kind"], str(kind_labels.get(row["kind"], row["kind"])), row["count"])
            for row in matching.values("kind").annotate(count=Count("pk")).order_by("-count")
        ],
        "year": [
            FacetValue(str(row["year"]), str(row["year"]), row["count"])
            for row in matching.exclude(year=None)
            .values("year")
            .annotate(count=Count("pk"))
            .order_by("-year")
        ],
    }
    rows = (
        SearchFacet.objects.filter(entry__in=matching)
        .values("facet", "value", "label")
        .annotate(count=Count("pk"))
        .order_by("facet", "-count", "label")
    )
    for row in rows:
        facets.setdefault(row["facet"], []).append(
            FacetValue(row["value"], row["label"], row["count"])
        )
    for name, values in facets.items():
        for value in values:
            value.selected = filters.get(name) == value.value
    return facets


def vocabulary(language):
    """The words of the titles and facet names in ``language``, for "did you mean"."""

    def words():
        titles = findable_entries(language).values_list("title", flat=True)
        labels = SearchFacet.objects.filter(entry__language=language).values_list(
            "label", flat=True
        )
        return sorted({word for text in [*titles, *labels.distinct()] for word in words_of(text)})

    return fragments.cached(f"search-vocabulary-{language}", words)


def suggestion(query, language):
    """The query with each word that the index does not know replaced by the nearest one it
    knows, or "" when there is nothing better to offer."""
    known = vocabulary(language)
    corrected, changed = [], False
    for word in words_of(query.text):
        if len(word) < SHORTEST_PREFIX or word in known:
            corrected.append(word)
            continue
        candidates = [candidate for candidate in known if candidate[:1] == word[:1]]
        nearest = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
        corrected.append(nearest[0] if nearest else word)
        changed = changed or bool(nearest)
    return " ".join(corrected) if changed else ""


class DatabaseEngine:
    name = "database"

    def __init__(self, kind_labels):
        self.kind_labels = kind_labels

    def search(self, request):
        query = parsed(request.query)
        results = Results(query=query, engine=self.name)
        if not query:
            return results
        text = full_text()
        entries = filtered(findable_entries(request.language), request.filters)
        sql, params = text.matching(query)
        # The expression is built of the parsed words alone, passed as a parameter.
        matching = entries.filter(pk__in=RawSQL(sql, params))  # noqa: S611
        if request.sort == "date":
            results.total = matching.count()
            offset, results.pages = request.offset(results.total)
            page_keys = list(
                matching.order_by(F("date").desc(nulls_last=True), "-pk").values_list(
                    "pk", flat=True
                )[offset : offset + request.page_size]
            )
        else:
            allowed = set(matching.values_list("pk", flat=True))
            ranked = [pk for pk in text.ranked(query) if pk in allowed]
            results.total = len(ranked)
            offset, results.pages = request.offset(results.total)
            page_keys = ranked[offset : offset + request.page_size]
        results.page = request.page
        found = SearchEntry.objects.in_bulk(page_keys)
        results.hits = [
            hit_of(found[pk], query, self.kind_labels) for pk in page_keys if pk in found
        ]
        if request.with_facets:
            results.facets = facet_counts(matching, request.filters, self.kind_labels)
        if not results.total:
            results.suggestion = suggestion(query, request.language)
        return results


def hit_of(entry, query, kind_labels):
    return Hit(
        key=entry.key,
        kind=entry.kind,
        kind_label=str(kind_labels.get(entry.kind, entry.kind)),
        name=entry.title,
        title=highlighted(entry.title, query, length=None),
        snippet=highlighted(entry.body, query),
        url=entry.url,
        date=entry.date,
    )
