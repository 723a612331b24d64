"""Security defaults that every page and the admin start from."""

import re
import shutil
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from tests.helpers import fetch, manage, unused_port, wait_for_port, without_project_variables

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.parametrize("path", ["/de/", "/en/", "/de/gibt-es-nicht/"])
def test_public_pages_allow_no_inline_script_or_style(client, home_pages, path):
    response = client.get(path)
    policy = directives(response)
    content = response.content.decode()

    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    # The pages keep to the policy themselves. Structured data (JSON-LD) is a data block,
    # which browsers never run.
    runnable = r'<script(?![^>]*\b(?:src=|type="application/ld\+json"))[^>]*>'
    assert re.findall(runnable, content) == []
    assert re.findall(r"<[^>]+\sstyle=", content) == []
    assert re.findall(r"<[^>]+\son[a-z]+=", content) == []


def test_every_response_says_what_the_browser_must_not_do(client, home_pages):
    response = client.get("/de/")

    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_the_admin_has_its_own_policy_that_keeps_it_working(client, db):
    policy = directives(client.get("/admin/login/"))

    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"]


def test_the_admin_reaches_no_other_server(client, admin_user):
    client.force_login(admin_user)

    dashboard = client.get("/admin/").content.decode()
    with override_settings(
        WAGTAIL_ENABLE_UPDATE_CHECK=True, WAGTAIL_GRAVATAR_PROVIDER_URL="//www.gravatar.com/avatar"
    ):
        wagtails_default = client.get("/admin/").content.decode()

    # The update check is a script that Wagtail's upgrade panel starts.
    assert 'data-controller="w-upgrade' not in dashboard
    assert "gravatar.com" not in dashboard
    assert 'data-controller="w-upgrade' in wagtails_default
    assert "gravatar.com" in wagtails_default


def test_password_reset_mails_to_one_address_are_limited(client, admin_user):
    for _ in range(25):
        response = client.post("/admin/password_reset/", {"email": admin_user.email})
        assert response.status_code == 302

    assert len(mail.outbox) == settings.PASSWORD_RESET_MAILS_PER_ADDRESS == 3
    assert {message.to[0] for message in mail.outbox} == {admin_user.email}


def test_a_session_ends_after_the_idle_time_and_activity_extends_it(client, admin_user):
    client.post("/admin/login/", {"username": "redaktion", "password": "sicheres-passwort-42"})
    session = Session.objects.get()
    first_expiry = session.expire_date

    assert abs(first_expiry - timezone.now() - timedelta(minutes=120)) < timedelta(minutes=1)
    Session.objects.update(expire_date=first_expiry - timedelta(minutes=30))
    assert client.get("/admin/").status_code == 200
    assert Session.objects.get().expire_date > first_expiry - timedelta(minutes=1)

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.standalone
def test_the_idle_time_is_configurable():
    code = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"

    result = manage("shell", "--no-imports", "-c", code, DJANGO_SESSION_IDLE_MINUTES="30")

    assert result.stdout.strip() == "1800"


@pytest.mark.standalone
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    code = (
        "from django.db import connection; cursor = connection.cursor(); "
        "print(cursor.execute('PRAGMA journal_mode').fetchone()[0], "
        "cursor.execute('PRAGMA busy_timeout').fetchone()[0])"
    )

    result = manage(
        "shell", "--no-imports", "-c", code, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000"]


@pytest.mark.standalone
def test_the_development_server_answers_a_static_traversal_with_404(tmp_path, migrated_sqlite):
    shutil.copyfile(migrated_sqlite, tmp_path / "db.sqlite3")
    environment = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    port = unused_port()
    log = tmp_path / "runserver.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=settings.BASE_DIR,
            env={**without_project_variables(), **environment},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, server, log=log)

        def status(path):
            return fetch(port, "GET", path)[0]

        assert status("/static/css/site.css") == 200
        assert status("/static/..%2f..%2fetc%2fpasswd") == 404
        assert status("/static/../../etc/passwd") == 404
    finally:
        server.terminate()
        server.wait(timeout=10)
