"""Log records as a log collector reads them: JSON objects with the request's id."""

import io
import json
import logging
import sys

import pytest

from cms.logging import JSONFormatter, WithRequestId
from tests.helpers import manage


@pytest.fixture
def json_log():
    """What the DisallowedHost logger writes, as the production profile formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(WithRequestId())
    handler.setFormatter(JSONFormatter())
    logger = logging.getLogger("django.security.DisallowedHost")
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)


def test_a_record_logged_while_a_request_is_answered_carries_its_id(client, json_log):
    response = client.get("/de/", HTTP_HOST="forged.example.com", HTTP_X_REQUEST_ID="lb-17")

    [record] = json_log()
    assert response["X-Request-ID"] == "lb-17"
    assert record["request_id"] == "lb-17"
    assert record["level"] == "ERROR"
    assert "forged.example.com" in record["message"]


def test_a_traceback_is_one_field_of_one_line():
    try:
        raise ValueError("kaputt")
    except ValueError:
        record = logging.LogRecord("cms", logging.ERROR, "", 0, "failed: %s", ("ä",), None)
        record.exc_info = sys.exc_info()
    line = JSONFormatter().format(record)

    assert "\n" not in line
    fields = json.loads(line)
    assert fields["message"] == "failed: ä"
    assert fields["exception"].startswith("Traceback")
    assert "ValueError: kaputt" in fields["exception"]
    assert "request_id" not in fields


def test_an_unknown_log_format_stops_start_up_with_one_line():
    result = manage("check", DJANGO_LOG_FORMAT="xml")

    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "DJANGO_LOG_FORMAT='xml' is not a log format; expected text or json" in result.stderr
