"""Log records as single lines with UTC time stamps, for Django and gunicorn alike: text for a
person at a terminal, or JSON objects for a log collector (``DJANGO_LOG_FORMAT=json``, the
production default). Every record written while a request is answered carries its request id.

Django sets the process's time zone to ``TIME_ZONE``, so local time stamps would jump between
the master process (before Django loads) and the workers; UTC is the same everywhere.
"""

import json
import logging
import os
import re
import time
import uuid
from contextvars import ContextVar

from django.core.exceptions import ImproperlyConfigured

LOG_FORMATS = ("text", "json")
# The id of the request being answered in this thread, for every record logged meanwhile.
current_request_id = ContextVar("current_request_id", default=None)
# What a proxy in front may hand on as the request's id; anything else is replaced.
GIVEN_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# gunicorn's name, in its access log atoms, for the response header that carries the id.
ACCESS_REQUEST_ID = "{x-request-id}o"


def log_format(default):
    """``DJANGO_LOG_FORMAT``, for Django's settings and gunicorn's configuration alike."""
    chosen = os.environ.get("DJANGO_LOG_FORMAT", default)
    if chosen not in LOG_FORMATS:
        raise ImproperlyConfigured(
            f"DJANGO_LOG_FORMAT={chosen!r} is not a log format; expected text or json"
        )
    return chosen


def request_id_from(header):
    """The proxy's id of the request when it is a plain one, else a new one."""
    if header and GIVEN_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class UTCFormatter(logging.Formatter):
    converter = time.gmtime
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"

    def __init__(self, fmt="%(asctime)s %(levelname)s [%(name)s] %(message)s", **kwargs):
        super().__init__(fmt, **kwargs)


class WithoutTraceback(logging.Filter):
    """Keep the message, drop the traceback: for records whose cause is the client's input."""

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True


class WithRequestId(logging.Filter):
    """Gives each record the id of the request being answered (None outside a request)."""

    def filter(self, record):
        record.request_id = current_request_id.get()
        return True


class JSONFormatter(logging.Formatter):
    """One JSON object per record: time (UTC), level, logger, message, the request id, and the
    traceback, if any, as text."""

    def format(self, record):
        fields = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = self.request_id_of(record)
        if request_id:
            fields["request_id"] = request_id
        if record.exc_info:
            fields["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            fields["exception"] = record.exc_text
        return json.dumps(fields, ensure_ascii=False)

    def request_id_of(self, record):
        request_id = getattr(record, "request_id", None)
        if request_id is None and isinstance(record.args, dict):
            # gunicorn's access lines: the id the site answered with, in the atoms.
            request_id = record.args.get(ACCESS_REQUEST_ID)
        return request_id if request_id and request_id != "-" else None


def formatter_for(log_format_name):
    """The ``formatters`` entry of a logging configuration for the chosen format."""
    if log_format_name == "json":
        return {"()": "cms.logging.JSONFormatter"}
    return {"()": "cms.logging.UTCFormatter"}
