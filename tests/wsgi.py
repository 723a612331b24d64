"""Requests as gunicorn hands them to the site: to the WSGI application with its layer of kept
answers (``cms.answers``) in front of Django's handler. Django's test client starts below it,
at the handler, and so never meets that layer."""

import json
from dataclasses import dataclass

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.utils.datastructures import CaseInsensitiveMapping

from cms.answers import serving_stored_answers


@dataclass
class WsgiResponse:
    status_code: int
    headers: CaseInsensitiveMapping
    content: bytes

    def __getitem__(self, name):
        return self.headers[name]

    def json(self):
        return json.loads(self.content)


class SiteApplication:
    def __init__(self):
        self.application = serving_stored_answers(WSGIHandler())

    def get(self, path, **headers):
        """``headers`` as for Django's test client: ``HTTP_ACCEPT="…"``."""
        return self.request(RequestFactory().get(path, **headers).environ)

    def request(self, environ):
        started = {}

        def start_response(status, headers, exc_info=None):
            started.update(status=status, headers=headers)

        # As Django's test client does: the test's transaction must outlive the request.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            body = self.application(environ, start_response)
            try:
                content = b"".join(body)
            finally:
                if hasattr(body, "close"):
                    body.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return WsgiResponse(
            status_code=int(started["status"].split(" ", 1)[0]),
            headers=CaseInsensitiveMapping(started["headers"]),
            content=content,
        )
