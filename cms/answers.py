"""Answers that Django drew once, served again by the WSGI application before Django's
middleware and URL resolver run: for addresses that programs and people ask for far more often
than they change (the badge address), where a check has to cost little more than one round
trip to the shared cache.

A *route* (see ``members.badge_answers``) recognises its requests and either answers one from
what it keeps, or lets Django answer it and offers to keep that answer. The view then hands
over what is to be kept (``offer``), and this layer keeps it with the status and the headers
of Django's finished response, so that every header the middleware set (security headers,
``Vary``, ``Content-Language``, caching) is sent again as it was, except the request id, which
each request gets its own of. A response that sets a cookie, that a cache must not share
(``Cache-Control: private``, ``no-store``, ``no-cache``), or with any status but 200, is never
kept. A route may keep a whole body as Django sent it (``offer(request, BODY)``, the pages of
``cms.page_answers``) or its own form of it (the badge's, which each check completes).

A route receives only ``GET`` requests, and only what Django itself would accept: it builds
its request with Django's ``WSGIRequest``, so the host and scheme are checked as Django checks
them (``ALLOWED_HOSTS``, ``SECURE_PROXY_SSL_HEADER``).
"""

from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.utils.module_loading import import_string

from cms.logging import request_id_from

OFFER = "cms.answers.offer"
# What a view offers when the body it sent is to be kept as it is.
BODY = object()
# Headers that belong to one response only: each answer gets its own.
NOT_KEPT_HEADERS = {"content-length", "x-request-id"}
NOT_SHARED = ("private", "no-store", "no-cache")


@dataclass(frozen=True)
class Answer:
    """A kept answer: Django's status line and headers (without ``Content-Length``) and the
    route's own form of the body, which the route completes for each request."""

    status: str
    headers: tuple[tuple[str, str], ...]
    content: object


class Offer:
    """What a route leaves in the request for the view: ``keep`` stores the answer once the
    view has ``offer``-ed its content and Django has finished the response."""

    def __init__(self, keep):
        self.keep = keep
        self.content = None


def offer(request, content=BODY):
    """Offer ``content`` (the route's form of the body, or ``BODY``: the body as sent) to be
    kept, when the request came through this layer and a route is waiting for it; otherwise
    nothing happens."""
    pending = request.environ.get(OFFER)
    if pending is not None:
        pending.content = content


def is_shared(cache):
    """Whether every app server reads ``cache`` (Redis), not only this process (its memory)."""
    return not isinstance(cache, LocMemCache | DummyCache)


def keep_for_visitors(view):
    """A view whose answers may be kept for every visitor who brings nothing of their own:
    what it shows depends on the address alone, never on the visitor."""

    @wraps(view)
    def offering(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        offer(request)
        return response

    return offering


def keepable(status, headers):
    if not status.startswith("200 "):
        return False
    for name, value in headers:
        name = name.lower()
        if name == "set-cookie":
            return False
        if name == "cache-control" and any(word in value.lower() for word in NOT_SHARED):
            return False
    return True


class StoredAnswers:
    """WSGI middleware around Django's application; ``routes`` are asked in order. A route's
    ``answer(request)`` returns ``(status, headers, body)`` to send, or ``None`` to let Django
    answer, after leaving an ``Offer`` in ``request.environ[OFFER]`` if the answer is to be
    kept."""

    def __init__(self, application, routes):
        self.application = application
        self.routes = routes

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "GET":
            for route in self.routes:
                if not route.recognises(environ.get("PATH_INFO", "")):
                    continue
                request = WSGIRequest(environ)
                try:
                    request.get_host()
                except DisallowedHost:
                    break
                answered = route.answer(request)
                if answered is not None:
                    status, headers, body = answered
                    start_response(status, headers)
                    return [body]
                break
        pending = environ.get(OFFER)
        if pending is None:
            return self.application(environ, start_response)
        finished = {}

        def noting_start_response(status, headers, exc_info=None):
            finished.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        response = self.application(environ, noting_start_response)
        if pending.content is None or not keepable(finished["status"], finished["headers"]):
            return response
        content = pending.content
        if content is BODY:
            try:
                content = b"".join(response)
            finally:
                if hasattr(response, "close"):
                    response.close()
            response = [content]
        headers = tuple(
            (name, value)
            for name, value in finished["headers"]
            if name.lower() not in NOT_KEPT_HEADERS
        )
        pending.keep(Answer(finished["status"], headers, content))
        return response


def serving_stored_answers(application):
    """``application`` behind the routes named in ``settings.STORED_ANSWER_ROUTES``."""
    return StoredAnswers(
        application, [import_string(route)() for route in settings.STORED_ANSWER_ROUTES]
    )


def with_headers(answer, body, request):
    """``answer``'s status and headers for ``body``, the bytes to send, with the id of
    ``request``, named as ``cms.middleware.RequestIdMiddleware`` names Django's."""
    return (
        answer.status,
        [
            *answer.headers,
            ("Content-Length", str(len(body))),
            ("X-Request-ID", request_id_from(request.headers.get("X-Request-ID"))),
        ],
        body,
    )
