"""Editors' picks for a query (Wagtail's search promotions) and the queries visitors ask most.
A search counts its query in the process's memory; the counts go to the database together,
at most once a minute, so that searching writes nothing on every request."""

import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale
from wagtail.search.utils import normalise_query_string

FLUSH_EVERY_SECONDS = 60
LONGEST_RECORDED_QUERY = 100
POPULAR_SHOWN = 8
POPULAR_DAYS = 90
POPULAR_CACHE_KEY = "search-popular-queries"

_lock = threading.Lock()
_counted = Counter()
_last_flush = time.monotonic()


@dataclass
class Promotion:
    title: str
    url: str
    description: str


def promoted(query_text, language):
    """The editors' picks for the query, each page in the visitor's language where it has
    one; picks of pages that are not live are left out."""
    normalised = normalise_query_string(query_text)
    if not normalised:
        return []
    locale = Locale.objects.filter(language_code=language).first()
    picks = (
        SearchPromotion.objects.filter(query__query_string=normalised)
        .select_related("page")
        .order_by("sort_order")
    )
    promotions = []
    for pick in picks:
        if pick.page_id:
            page = pick.page.get_translation_or_none(locale) if locale else None
            page = page or pick.page
            if not page.live:
                continue
            promotions.append(Promotion(page.title, page.url, pick.description))
        elif pick.external_link_url:
            promotions.append(
                Promotion(pick.external_link_text, pick.external_link_url, pick.description)
            )
    return promotions


def count(query_text):
    """Count a search that found something; every minute the counts go to the database."""
    normalised = normalise_query_string(query_text)
    if not normalised or len(normalised) > LONGEST_RECORDED_QUERY:
        return
    global _last_flush
    with _lock:
        _counted[normalised] += 1
        due = time.monotonic() - _last_flush >= FLUSH_EVERY_SECONDS
        if due:
            counts = dict(_counted)
            _counted.clear()
            _last_flush = time.monotonic()
    if due:
        from .tasks import record_query_hits

        transaction.on_commit(lambda: record_query_hits.enqueue(counts))


def record(counts, today=None):
    today = today or timezone.localdate()
    with transaction.atomic():
        for query_string, hits in counts.items():
            query = Query.get(query_string)
            daily, _created = query.daily_hits.get_or_create(date=today)
            # Other workers add their minutes' counts to the same row.
            type(daily).objects.filter(pk=daily.pk).update(hits=F("hits") + hits)
    cache.delete(POPULAR_CACHE_KEY)


def popular():
    """The queries asked most in the last months, for the empty search page."""

    def most_popular():
        since = timezone.localdate() - timedelta(days=POPULAR_DAYS)
        return [
            query.query_string for query in Query.get_most_popular(date_since=since)[:POPULAR_SHOWN]
        ]

    return cache.get_or_set(POPULAR_CACHE_KEY, most_popular, timeout=3600)
