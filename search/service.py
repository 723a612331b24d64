"""The site search: one service over every findable thing, answered by Elasticsearch where the
site has it and by the database otherwise."""

import logging
import re

from django.conf import settings

from .engines.database import DatabaseEngine
from .models import SearchEntry, SearchFacet
from .registry import findables
from .results import FACETS, SORTS, Request
from .text import cleaned

logger = logging.getLogger(__name__)

MAX_FILTER_LENGTH = 100
YEAR = re.compile(r"[0-9]{4}")


def kind_labels():
    return {findable.kind: findable.label for findable in findables()}


def label_of(name, value, language):
    """The visitor's name of a facet value, or None when the index knows no such value."""
    if name == "type":
        label = kind_labels().get(value)
        return str(label) if label else None
    entries = SearchEntry.objects.filter(language=language)
    if name == "year":
        known = YEAR.fullmatch(value) and entries.filter(year=int(value)).exists()
        return value if known else None
    return (
        SearchFacet.objects.filter(entry__in=entries, facet=name, value=value)
        .values_list("label", flat=True)
        .first()
    )


def chosen_filters(filters, language):
    """The facet values a request chose, with their labels: known facets and values only,
    one short value each; anything else is ignored."""
    chosen = {}
    for name in FACETS:
        value = (filters or {}).get(name)
        if not isinstance(value, str) or not value or len(value) > MAX_FILTER_LENGTH:
            continue
        if cleaned(value) != value:
            continue
        label = label_of(name, value, language)
        if label is not None:
            chosen[name] = (value, label)
    return chosen


def search(query, *, language, filters=None, page=1, sort="relevance"):
    """Hits for ``query`` in ``language`` with highlighted snippets, facet counts and the
    total; ``filters`` choose one value of any facet (``FACETS``), unknown ones are ignored;
    a page past the end gives the last page."""
    chosen = chosen_filters(filters, language)
    request = Request(
        query=query or "",
        language=language,
        filters={name: value for name, (value, _label) in chosen.items()},
        page=page,
        sort=sort if sort in SORTS else "relevance",
    )
    results = answered(request)
    results.chosen = chosen
    return results


def answered(request):
    """The results of the site's engine; the database's when Elasticsearch is down, slow or
    resting after a failure."""
    labels = kind_labels()
    if settings.ELASTICSEARCH_URL:
        from .engines import elasticsearch

        if elasticsearch.breaker.allows():
            try:
                results = elasticsearch.ElasticsearchEngine(labels).search(request)
            except elasticsearch.Unavailable as error:
                elasticsearch.breaker.failed()
                logger.warning("Elasticsearch did not answer; searching the database: %s", error)
            except Exception:
                # A mistake of ours, not the node's: the visitor still gets results.
                elasticsearch.breaker.succeeded()
                logger.exception("Elasticsearch search failed; searching the database")
            else:
                elasticsearch.breaker.succeeded()
                return results
    return DatabaseEngine(labels).search(request)


SUGGESTIONS = 6


def suggestions(query, *, language):
    """The best few hits for what a visitor has typed so far, for the search box."""
    request = Request(
        query=query or "", language=language, page_size=SUGGESTIONS, with_facets=False
    )
    return answered(request).hits
