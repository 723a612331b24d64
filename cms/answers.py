"""Answers that Django drew once, served again by the WSGI application before Django's
middleware and URL resolver run: for addresses that programs and people ask for far more often
than they change (the badge address), where a check has to cost little more than one round
trip to the shared cache.

A *route* (see ``members.badge_answers``) recognises its requests and either answers one from
what it keeps, or lets Django answer it and offers to keep that answer. The view then hands
over what is to be kept (``offer``), and this layer keeps it with the status and the headers
of Django's finished response, so that every header the middleware set (security headers,
``Vary``, ``Content-Language``, caching) is sent again as it was. A response that sets a
cookie, or any status but 200, is never kept.

A route receives only ``GET`` requests, and only what Django itself would accept: it builds
its request with Django's ``WSGIRequest``, so the host and scheme are checked as Django checks
them (``ALLOWED_HOSTS``, ``SECURE_PROXY_SSL_HEADER``).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.utils.module_loading import import_string

OFFER = "cms.answers.offer"


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


def offer(request, content):
    """Offer ``content`` (the route's form of the body) to be kept, when the request came
    through this layer and a route is waiting for it; otherwise nothing happens."""
    pending = request.environ.get(OFFER)
    if pending is not None:
        pending.content = content


def keepable(status, headers):
    return status.startswith("200 ") and not any(
        name.lower() == "set-cookie" for name, _value in headers
    )


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
        if pending.content is not None and keepable(finished["status"], finished["headers"]):
            headers = tuple(
                (name, value)
                for name, value in finished["headers"]
                if name.lower() != "content-length"
            )
            pending.keep(Answer(finished["status"], headers, pending.content))
        return response


def serving_stored_answers(application):
    """``application`` behind the routes named in ``settings.STORED_ANSWER_ROUTES``."""
    return StoredAnswers(
        application, [import_string(route)() for route in settings.STORED_ANSWER_ROUTES]
    )


def with_headers(answer, body):
    """``answer``'s status and headers for ``body``, the bytes to send."""
    return answer.status, [*answer.headers, ("Content-Length", str(len(body)))], body
