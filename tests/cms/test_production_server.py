"""The production profile as it runs: gunicorn with the project's configuration file."""

import json
import re
import socket
import threading
import time
from urllib.parse import urlencode

import pytest

from tests import helpers
from tests.helpers import ProductionSite

EDITOR_PASSWORD = "ein-langes-redaktionspasswort"
# The site thinks it is behind one proxy that terminates TLS, as in production.
PROXIED = {"Host": "localhost", "X-Forwarded-Proto": "https"}


pytestmark = pytest.mark.standalone


@pytest.fixture(scope="module")
def site(tmp_path_factory, migrated_sqlite):
    site = ProductionSite(tmp_path_factory.mktemp("production"), DJANGO_PROXY_COUNT="1")
    site.prepare(migrated_sqlite)
    for editor in ("redaktion", "lektorat", "grafik", "technik", "presse"):
        site.create_editor(editor, EDITOR_PASSWORD)
    site.start()
    yield site
    site.stop()


def fetch(site, method, path, headers=None, body=None, timeout=10):
    return helpers.fetch(site.port, method, path, headers, body, timeout=timeout)


def log_in(site, username, password, client_address):
    """One attempt through the admin's login form, as a browser behind the proxy sends it."""
    headers = {**PROXIED, "X-Forwarded-For": client_address}
    _, page_headers, page = fetch(site, "GET", "/admin/login/", headers)
    cookie = re.search(r"csrftoken=([^;]+)", page_headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": ""}
    )
    status, _, content = fetch(
        site,
        "POST",
        "/admin/login/",
        {
            **headers,
            "Cookie": f"csrftoken={cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": "https://localhost",
            "Referer": "https://localhost/admin/login/",
        },
        form,
    )
    return status, content


class SlowClient(threading.Thread):
    """Opens a request and sends one header line a second, never finishing it."""

    def __init__(self, port, stop):
        super().__init__(daemon=True)
        self.socket = socket.create_connection(("127.0.0.1", port))
        self.stop = stop

    def run(self):
        try:
            self.socket.sendall(b"GET /admin/login/ HTTP/1.1\r\nHost: localhost\r\n")
            while not self.stop.wait(1):
                self.socket.sendall(b"X-Slowly: yes\r\n")
        except OSError:
            pass
        finally:
            self.socket.close()


def test_normal_requests_are_answered_while_slow_clients_hold_connections(site):
    stop = threading.Event()
    slow_clients = [SlowClient(site.port, stop) for _ in range(6)]
    for client in slow_clients:
        client.start()
    try:
        time.sleep(1.5)
        # Each would wait behind the slow clients, far beyond this timeout, with sync workers.
        statuses = [fetch(site, "GET", "/admin/login/", PROXIED, timeout=5)[0] for _ in range(5)]
    finally:
        stop.set()
    assert statuses == [200] * 5


def test_repeated_failures_lock_out_the_address_with_a_clear_message(site):
    for _ in range(4):
        status, content = log_in(site, "redaktion", "falsch", "203.0.113.7")
        assert status == 200
        assert "Ihr Benutzername und Ihr Passwort wurden nicht erkannt" in content

    fifth_failure = log_in(site, "redaktion", "falsch", "203.0.113.7")
    status, content = log_in(site, "lektorat", EDITOR_PASSWORD, "203.0.113.7")

    assert fifth_failure[0] == 429
    assert status == 429
    assert "Zu viele fehlgeschlagene Anmeldungen" in content
    assert "Bitte warten Sie 15 Minuten" in content
    assert log_in(site, "lektorat", EDITOR_PASSWORD, "203.0.113.99")[0] == 302


def test_repeated_failures_for_one_account_lock_it_from_every_address(site):
    for attempt in range(5):
        log_in(site, "grafik", "falsch", f"198.51.100.{attempt + 1}")

    status, content = log_in(site, "grafik", EDITOR_PASSWORD, "198.51.100.200")

    assert status == 429
    assert "Zu viele fehlgeschlagene Anmeldungen" in content


def test_logging_in_to_ones_own_account_does_not_clear_an_addresses_failures(site):
    statuses = []
    for target in ("anna", "bert", "carla", "dora", "emil"):
        statuses.append(log_in(site, target, "geraten", "203.0.113.50")[0])
        statuses.append(log_in(site, "presse", EDITOR_PASSWORD, "203.0.113.50")[0])

    assert statuses[:8] == [200, 302] * 4
    assert statuses[8:] == [429, 429]


def test_staff_logins_are_logged_with_user_name_and_client_address(site):
    log_in(site, "technik", "vertippt", "192.0.2.10")
    log_in(site, "technik", EDITOR_PASSWORD, "192.0.2.11")

    # A password typed into the user name field is not logged.
    log_in(site, EDITOR_PASSWORD, "x", "192.0.2.12")
    # A forged X-Forwarded-For that is no address does not replace the connecting one.
    log_in(site, "niemand", "x", "<script>")

    log = site.log_text()
    assert "login failed for user name 'technik' from 192.0.2.10 at /admin/login/" in log
    assert "login of 'technik' from 192.0.2.11 at /admin/login/" in log
    assert "login failed for an unknown user name from 192.0.2.12 at /admin/login/" in log
    assert "login failed for an unknown user name from 127.0.0.1 at /admin/login/" in log
    assert "vertippt" not in log
    assert EDITOR_PASSWORD not in log


def log_records_once(site, written, timeout=5):
    """The server's log records as soon as one of them is ``written``: gunicorn writes a
    request's access line after it has sent the response."""
    deadline = time.monotonic() + timeout
    while True:
        records = [json.loads(line) for line in site.log_text().splitlines() if line]
        if any(written(record) for record in records) or time.monotonic() > deadline:
            return records
        time.sleep(0.05)


def test_a_forged_host_is_one_log_record_and_every_record_is_json_with_utc_time(site):
    status, headers, _ = fetch(
        site,
        "GET",
        "/de/",
        {**PROXIED, "Host": "forged.example.com", "X-Request-ID": "proxy-4711"},
    )

    assert status == 400
    assert headers["X-Request-ID"] == "proxy-4711"
    records = log_records_once(
        site,
        lambda record: (
            record["logger"] == "gunicorn.access" and record.get("request_id") == "proxy-4711"
        ),
    )
    stamped = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
    assert all(stamped.match(record["time"]) for record in records)
    [forged] = [record for record in records if "forged.example.com" in record["message"]]
    assert forged["message"].startswith("Invalid HTTP_HOST header: 'forged.example.com'")
    assert (forged["logger"], forged["request_id"]) == (
        "django.security.DisallowedHost",
        "proxy-4711",
    )
    assert "exception" not in forged
    [access] = [
        record
        for record in records
        if record["logger"] == "gunicorn.access" and record.get("request_id") == "proxy-4711"
    ]
    assert '"GET /de/ HTTP/1.1" 400' in access["message"]


def test_each_request_gets_an_id_of_its_own_unless_the_proxy_gave_a_plain_one(site):
    ids = {fetch(site, "GET", "/de/", PROXIED)[1]["X-Request-ID"] for _ in range(3)}
    _, headers, _ = fetch(site, "GET", "/de/", {**PROXIED, "X-Request-ID": "<script>"})

    assert len(ids) == 3
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])


def test_the_health_endpoint_answers_a_load_balancer_by_internal_address(site):
    status, headers, body = fetch(site, "GET", "/health/", {"Host": "10.0.0.5:8001"})

    assert status == 200
    assert headers["Cache-Control"] == "no-store"
    assert json.loads(body) == {
        "status": "up",
        "database": "up",
        "cache": "up",
        "search": "up",
        "tasks": "up",
        "media": "up",
    }


def test_https_is_required_and_cookies_travel_over_it_only(site):
    plain_status, plain_headers, _ = fetch(site, "GET", "/de/", {"Host": "localhost"})
    _, headers, _ = fetch(site, "GET", "/admin/login/", PROXIED)

    assert plain_status == 301
    assert plain_headers["Location"] == "https://localhost/de/"
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    cookies = headers.get_all("Set-Cookie")
    assert cookies and all("; Secure" in cookie for cookie in cookies)
    assert all("; HttpOnly" in cookie for cookie in cookies if cookie.startswith("sessionid"))


def test_static_files_are_hashed_compressed_and_kept_by_browsers_for_a_year(site):
    _, _, page = fetch(site, "GET", "/de/gibt-es-nicht/", PROXIED)
    stylesheets = re.findall(r'href="(/static/css/site[^"]*)"', page)
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", stylesheets[0])

    status, headers, _ = fetch(
        site, "HEAD", stylesheets[0], {**PROXIED, "Accept-Encoding": "br, gzip"}
    )

    assert status == 200
    assert headers["Content-Encoding"] in ("br", "gzip")
    assert "max-age=315360000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]
