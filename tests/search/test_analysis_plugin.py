"""The analysis the search index relies on, on a real Elasticsearch node: German and English
analysers built from analysis-common's token filters (asciifolding, german_normalization,
stemmer, edge_ngram, dictionary_decompounder) find what a visitor types.

The node is the one scripts/elasticsearch starts (Elastic's integ-test zip with the project's
analysis plugin standing in for analysis-common); TEST_ELASTICSEARCH_URL names it. The same
index settings work on a full distribution, where analysis-common supplies the filters.
"""

import re
import uuid

import pytest
from elasticsearch import BadRequestError, Elasticsearch
from elasticsearch.dsl import Document, Index, Search, Text, analyzer, token_filter

from tests.conftest import elasticsearch_url

pytestmark = pytest.mark.elasticsearch

german_folding = [
    "lowercase",
    "german_normalization",
    token_filter("german_asciifolding", "asciifolding", preserve_original=False),
]
german_stemmer = token_filter("german_light_stemmer", "stemmer", language="light_german")
german_stop = token_filter("german_stop", "stop", stopwords="_german_")
german_decompounder = token_filter(
    "german_decompounder",
    "dictionary_decompounder",
    word_list=["energie", "wirtschaft", "netz", "werk", "region"],
    only_longest_match=True,
)
prefixes = token_filter("prefixes", "edge_ngram", min_gram=3, max_gram=20)

german = analyzer(
    "german_text", tokenizer="standard", filter=[*german_folding, german_stop, german_stemmer]
)
# Indexed with the prefixes of each stemmed word, searched with the plain German analyser: "Energie"
# finds "Energiewirtschaft", and a half-typed "Lünebu" finds "Lüneburg".
german_prefix = analyzer(
    "german_prefix",
    tokenizer="standard",
    filter=[*german_folding, german_stop, german_stemmer, prefixes],
)
german_compound = analyzer(
    "german_compound",
    tokenizer="standard",
    filter=[*german_folding, german_decompounder, german_stop, german_stemmer],
)
english = analyzer(
    "english_text",
    tokenizer="standard",
    filter=[
        token_filter("english_possessive", "stemmer", language="possessive_english"),
        "lowercase",
        token_filter("english_stop", "stop", stopwords="_english_"),
        "asciifolding",
        token_filter("english_stemmer", "stemmer", language="english"),
    ],
)


class Page(Document):
    title_de = Text(
        analyzer=german,
        fields={
            "prefix": Text(analyzer=german_prefix, search_analyzer=german),
            "compound": Text(analyzer=german_compound),
        },
    )
    title_en = Text(analyzer=english)


PAGES = {
    "lueneburg": ("Innovationszentrum Lüneburg", "Innovation centre in Lüneburg"),
    "energy": ("Netzwerk Energiewirtschaft", "The energy industry network"),
    "company": ("Das Unternehmen wächst", "The company grows"),
    "projects": ("Projekte der Region", "Projects of the region"),
    "university": ("Hochschule Hannover", "A university's project day"),
}


@pytest.fixture(scope="module")
def client():
    client = Elasticsearch(elasticsearch_url(), request_timeout=30)
    yield client
    client.close()


@pytest.fixture(scope="module")
def index(client):
    index = Index(f"test-analysis-{uuid.uuid4().hex}", using=client)
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.document(Page)
    index.create()
    try:
        for key, (title_de, title_en) in PAGES.items():
            Page(meta={"id": key}, title_de=title_de, title_en=title_en).save(
                using=client, index=index._name
            )
        index.refresh()
        yield index
    finally:
        index.delete(ignore_unavailable=True)


def found(index, query, *fields):
    search = Search(using=index._using, index=index._name).query(
        "multi_match", query=query, fields=list(fields)
    )
    return {hit.meta.id for hit in search[: len(PAGES)].execute()}


@pytest.mark.parametrize("query", ["Lüneburg", "Lueneburg", "Luneburg", "LÜNEBURG", "lüneburg"])
def test_umlauts_are_found_however_they_are_typed(index, query):
    assert found(index, query, "title_de") == {"lueneburg"}


def test_a_word_finds_the_compounds_it_begins(index):
    assert found(index, "Energie", "title_de", "title_de.prefix") == {"energy"}
    assert found(index, "Energie", "title_de") == set(), "without prefixes no compound matches"


def test_a_half_typed_word_finds_the_page(index):
    assert found(index, "Lünebu", "title_de.prefix") == {"lueneburg"}
    assert found(index, "Innovationsz", "title_de.prefix") == {"lueneburg"}


def test_the_dictionary_splits_compounds_into_their_words(index):
    assert found(index, "Wirtschaft", "title_de.compound") == {"energy"}
    assert found(index, "Netz", "title_de.compound") == {"energy"}


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("Unternehmen", "company"),
        ("Unternehmens", "company"),
        ("Projekt", "projects"),
        ("Projekte", "projects"),
        ("Projekten", "projects"),
    ],
)
def test_german_words_are_found_in_their_other_forms(index, query, page):
    assert found(index, query, "title_de") == {page}


@pytest.mark.parametrize(
    ("query", "pages"),
    [
        ("project", {"projects", "university"}),
        ("projects", {"projects", "university"}),
        ("companies", {"company"}),
        ("university", {"university"}),
        ("grow", {"company"}),
    ],
)
def test_english_words_are_found_in_their_other_forms(index, query, pages):
    assert found(index, query, "title_en") == pages


def test_stop_words_find_nothing(index):
    assert found(index, "der", "title_de") == set()
    assert found(index, "the", "title_en") == set()


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        ({"type": "stemmer", "language": "klingon"}, "Invalid stemmer class specified: [klingon]"),
        ({"type": "edge_ngram", "min_gram": 4, "max_gram": 2}, "minGram"),
        ({"type": "dictionary_decompounder"}, "word_list must be provided"),
    ],
)
def test_settings_that_analysis_common_refuses_are_refused(client, broken, reason):
    """As on a full distribution, an index whose analyser has such a filter is not created."""
    name = f"test-analysis-broken-{uuid.uuid4().hex}"
    analysis = {
        "filter": {"broken": broken},
        "analyzer": {"broken": {"tokenizer": "standard", "filter": ["broken"]}},
    }
    try:
        with pytest.raises(BadRequestError, match=re.escape(reason)):
            client.indices.create(index=name, settings={"analysis": analysis})
    finally:
        client.indices.delete(index=name, ignore_unavailable=True)
