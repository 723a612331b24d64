"""Elasticsearch down or slow: visitors still get results, from the database; index writes
it refused wait and are written when it is back. The faults are real: a port nobody listens
on, and a server that accepts connections and never answers."""

import json
import logging
import socket
import threading
from contextlib import contextmanager

import pytest
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Page, Site

from search import sync
from search.engines import elasticsearch
from search.models import IndexChange
from search.service import search
from tests.conftest import elasticsearch_url
from tests.factories.blog import BlogIndexPageFactory, BlogPostPageFactory
from tests.factories.home import HomePageFactory
from tests.helpers import parse

pytestmark = pytest.mark.django_db


@contextmanager
def elasticsearch_at(url):
    with override_settings(ELASTICSEARCH_URL=url, ELASTICSEARCH_TIMEOUT=0.5):
        elasticsearch.client.cache_clear()
        elasticsearch.breaker.succeeded()
        try:
            yield
        finally:
            elasticsearch.client.cache_clear()
            elasticsearch.breaker.succeeded()


@contextmanager
def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    yield f"http://127.0.0.1:{port}"


@contextmanager
def silent_server():
    """Accepts connections and never answers, like a node that hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()


@pytest.fixture
def blog(db):
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update(root_page=home)
    return BlogIndexPageFactory(parent=home)


@pytest.fixture
def post(blog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post = BlogPostPageFactory(parent=blog, title="Windkraft im Bürgerbesitz")
        post.save_revision().publish()
    return post


@pytest.mark.parametrize("fault", [closed_port, silent_server])
def test_a_node_that_is_down_or_hangs_leaves_the_answer_to_the_database(
    post, client, caplog, fault
):
    with fault() as url, elasticsearch_at(url), caplog.at_level(logging.WARNING):
        response = client.get("/de/suche/", {"q": "Windkraft"})
        results = search("Windkraft", language="de")

    assert response.status_code == 200
    hits = [
        " ".join(hit.get_text().split()) for hit in parse(response).select(".search-hit__title")
    ]
    assert hits == ["Windkraft im Bürgerbesitz"]
    assert results.engine == "database"
    assert any("Elasticsearch did not answer" in record.message for record in caplog.records)


@pytest.mark.parametrize("fault", [closed_port, silent_server])
def test_the_health_check_reports_a_lost_node_and_the_server_still_taking_visitors(client, fault):
    with fault() as url, elasticsearch_at(url):
        response = client.get("/health/")

    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "degraded",
        "database": "up",
        "cache": "up",
        "search": "down",
        "tasks": "up",
        "media": "up",
    }


@pytest.mark.elasticsearch
def test_the_health_check_reports_a_running_node_up(client):
    with elasticsearch_at(elasticsearch_url()):
        response = client.get("/health/")

    assert (response.status_code, json.loads(response.content)["search"]) == (200, "up")


def test_after_a_failure_the_node_is_left_alone_for_a_while(post, caplog):
    with closed_port() as url, elasticsearch_at(url), caplog.at_level(logging.WARNING):
        search("Windkraft", language="de")
        assert not elasticsearch.breaker.allows()
        search("Windkraft", language="de")
        search("Windkraft", language="de")

    failures = [record for record in caplog.records if "did not answer" in record.message]
    assert len(failures) == 1


@pytest.mark.elasticsearch
def test_writes_a_down_node_refused_are_written_when_it_is_back(
    blog, django_capture_on_commit_callbacks
):
    url = elasticsearch_url()
    with override_settings(ELASTICSEARCH_INDEX="test-faults"):
        with closed_port() as down, elasticsearch_at(down):
            with django_capture_on_commit_callbacks(execute=True):
                post = BlogPostPageFactory(parent=blog, title="Genossenschaft baut Solarpark")
                post.save_revision().publish()
            change = IndexChange.objects.get()
            assert change.attempts == 1
            # The database took it: visitors find the post meanwhile.
            assert search("Solarpark", language="de").hits[0].url == post.url

        with elasticsearch_at(url):
            IndexChange.objects.update(next_attempt_at=timezone.now())
            try:
                assert sync.apply_due_changes() == 1
                results = search("Solarpark", language="de")
                assert (results.engine, results.hits[0].url) == ("elasticsearch", post.url)
            finally:
                for name in elasticsearch.client().indices.get(index="test-faults-*"):
                    elasticsearch.client().indices.delete(index=name)
    assert not IndexChange.objects.exists()
