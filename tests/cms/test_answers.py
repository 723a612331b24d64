"""The WSGI layer that serves kept answers before Django: what it keeps and what it never does."""

import re

from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory

from cms import answers


class Remembering:
    """A route that keeps every answer offered, for any address below /kept/."""

    def __init__(self):
        self.kept = None

    def recognises(self, path):
        return path.startswith("/kept/")

    def answer(self, request):
        if self.kept is not None:
            content = self.kept.content
            body = content if isinstance(content, bytes) else content.encode()
            return answers.with_headers(self.kept, body, request)
        request.environ[answers.OFFER] = answers.Offer(self.keep)
        return None

    def keep(self, answer):
        self.kept = answer


def django_answering(status, headers):
    """An application standing in for Django: offers its body to be kept, counts its calls."""

    def application(environ, start_response):
        application.calls += 1
        answers.offer(WSGIRequest(environ), f"call {application.calls}")
        start_response(status, [*headers, ("Content-Length", "6")])
        return [f"call {application.calls}".encode()]

    application.calls = 0
    return application


def send(layer, path="/kept/one", method="GET", **headers):
    environ = RequestFactory().generic(method, path, **headers).environ
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    body = b"".join(layer(environ, start_response))
    return started["status"], started["headers"], body


def test_a_kept_answer_is_sent_again_with_its_status_and_headers():
    django = django_answering("200 OK", [("X-Frame-Options", "DENY")])
    layer = answers.StoredAnswers(django, [Remembering()])

    send(layer)
    status, headers, body = send(layer)

    assert (status, body, django.calls) == ("200 OK", b"call 1", 1)
    request_id = headers.pop("X-Request-ID")
    assert headers == {"X-Frame-Options": "DENY", "Content-Length": "6"}
    assert re.fullmatch("[0-9a-f]{32}", request_id)


def test_each_kept_answer_carries_the_id_of_its_own_request():
    django = django_answering("200 OK", [("X-Request-ID", "erste")])
    layer = answers.StoredAnswers(django, [Remembering()])

    send(layer, HTTP_X_REQUEST_ID="erste")
    _status, headers, _body = send(layer, HTTP_X_REQUEST_ID="zweite")

    assert headers["X-Request-ID"] == "zweite"


def test_an_answer_that_sets_a_cookie_or_is_no_success_is_never_kept():
    for status, headers in [
        ("200 OK", [("Set-Cookie", "csrftoken=meins; Path=/")]),
        ("200 OK", [("Cache-Control", "private, no-cache")]),
        ("200 OK", [("Cache-Control", "no-store")]),
        ("404 Not Found", []),
    ]:
        django = django_answering(status, headers)
        layer = answers.StoredAnswers(django, [Remembering()])

        send(layer)
        _status, _headers, body = send(layer)

        assert (body, django.calls) == (b"call 2", 2)


def test_only_get_requests_to_a_routes_addresses_from_allowed_hosts_are_answered():
    django = django_answering("200 OK", [])
    layer = answers.StoredAnswers(django, [Remembering()])
    send(layer)

    head = send(layer, method="HEAD")
    post = send(layer, method="POST")
    elsewhere = send(layer, path="/other/")
    forged_host = send(layer, HTTP_HOST="angreifer.example")

    assert [reply[2] for reply in (head, post, elsewhere, forged_host)] == [
        b"call 2",
        b"call 3",
        b"call 4",
        b"call 5",
    ]


def test_a_body_offered_as_sent_is_kept_as_sent():
    def django(environ, start_response):
        django.calls += 1
        answers.offer(WSGIRequest(environ))
        start_response("200 OK", [("Content-Type", "text/html")])
        return [b"<p>", f"Seite {django.calls}".encode(), b"</p>"]

    django.calls = 0
    layer = answers.StoredAnswers(django, [Remembering()])

    first = send(layer)
    again = send(layer)

    assert first[2] == again[2] == b"<p>Seite 1</p>"
    assert (django.calls, again[1]["Content-Length"]) == (1, "14")
