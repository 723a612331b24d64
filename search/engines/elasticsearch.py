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
from datetime import UTC, datetime, timedelta
from functools import cache
from html import unescape

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_exceptions
from elasticsearch.dsl import (
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    MetaField,
    Q,
    Text,
    analyzer,
    token_filter,
    tokenizer,
)

from ..index_writers import facet_line, filings_of
from ..results import FacetValue, Hit, Results
from ..text import parsed, prefixes

logger = logging.getLogger(__name__)

LANGUAGES = ("de", "en")
FACET_FIELDS = ("sector", "district", "tag")
FACET_SEPARATOR = "\x1f"
FACET_SIZE = 30
# Elasticsearch's index.max_result_window, less a page.
MAX_RESULT_WINDOW = 9_900
FEW_RESULTS = 3
# The length of a snippet of the text, in characters.
SNIPPET = 240
# A rebuild's new index older than this is taken for one whose process was killed: a rebuild
# of 10,000 posts takes under a minute.
UNFINISHED_AFTER = timedelta(hours=1)
STORED_TEXT = ("key", "kind", "language", "title", "body", "url")

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
    """A text in every way it is searched: as written, in German and in English, and by the
    starts of its words; its words also go to the index's vocabulary for spelling. The ways
    that highlights come from keep where each word stands, so that a highlight need not
    analyse the text again."""
    return Text(
        analyzer="standard",
        copy_to="spelling",
        fields={
            **{
                language: Text(analyzer=ANALYZERS[language], index_options="offsets")
                for language in LANGUAGES
            },
            "starts": Text(
                analyzer=starts_index, search_analyzer=starts_search, index_options="offsets"
            ),
        },
    )


class EntryDocument(Document):
    """An entry as Elasticsearch holds it; the facet values once to filter by and once with
    their names, to count and show."""

    key = Keyword()
    language = Keyword()
    kind = Keyword()
    title = text_field()
    body = text_field()
    labels = text_field()
    # Every word of title, text and labels: for "did you mean", and to find words typed
    # with a typo.
    spelling = Text(analyzer=spelling)
    url = Keyword(index=False)
    date = Date()
    year = Integer()
    visible_from = Date()
    visible_until = Date()
    sector = Keyword(multi=True)
    district = Keyword(multi=True)
    tag = Keyword(multi=True)
    sector_facet = Keyword(multi=True)
    district_facet = Keyword(multi=True)
    tag_facet = Keyword(multi=True)

    class Meta:
        dynamic = MetaField("strict")

    @classmethod
    def of(cls, key, kind, entry, index):
        document = cls(
            meta={"id": document_id(key, entry.language), "index": index},
            key=key,
            language=entry.language,
            kind=kind,
            title=entry.title,
            body=entry.body,
            labels=entry.labels(),
            url=entry.url,
            date=entry.date,
            year=entry.date.year if entry.date else None,
            visible_from=entry.visible_from,
            visible_until=entry.visible_until,
        )
        filings = filings_of(entry)
        for name in FACET_FIELDS:
            named = [filing for facet, filing in filings if facet == name]
            document[name] = [filing.value for filing in named]
            document[f"{name}_facet"] = [
                f"{filing.value}{FACET_SEPARATOR}{filing.label}" for filing in named
            ]
        return document


def index_named(name):
    index = Index(name, using=client())
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.document(EntryDocument)
    return index


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


def create_index(name):
    index_named(name).create(using=writing_client())


def ensure_index():
    """The alias and an index behind it, made on first use. Processes that get there at once
    make the same index, by name, and point the alias at it once."""
    if client().indices.exists_alias(name=alias()):
        return
    name = f"{alias()}-first"
    try:
        create_index(name)
    except es_exceptions.BadRequestError as error:
        if error.error != "resource_already_exists_exception":
            raise
    client().indices.update_aliases(actions=[{"add": {"index": name, "alias": alias()}}])


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
                yield EntryDocument.of(key, kind, entry, index).to_dict(include_meta=True)

    def write(self, key, kind, entries):
        if self.rebuilt_index:
            self.batch.extend(
                {**action, "_op_type": "create"}
                for action in self.actions(key, kind, entries, self.rebuilt_index)
                if action.get("_op_type") != "delete"
            )
            if len(self.batch) >= self.REBUILD_BATCH:
                self.flush()
            return
        ensure_index()
        for index in targets():
            # Visible to searches when the task ends, as the database's write is; to the
            # aliases only, so that a write never makes an index of an alias's name.
            self.send(
                list(self.actions(key, kind, entries, index)),
                refresh="wait_for",
                require_alias=True,
            )

    def send(self, actions, **options):
        _written, errors = helpers.bulk(writing_client(), actions, raise_on_error=False, **options)
        refused = [
            error
            for error in errors
            if error.get("delete", {}).get("status") != 404
            # A rebuild's copy that a newer write got to first stays out.
            and error.get("create", {}).get("status") != 409
        ]
        if refused:
            raise IndexRefused(refused[:3])

    def flush(self):
        if self.batch:
            self.send(self.batch)
            self.batch = []

    def drop_unfinished_rebuild(self, *, force):
        """The index a rebuild left half full, its process killed, with its alias; an index
        begun less than ``UNFINISHED_AFTER`` ago is taken for another rebuild still running,
        unless ``force``."""
        indices = writing_client().indices
        if not indices.exists_alias(name=next_alias()):
            return
        for index, state in indices.get(index=next_alias()).items():
            begun = datetime.fromtimestamp(
                int(state["settings"]["index"]["creation_date"]) / 1000, tz=UTC
            )
            if not force and datetime.now(UTC) - begun < UNFINISHED_AFTER:
                raise RebuildRunning(begun)
            indices.delete(index=index, ignore_unavailable=True)

    def claim_rebuild(self, name):
        """Points the rebuild's alias at the new index ``name``; when another rebuild got
        there at the same moment, the later one gives way."""
        indices = writing_client().indices
        indices.put_alias(index=name, name=next_alias())
        rebuilds = sorted(indices.get_alias(name=next_alias()))
        if rebuilds != [name]:
            indices.delete(index=name, ignore_unavailable=True)
            raise RebuildRunning(datetime.now(UTC))

    def stored(self):
        """What ``DatabaseIndex.stored`` gives, of every document, for ``search_index
        check``."""
        if not client().indices.exists_alias(name=alias()):
            return
        facet_fields = [f"{name}_facet" for name in FACET_FIELDS]
        for document in helpers.scan(
            client().options(request_timeout=60),
            index=alias(),
            query={"query": {"match_all": {}}},
            _source=[*STORED_TEXT, "date", "visible_from", "visible_until", *facet_fields],
        ):
            source = document["_source"]
            lines = [
                facet_line(name, *value.split(FACET_SEPARATOR, 1))
                for name in FACET_FIELDS
                for value in source.get(f"{name}_facet", [])
            ]
            yield (
                *(source.get(name, "") for name in STORED_TEXT),
                source.get("date"),
                "\n".join(lines),
                source.get("visible_from"),
                source.get("visible_until"),
            )

    @contextmanager
    def rebuilding(self, *, force=False):
        """Within the block, writes fill a new index, and every write elsewhere meanwhile
        goes to it too; at the end the alias moves to it in one step and the old index goes.
        Searches read the old index until then. ``RebuildRunning`` when another rebuild is
        (``force`` drops what it wrote so far)."""
        self.drop_unfinished_rebuild(force=force)
        name = new_index_name()
        create_index(name)
        self.claim_rebuild(name)
        indices = writing_client().indices
        self.rebuilt_index = name
        try:
            yield
            self.flush()
        except BaseException:
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


def unreachable_reason():
    """Why the node cannot answer searches, or None: for the health check, within a search's
    timeout."""
    try:
        health = client().cluster.health()
    except es_exceptions.ApiError as error:
        return f"Elasticsearch answered {error.meta.status}"
    except es_exceptions.TransportError as error:
        return f"Elasticsearch did not answer: {type(error).__name__}"
    if health["status"] == "red":
        return "Elasticsearch reports its cluster red"
    return None


class IndexRefused(Exception):
    """Elasticsearch refused some of an object's documents."""


class RebuildRunning(Exception):
    """Another rebuild of the index is running, begun at ``begun``."""

    def __init__(self, begun):
        super().__init__(
            f"another rebuild of the index is running, begun at {begun:%Y-%m-%d %H:%M} UTC"
        )
        self.begun = begun


class Unavailable(Exception):
    """Elasticsearch did not answer, or not in time."""


class CircuitBreaker:
    """After a failure, Elasticsearch is left alone for a while, so that a node that is down
    costs one timeout per interval rather than one per search; then one search tries it
    while the others still go to the database, until it answers."""

    def __init__(self, rest_seconds=30.0):
        self.rest_seconds = rest_seconds
        self.open_until = 0.0
        self.lock = threading.Lock()

    def allows(self):
        with self.lock:
            now = time.monotonic()
            if now < self.open_until:
                return False
            if self.open_until:
                # This search is the trial; the others wait for its outcome.
                self.open_until = now + self.rest_seconds
            return True

    def failed(self):
        with self.lock:
            self.open_until = time.monotonic() + self.rest_seconds

    def succeeded(self):
        with self.lock:
            self.open_until = 0.0


breaker = CircuitBreaker()


def fields_of(language):
    return [f"title.{language}^4", f"body.{language}", f"labels.{language}^2"]


def term_query(term, language, *, typos=True):
    """A word as the visitor typed it, by its stems and their starts, and with ``typos``
    also within an edit or two of it, in any of the texts at once: one fuzzy lookup per word
    rather than one per field."""
    should = [
        Q("multi_match", query=term, fields=fields_of(language)),
        # The starts of the word's stems, as the database engine finds them: "Demografie"
        # finds "demografischer".
        Q(
            "multi_match",
            query=" ".join(prefixes(term)),
            fields=["title.starts^2", "body.starts", "labels.starts"],
        ),
    ]
    if typos:
        should.append(Q("match", spelling={"query": term, "fuzziness": "AUTO", "prefix_length": 1}))
    return Q("bool", should=should, minimum_should_match=1)


def phrase_query(phrase, language):
    return Q(
        "multi_match",
        query=" ".join(phrase),
        type="phrase",
        fields=[f"title.{language}^4", f"body.{language}", "title", "body"],
    )


def date_of(hit):
    """The hit's date; documents without one have no such field at all."""
    value = hit.to_dict().get("date")
    if isinstance(value, datetime):
        return value.date()
    return datetime.fromisoformat(value).date() if isinstance(value, str) else value


def highlighted_fragment(fragments, fallback, *, cut_at=None):
    """The first fragment Elasticsearch marked (it escapes them, encoder html), or
    ``fallback``. A fragment without a mark is the start of a text that held none of the
    words (``no_match_size``): cut after the first word past ``cut_at`` characters when the
    text is longer, which it does not say, so that the snippet says so, as the database's do."""
    if not fragments:
        return escape(fallback)
    fragment = fragments[0]
    if cut_at and "<mark>" not in fragment and len(unescape(fragment)) >= cut_at:
        fragment += " …"
    return mark_safe(fragment)  # noqa: S308 (escaped by Elasticsearch)


def words_query(query, language, *, typos=True):
    must = [term_query(term, language, typos=typos) for term in query.terms]
    must += [phrase_query(phrase, language) for phrase in query.phrases]
    return Q("bool", must=must)


class ElasticsearchEngine:
    name = "elasticsearch"

    def __init__(self, kind_labels):
        self.kind_labels = kind_labels

    def searched(self, request, query, *, typos):
        today = timezone.localdate().isoformat()
        search = EntryDocument.search(using=client(), index=alias()).filter(
            "term", language=request.language
        )
        # Not before its first day nor after its last; an entry without them is always found.
        search = search.filter(
            Q(
                "bool",
                must_not=[
                    Q("range", visible_from={"gt": today}),
                    Q("range", visible_until={"lt": today}),
                ],
            )
        )
        for name, value in request.filters.items():
            field = {"type": "kind"}.get(name, name)
            search = search.filter("term", **{field: int(value) if name == "year" else value})
        search = search.query(words_query(query, request.language, typos=typos))
        if request.sort == "date":
            search = search.sort({"date": {"order": "desc", "missing": "_last"}}, "_score")
        return self.highlighted(search, query, request.language)

    def highlighted(self, search, query, language):
        """The words as typed and their starts marked, as the database engine marks them (a
        word a typo found stays unmarked); the start of the text where none is, in place of
        the text itself, which the response leaves out."""
        search = (
            search.highlight_options(
                pre_tags=["<mark>"],
                post_tags=["</mark>"],
                encoder="html",
                highlight_query=words_query(query, language, typos=False).to_dict(),
            )
            .source(excludes=["body", "labels"])
            .highlight("title.starts", number_of_fragments=0)
            .highlight(
                "body.starts", fragment_size=SNIPPET, number_of_fragments=1, no_match_size=SNIPPET
            )
        )
        if query.phrases:
            search = search.highlight(f"title.{language}", number_of_fragments=0).highlight(
                f"body.{language}", fragment_size=SNIPPET, number_of_fragments=1
            )
        return search

    def search(self, request):
        query = parsed(request.query)
        results = Results(query=query, engine=self.name)
        if not query:
            return results
        # The words as typed first; only when they find little, the words within a typo of
        # them too, with the index's spelling of each word offered: what most searches need
        # costs a third of the typo-tolerant search.
        response = self.page_of(request, self.searched(request, query, typos=False))
        few = response.hits.total.value <= FEW_RESULTS
        if few:
            search = self.searched(request, query, typos=True)
            if request.with_facets:
                search = search.suggest(
                    "spelling",
                    " ".join(query.words()),
                    term={"field": "spelling", "suggest_mode": "missing"},
                )
            response = self.page_of(request, search)
        results.total = response.hits.total.value
        _offset, results.pages = request.offset(results.total)
        results.page = request.page
        results.hits = [self.hit_of(hit, request.language) for hit in response]
        if request.with_facets:
            results.facets = self.facets(response, request.filters)
            if few:
                results.suggestion = self.corrected(response)
        return results

    def page_of(self, request, search):
        """The response for the requested page, with facet counts when they are asked for;
        the last page when it is past the end."""
        if request.with_facets:
            search.aggs.bucket("type", "terms", field="kind", size=FACET_SIZE)
            search.aggs.bucket("year", "terms", field="year", size=FACET_SIZE)
            for name in FACET_FIELDS:
                search.aggs.bucket(name, "terms", field=f"{name}_facet", size=FACET_SIZE)
        # Elasticsearch refuses to page past its result window; so deep a page is past the
        # end of any result here, and the last page is asked for instead.
        offset = min((max(1, request.page) - 1) * request.page_size, MAX_RESULT_WINDOW)
        response = self.run(search[offset : offset + request.page_size])
        total = response.hits.total.value
        if total and offset >= total:
            offset, _pages = request.offset(total)
            response = self.run(search[offset : offset + request.page_size])
        return response

    def hit_of(self, hit, language):
        marked = getattr(hit.meta, "highlight", {})

        def fragments(text):
            return getattr(marked, f"{text}.{language}", None) or getattr(
                marked, f"{text}.starts", None
            )

        return Hit(
            key=hit.key,
            kind=hit.kind,
            kind_label=str(self.kind_labels.get(hit.kind, hit.kind)),
            name=hit.title,
            title=highlighted_fragment(fragments("title"), hit.title),
            snippet=highlighted_fragment(fragments("body"), "", cut_at=SNIPPET),
            url=hit.url,
            date=date_of(hit),
        )

    def run(self, search):
        """The response; ``Unavailable`` when the node cannot be reached, is too slow or
        fails itself. A refusal of the query (4xx) is a mistake here and raised as it is."""
        try:
            return search.extra(track_total_hits=True).execute()
        except (es_exceptions.ConnectionError, es_exceptions.ConnectionTimeout) as error:
            raise Unavailable(str(error)) from error
        except es_exceptions.ApiError as error:
            if error.meta.status >= 500:
                raise Unavailable(str(error)) from error
            raise

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
        """The query with each word the index does not know replaced by the likeliest word
        it does; "" when it knows every word."""
        suggested = getattr(response, "suggest", None)
        if not suggested:
            return ""
        words, changed = [], False
        for token in suggested.spelling:
            # With suggest_mode "missing", a word the index knows has no options.
            if token.options:
                best = max(token.options, key=lambda option: (option.score, option.freq))
                words.append(best.text)
                changed = True
            else:
                words.append(token.text)
        return " ".join(words) if changed else ""
