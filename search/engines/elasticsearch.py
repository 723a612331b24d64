"""The Elasticsearch engine: one index of entries behind an alias, German and English
analysis, fuzzy and prefix matching, phrases, highlights, facet aggregations and spelling
suggestions, written and read through ``elasticsearch.dsl``.

The index settings use only analysis components of Elasticsearch's own analysis-common
module (``german_normalization``, ``stemmer``, ``edge_ngram``, ``asciifolding``), which the
project's small analysis plugin supplies on the test server (search/analysis-plugin)."""

import logging
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_exceptions
from elasticsearch.dsl import Q, Search, analyzer, token_filter, tokenizer

from ..results import FacetValue, Hit, Results
from ..text import parsed, prefixes

logger = logging.getLogger(__name__)

LANGUAGES = ("de", "en")
FACET_FIELDS = ("sector", "district", "tag")
FACET_SEPARATOR = "\x1f"
FACET_SIZE = 30
SPELLING_FIELDS = ("title", "body")

german_stemmer = token_filter("german_stemmer", "stemmer", language="light_german")
english_stemmer = token_filter("english_stemmer", "stemmer", language="english")
german_stop = token_filter("german_stop", "stop", stopwords="_german_")
english_stop = token_filter("english_stop", "stop", stopwords="_english_")
word_starts = token_filter("word_starts", "edge_ngram", min_gram=3, max_gram=20)
standard = tokenizer("standard")

ANALYZERS = {
    # "Lüneburg", "Lueneburg" and "Luneburg" all become "luneburg"; "Unternehmens" and
    # "Unternehmen" one stem.
    "de": analyzer(
        "german_text",
        tokenizer=standard,
        filter=["lowercase", german_stop, "german_normalization", "asciifolding", german_stemmer],
    ),
    "en": analyzer(
        "english_text",
        tokenizer=standard,
        filter=["lowercase", english_stop, "asciifolding", english_stemmer],
    ),
}
# The starts of words, so that "Energie" finds "Energiewirtschaft" and a half-typed word its
# suggestions.
starts_index = analyzer(
    "word_starts_index",
    tokenizer=standard,
    filter=["lowercase", "german_normalization", "asciifolding", word_starts],
)
starts_search = analyzer(
    "word_starts_search",
    tokenizer=standard,
    filter=["lowercase", "german_normalization", "asciifolding"],
)
spelling = analyzer("spelling", tokenizer=standard, filter=["lowercase"])


def text_field():
    return {
        "type": "text",
        "analyzer": "standard",
        "fields": {
            **{
                language: {"type": "text", "analyzer": ANALYZERS[language]._name}
                for language in LANGUAGES
            },
            "starts": {
                "type": "text",
                "analyzer": starts_index._name,
                "search_analyzer": starts_search._name,
            },
            "spelling": {"type": "text", "analyzer": spelling._name},
        },
    }


def index_body():
    analysis = {}
    for custom in [*ANALYZERS.values(), starts_index, starts_search, spelling]:
        definition = custom.get_analysis_definition()
        for section, items in definition.items():
            analysis.setdefault(section, {}).update(items)
        analysis.setdefault("analyzer", {})[custom._name] = custom.get_definition()
    return {
        "settings": {"number_of_shards": 1, "number_of_replicas": 0, "analysis": analysis},
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "key": {"type": "keyword"},
                "language": {"type": "keyword"},
                "kind": {"type": "keyword"},
                "title": text_field(),
                "body": text_field(),
                "labels": text_field(),
                "url": {"type": "keyword", "index": False},
                "date": {"type": "date"},
                "year": {"type": "integer"},
                "visible_until": {"type": "date"},
                **{name: {"type": "keyword"} for name in FACET_FIELDS},
                **{f"{name}_facet": {"type": "keyword"} for name in FACET_FIELDS},
            },
        },
    }


@cache
def client():
    return Elasticsearch(
        settings.ELASTICSEARCH_URL,
        request_timeout=settings.ELASTICSEARCH_TIMEOUT,
        max_retries=0,
        retry_on_timeout=False,
    )


# Writing and managing indexes takes longer than a search may wait; a task or a rebuild can
# afford it: refreshing an index of 10,000 fresh documents takes more than a second.
WRITE_TIMEOUT = 30


def writing_client():
    return client().options(request_timeout=WRITE_TIMEOUT)


def alias():
    return f"{settings.ELASTICSEARCH_INDEX}-entries"


def next_alias():
    """The index a rebuild fills, which every write meanwhile goes to as well."""
    return f"{alias()}-next"


def document_id(key, language):
    return f"{key}|{language}"


def source_of(key, kind, entry):
    labels = " ".join(label for values in entry.facets.values() for _value, label in values)
    source = {
        "key": key,
        "language": entry.language,
        "kind": kind,
        "title": entry.title,
        "body": entry.body,
        "labels": labels,
        "url": entry.url,
        "date": entry.date.isoformat() if entry.date else None,
        "year": entry.date.year if entry.date else None,
        "visible_until": entry.visible_until.isoformat() if entry.visible_until else None,
    }
    for name in FACET_FIELDS:
        values = entry.facets.get(name, [])
        source[name] = [value for value, _label in values]
        source[f"{name}_facet"] = [f"{value}{FACET_SEPARATOR}{label}" for value, label in values]
    return source


def create_index(name):
    writing_client().indices.create(index=name, body=index_body())


def ensure_index():
    """The alias and an index behind it, made on first use."""
    if not client().indices.exists_alias(name=alias()):
        name = new_index_name()
        create_index(name)
        client().indices.put_alias(index=name, name=alias())


def new_index_name():
    return f"{alias()}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"


def targets():
    names = [alias()]
    if client().indices.exists_alias(name=next_alias()):
        names.append(next_alias())
    return names


class ElasticsearchIndex:
    name = "elasticsearch"
    REBUILD_BATCH = 1000

    def __init__(self):
        self.rebuilt_index = None
        self.batch = []

    def actions(self, key, kind, entries, index):
        by_language = {entry.language: entry for entry in entries}
        for language, _name in settings.LANGUAGES:
            entry = by_language.get(language)
            if entry is None:
                yield {"_op_type": "delete", "_index": index, "_id": document_id(key, language)}
            else:
                yield {
                    "_op_type": "index",
                    "_index": index,
                    "_id": document_id(key, language),
                    "_source": source_of(key, kind, entry),
                }

    def write(self, key, kind, entries):
        if self.rebuilt_index:
            self.batch.extend(
                action
                for action in self.actions(key, kind, entries, self.rebuilt_index)
                if action["_op_type"] == "index"
            )
            if len(self.batch) >= self.REBUILD_BATCH:
                self.flush()
            return
        ensure_index()
        for index in targets():
            # Visible to searches when the task ends, as the database's write is.
            self.send(list(self.actions(key, kind, entries, index)), refresh="wait_for")

    def send(self, actions, refresh=False):
        _written, errors = helpers.bulk(
            writing_client(), actions, raise_on_error=False, refresh=refresh
        )
        refused = [error for error in errors if error.get("delete", {}).get("status") != 404]
        if refused:
            raise IndexRefused(refused[:3])

    def flush(self):
        if self.batch:
            self.send(self.batch)
            self.batch = []

    @contextmanager
    def rebuilding(self):
        """Within the block, writes fill a new index, and every write elsewhere meanwhile
        goes to it too; at the end the alias moves to it in one step and the old index goes.
        Searches read the old index until then."""
        name = new_index_name()
        create_index(name)
        indices = writing_client().indices
        indices.put_alias(index=name, name=next_alias())
        self.rebuilt_index = name
        try:
            yield
            self.flush()
        except Exception:
            indices.delete(index=name, ignore_unavailable=True)
            raise
        finally:
            self.rebuilt_index, self.batch = None, []
        indices.refresh(index=name)
        old = []
        if indices.exists_alias(name=alias()):
            old = list(indices.get_alias(name=alias()))
        indices.update_aliases(
            actions=[
                *({"remove": {"index": index, "alias": alias()}} for index in old),
                {"add": {"index": name, "alias": alias()}},
                {"remove": {"index": name, "alias": next_alias()}},
            ]
        )
        for index in old:
            indices.delete(index=index, ignore_unavailable=True)


class IndexRefused(Exception):
    """Elasticsearch refused some of an object's documents."""


class Unavailable(Exception):
    """Elasticsearch did not answer, or not in time."""


class CircuitBreaker:
    """After a failure, Elasticsearch is left alone for a while, so that a node that is down
    costs one timeout per interval rather than one per search."""

    def __init__(self, rest_seconds=30.0):
        self.rest_seconds = rest_seconds
        self.open_until = 0.0
        self.lock = threading.Lock()

    def allows(self):
        return time.monotonic() >= self.open_until

    def failed(self):
        with self.lock:
            self.open_until = time.monotonic() + self.rest_seconds

    def succeeded(self):
        with self.lock:
            self.open_until = 0.0


breaker = CircuitBreaker()


def fields_of(language):
    return [f"title.{language}^4", f"body.{language}", f"labels.{language}^2"]


def term_query(term, language):
    return Q(
        "bool",
        should=[
            Q(
                "multi_match",
                query=term,
                fields=fields_of(language),
                fuzziness="AUTO",
                prefix_length=1,
            ),
            # The starts of the word's stems, as the database engine finds them: "Demografie"
            # finds "demografischer".
            Q(
                "multi_match",
                query=" ".join(prefixes(term)),
                fields=["title.starts^2", "body.starts", "labels.starts"],
            ),
        ],
        minimum_should_match=1,
    )


def phrase_query(phrase, language):
    return Q(
        "multi_match",
        query=" ".join(phrase),
        type="phrase",
        fields=[f"title.{language}^4", f"body.{language}", "title", "body"],
    )


def highlighted_fragment(fragments, fallback):
    if fragments:
        return mark_safe(fragments[0])  # noqa: S308 (Elasticsearch escapes with encoder html)
    return escape(fallback)


class ElasticsearchEngine:
    name = "elasticsearch"

    def __init__(self, kind_labels):
        self.kind_labels = kind_labels

    def searched(self, request, query):
        today = timezone.localdate().isoformat()
        search = Search(using=client(), index=alias()).filter("term", language=request.language)
        search = search.filter(
            Q(
                "bool",
                should=[
                    Q("range", visible_until={"gte": today}),
                    ~Q("exists", field="visible_until"),
                ],
                minimum_should_match=1,
            )
        )
        for name, value in request.filters.items():
            field = {"type": "kind"}.get(name, name)
            search = search.filter("term", **{field: int(value) if name == "year" else value})
        must = [term_query(term, request.language) for term in query.terms]
        must += [phrase_query(phrase, request.language) for phrase in query.phrases]
        search = search.query(Q("bool", must=must))
        return search

    def search(self, request):
        query = parsed(request.query)
        results = Results(query=query, engine=self.name)
        if not query:
            return results
        search = self.searched(request, query)
        if request.sort == "date":
            search = search.sort({"date": {"order": "desc", "missing": "_last"}}, "_score")
        language = request.language
        search = (
            search.highlight_options(pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html")
            .highlight(f"title.{language}", "title.starts", number_of_fragments=0)
            .highlight(f"body.{language}", "body.starts", fragment_size=240, number_of_fragments=1)
        )
        if request.with_facets:
            search.aggs.bucket("type", "terms", field="kind", size=FACET_SIZE)
            search.aggs.bucket("year", "terms", field="year", size=FACET_SIZE)
            for name in FACET_FIELDS:
                search.aggs.bucket(name, "terms", field=f"{name}_facet", size=FACET_SIZE)
            for field in SPELLING_FIELDS:
                search = search.suggest(
                    field,
                    " ".join(query.words()),
                    term={"field": f"{field}.spelling", "suggest_mode": "missing"},
                )
        offset = (max(1, request.page) - 1) * request.page_size
        response = self.run(search[offset : offset + request.page_size])
        total = response.hits.total.value
        if total and offset >= total:
            # Past the end: the last page, as the database engine gives it.
            offset, _pages = request.offset(total)
            response = self.run(search[offset : offset + request.page_size])
        results.total = total
        _offset, results.pages = request.offset(total)
        results.page = request.page
        for hit in response:
            highlight = getattr(hit.meta, "highlight", None)
            title_fragments = (
                getattr(highlight, f"title.{language}", None) if highlight else None
            ) or (getattr(highlight, "title.starts", None) if highlight else None)
            body_fragments = (
                getattr(highlight, f"body.{language}", None) if highlight else None
            ) or (getattr(highlight, "body.starts", None) if highlight else None)
            results.hits.append(
                Hit(
                    key=hit.key,
                    kind=hit.kind,
                    kind_label=str(self.kind_labels.get(hit.kind, hit.kind)),
                    name=hit.title,
                    title=highlighted_fragment(title_fragments, hit.title),
                    snippet=highlighted_fragment(body_fragments, hit.body[:240]),
                    url=hit.url,
                    date=datetime.fromisoformat(hit.date).date()
                    if getattr(hit, "date", None)
                    else None,
                )
            )
        if request.with_facets:
            results.facets = self.facets(response, request.filters)
            # Typos find their words anyway; the corrected query is offered all the same.
            results.suggestion = self.corrected(response)
        return results

    def run(self, search):
        try:
            return search.extra(track_total_hits=True).execute()
        except (
            es_exceptions.ConnectionError,
            es_exceptions.TransportError,
            es_exceptions.ApiError,
        ) as error:
            raise Unavailable(str(error)) from error

    def facets(self, response, filters):
        facets = {}
        for name in ("type", "year", *FACET_FIELDS):
            buckets = getattr(response.aggregations, name).buckets
            values = []
            for bucket in buckets:
                if name == "type":
                    value, label = bucket.key, str(self.kind_labels.get(bucket.key, bucket.key))
                elif name == "year":
                    value = label = str(bucket.key)
                else:
                    value, _, label = bucket.key.partition(FACET_SEPARATOR)
                values.append(
                    FacetValue(value, label, bucket.doc_count, filters.get(name) == value)
                )
            if name == "year":
                values.sort(key=lambda facet: facet.value, reverse=True)
            facets[name] = values
        return facets

    def corrected(self, response):
        """The query with each word the index does not know replaced by the likeliest one it
        knows, from titles and texts; "" when there is nothing to correct."""
        suggested = getattr(response, "suggest", None)
        if not suggested:
            return ""
        words, changed = [], False
        for tokens in zip(*(suggested[field] for field in SPELLING_FIELDS), strict=True):
            options = [option for token in tokens for option in token.options]
            if options:
                words.append(max(options, key=lambda option: (option.score, option.freq)).text)
                changed = True
            else:
                words.append(tokens[0].text)
        return " ".join(words) if changed else ""
