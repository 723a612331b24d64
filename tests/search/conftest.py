"""The search's behaviour suite runs against both engines: the database, and the real
Elasticsearch node that scripts/elasticsearch starts (scripts/test-all exports its address as
TEST_ELASTICSEARCH_URL, and TEST_ELASTICSEARCH_WAIT as how long it may still take to start)."""

import json
import os
import time
import urllib.request
import uuid

import pytest
from django.test import override_settings

from tests.conftest import service_missing

HEALTHY = {"green", "yellow"}


def node_is_healthy(url, wait_seconds):
    """Whether the cluster at ``url`` reports a yellow or green health within the wait (the
    integ-test distribution has no root endpoint to ping)."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_cluster/health", timeout=5) as answer:  # noqa: S310
                if json.load(answer).get("status") in HEALTHY:
                    return True
        except OSError:
            pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(1)


def elasticsearch_url():
    url = os.environ.get("TEST_ELASTICSEARCH_URL")
    if not url:
        service_missing(
            "TEST_ELASTICSEARCH_URL is not set; start a node with "
            "`scripts/elasticsearch start DIR` and export the URL it prints (scripts/test-all does)"
        )
    if not node_is_healthy(url, float(os.environ.get("TEST_ELASTICSEARCH_WAIT", "0"))):
        service_missing(f"Elasticsearch at {url} does not report a yellow or green cluster")
    return url


@pytest.fixture(scope="module", params=["database", "elasticsearch"])
def engine(request):
    """The engine the module's searches go to, each module's Elasticsearch indexes of its own
    (a unique prefix), removed afterwards."""
    from search.engines import elasticsearch

    if request.param == "database":
        yield "database"
        return
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    with override_settings(ELASTICSEARCH_URL=elasticsearch_url(), ELASTICSEARCH_INDEX=prefix):
        elasticsearch.client.cache_clear()
        elasticsearch.breaker.succeeded()
        try:
            yield "elasticsearch"
        finally:
            made = elasticsearch.client().indices.get(index=f"{prefix}-*")
            for name in made:
                elasticsearch.client().indices.delete(index=name)
            elasticsearch.client.cache_clear()
