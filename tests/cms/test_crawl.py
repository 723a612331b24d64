"""Every public address of the demo site, found as a visitor finds them (from the home pages,
by their links, and from the sitemap), answers without a server error and with the security
headers, and its pages keep to the Content-Security-Policy themselves."""

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest

from tests.cms.test_security import directives
from tests.helpers import parse

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

# Not a visitor's: the editors' admin, and what the web server serves in production.
NOT_CRAWLED = ("/admin/", "/django-admin/", "/media/", "/static/", "/documents/")
# Structured data (JSON-LD) is a data block, which browsers never run.
RUNNABLE_SCRIPT = re.compile(r'<script(?![^>]*\b(?:src=|type="application/ld\+json"))[^>]*>')
INLINE_STYLE = re.compile(r"<[^>]+\sstyle=")
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+=")


def links_of(response, path):
    if "html" not in response.get("Content-Type", ""):
        return []
    found = [urljoin(path, anchor["href"]) for anchor in parse(response).select("a[href]")]
    return [link for link in found if link.startswith("/")]


def sitemap_paths(client):
    sitemap = client.get("/sitemap.xml").content.decode()
    return [urlsplit(location).path for location in re.findall(r"<loc>([^<]+)</loc>", sitemap)]


def crawl(client):
    """{path: response} of every address reachable from the home pages and the sitemap."""
    queue = deque(["/de/", "/en/", *sitemap_paths(client)])
    seen, answers = set(queue), {}
    while queue:
        path = queue.popleft()
        response = client.get(path)
        answers[path] = response
        for link in links_of(response, path):
            address = urlsplit(link)
            target = address.path + (f"?{address.query}" if address.query else "")
            if target not in seen and not target.startswith(NOT_CRAWLED):
                seen.add(target)
                queue.append(target)
    return answers


@pytest.fixture(scope="module")
def crawled(shared_demo_content, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return crawl(Client())


def test_the_crawl_reaches_every_kind_of_public_page(crawled):
    paths = set(crawled)

    assert len(paths) > 60
    for expected in ("/de/suche/", "/de/mitglieder/", "/en/members/"):
        assert any(path.startswith(expected) for path in paths), expected


def test_no_public_address_answers_with_a_server_error(crawled):
    failed = {path: response.status_code for path, response in crawled.items()}
    assert {path: status for path, status in failed.items() if status >= 500} == {}


def test_every_public_address_sends_the_security_headers(crawled):
    missing = {}
    for path, response in crawled.items():
        lacking = [
            header
            for header, value in (
                ("X-Content-Type-Options", "nosniff"),
                ("Referrer-Policy", "same-origin"),
                ("X-Frame-Options", "SAMEORIGIN"),
            )
            if response.get(header) != value
        ]
        if "camera=()" not in response.get("Permissions-Policy", ""):
            lacking.append("Permissions-Policy")
        if "Content-Security-Policy" not in response:
            lacking.append("Content-Security-Policy")
        if lacking:
            missing[path] = lacking
    assert missing == {}


def test_every_public_page_allows_and_has_no_inline_script_or_style(crawled):
    breaking = {}
    for path, response in crawled.items():
        if "html" not in response.get("Content-Type", ""):
            continue
        policy = directives(response)
        content = response.content.decode()
        problems = [
            name
            for name, found in (
                ("script-src", policy.get("script-src") != ["'self'"]),
                ("style-src", policy.get("style-src") != ["'self'"]),
                ("inline script", RUNNABLE_SCRIPT.search(content)),
                ("style attribute", INLINE_STYLE.search(content)),
                ("event handler attribute", INLINE_HANDLER.search(content)),
            )
            if found
        ]
        if problems:
            breaking[path] = problems
    assert breaking == {}
