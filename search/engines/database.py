"""The embedded engine: the entries' full-text index in the database itself, SQLite's FTS5 or
PostgreSQL's text search (the search app's migrations build whichever the database has), with
facets counted from the matches themselves."""

import difflib
from collections import Counter
from operator import itemgetter

from django.db import connection
from django.db.models import Q
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
    found_sql = ""
    by_rank_sql = ""
    by_date_sql = "entry.date IS NULL, entry.date DESC, entry.id DESC"

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

    def found(self, query, language, filters, *, by_date):
        """(pk, kind, year, facet lines) of each entry in ``language`` that is findable today,
        matches ``query`` and has the chosen facet values, the best first or the newest first:
        one pass over the full-text index, which gives the page, the total and the counts of
        every facet at once."""
        conditions, params = findable_conditions(language, filters)
        order = self.by_date_sql if by_date else self.by_rank_sql
        with connection.cursor() as cursor:
            cursor.execute(
                self.found_sql.format(conditions=conditions, order=order),
                [self.expression(query), *params],
            )
            return cursor.fetchall()


class SQLiteFullText(FullText):
    """FTS5 (the table of search/migrations/0002_full_text.py). The words are quoted, so
    nothing a visitor types is read as FTS5's own syntax."""

    found_sql = (
        "SELECT entry.id, entry.kind, entry.year, entry.facet_lines FROM search_fulltext "
        "JOIN search_searchentry AS entry ON entry.id = search_fulltext.rowid "
        "WHERE search_fulltext MATCH %s AND {conditions} ORDER BY {order}"
    )
    # Title, text and the other spellings: a word in the title counts most.
    by_rank_sql = "bm25(search_fulltext, 10.0, 1.0, 1.0), entry.id"

    def word(self, prefix):
        return f'"{prefix}"*' if len(prefix) >= SHORTEST_PREFIX else f'"{prefix}"'

    def phrase(self, words):
        return f'"{" ".join(words)}"'


class PostgreSQLFullText(FullText):
    """Text search over the generated ``document`` column (search/migrations/0002_full_text.py)
    with the "simple" configuration; the words are quoted lexemes."""

    any_of = " | "
    all_of = " & "
    found_sql = (
        "SELECT entry.id, entry.kind, entry.year, entry.facet_lines "
        "FROM search_searchentry AS entry, to_tsquery('simple', %s) AS query "
        "WHERE entry.document @@ query AND {conditions} ORDER BY {order}"
    )
    by_rank_sql = "ts_rank(entry.document, query) DESC, entry.id"

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


def findable_conditions(language, filters):
    """The SQL condition on ``entry`` of ``findable_entries(language)`` with the chosen
    facet values, and its parameters."""
    today = timezone.localdate()
    conditions = [
        "entry.language = %s",
        "(entry.visible_from IS NULL OR entry.visible_from <= %s)",
        "(entry.visible_until IS NULL OR entry.visible_until >= %s)",
    ]
    params = [language, today, today]
    for facet, value in filters.items():
        if facet == "type":
            conditions.append("entry.kind = %s")
            params.append(value)
        elif facet == "year":
            conditions.append("entry.year = %s")
            params.append(int(value))
        else:
            conditions.append(
                "EXISTS (SELECT 1 FROM search_searchfacet AS filed WHERE filed.entry_id = "
                "entry.id AND filed.facet = %s AND filed.value = %s)"
            )
            params += [facet, value]
    return " AND ".join(conditions), params


def facet_counts(found, filters, kind_labels):
    """The counts of each facet's values among the entries found, the most common first."""
    kinds = Counter(map(itemgetter(1), found))
    years = Counter(map(itemgetter(2), found))
    years.pop(None, None)
    facets = {
        "type": [
            FacetValue(kind, str(kind_labels.get(kind, kind)), count)
            for kind, count in kinds.most_common()
        ],
        "year": [
            FacetValue(str(year), str(year), years[year]) for year in sorted(years, reverse=True)
        ],
    }
    # One string split once is several times faster than a split of each entry's lines.
    filed = Counter("\n".join(filter(None, map(itemgetter(3), found))).split("\n"))
    filed.pop("", None)
    values = [(*line.split("\t", 2), count) for line, count in filed.items()]
    for facet, value, label, count in sorted(values, key=lambda row: (row[0], -row[3], row[2])):
        facets.setdefault(facet, []).append(FacetValue(value, label, count))
    for name, facet_values in facets.items():
        for facet_value in facet_values:
            facet_value.selected = filters.get(name) == facet_value.value
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
        found = full_text().found(
            query, request.language, request.filters, by_date=request.sort == "date"
        )
        results.total = len(found)
        offset, results.pages = request.offset(results.total)
        results.page = request.page
        page_keys = [pk for pk, *_facets in found[offset : offset + request.page_size]]
        page_entries = SearchEntry.objects.in_bulk(page_keys)
        results.hits = [
            hit_of(page_entries[pk], query, self.kind_labels)
            for pk in page_keys
            if pk in page_entries
        ]
        if request.with_facets:
            results.facets = facet_counts(found, request.filters, self.kind_labels)
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
