"""The site's error pages: its look, the visitor's language, and nothing about the cause.

400, 500 and 503 use a layout that needs no database, because a broken request or a failing
database is what brought them; 403, 404 and 405 have the whole page around them.
"""

import sys
from math import ceil

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.utils.log import log_response
from django.views.decorators.csrf import requires_csrf_token

from cms.storage import MediaStoreUnavailable

# What a lost or refusing database raises: the server is down, restarting or full.
DATABASE_LOST = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def _error_page(request, template, status):
    return render(request, template, {"error_page": True}, status=status)


@requires_csrf_token
def bad_request(request, exception):
    return render(request, "errors/400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception):
    return _error_page(request, "errors/403.html", 403)


def csrf_failure(request, reason=""):
    return _error_page(request, "errors/403_csrf.html", 403)


def page_not_found(request, exception):
    return _error_page(request, "errors/404.html", 404)


def method_not_allowed(request, allowed_methods):
    response = _error_page(request, "errors/405.html", 405)
    response["Allow"] = ", ".join(allowed_methods)
    log_response(
        "Method Not Allowed (%s): %s",
        request.method,
        request.path,
        response=response,
        request=request,
    )
    return response


def come_back_later(request, template):
    response = render(request, template, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@requires_csrf_token
def server_error(request):
    """The 500 page; a 503 that asks the visitor to come back when the database or the store of
    uploads could not be reached (each is tried anew on the next request, so the site recovers
    by itself). Django calls this while it handles the exception, which ``sys.exc_info``
    gives."""
    failure = sys.exc_info()[1]
    if isinstance(failure, MediaStoreUnavailable):
        return come_back_later(request, "errors/503_store.html")
    if isinstance(failure, DATABASE_LOST):
        return come_back_later(request, "errors/503.html")
    return render(request, "errors/500.html", status=500)


def too_many_requests(request):
    return _error_page(request, "errors/429.html", 429)


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a login from a locked-out address or for a locked-out account."""
    minutes = ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(
        request,
        "errors/login_locked.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes},
        status=429,
    )
