"""Helpers for tests that run the project's own commands and servers as an operator would."""

import http.client
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bs4 import BeautifulSoup
from django.conf import settings

PRODUCTION_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-0123456789-abcdefghij",
    "DATABASE_URL": "sqlite:////tmp/smart-region-check-deploy.sqlite3",
    "DJANGO_ALLOWED_HOSTS": "smart-region.example.org",
    "WAGTAILADMIN_BASE_URL": "https://smart-region.example.org",
    "EMAIL_URL": "smtp+tls://mailer:mail-secret@mail.example.org:587",
    # A signing key made for these checks only; it signs nothing.
    "SEAL_SIGNING_KEY": "z3u2cLB6wCYiVqnVoZJnLswcw3u1wXmRU76QjBSjLHMN3GSZ",
    # Where collectstatic would have put the files: the test run's own folder, since a fresh
    # checkout has none, and WhiteNoise warns about a missing one.
    "DJANGO_STATIC_ROOT": str(settings.STATIC_ROOT),
}

GUNICORN = Path(sys.executable).with_name("gunicorn")
GUNICORN_CONFIG = "cms/gunicorn.conf.py"


def without_project_variables():
    """The test process's environment less everything that configures the site."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DJANGO_", "DATABASE_", "WAGTAIL", "REDIS_", "EMAIL_", "GUNICORN_", "SEAL_")
        )
    }


def run(command, timeout=120, **environment):
    return subprocess.run(
        command,
        cwd=settings.BASE_DIR,
        env={**without_project_variables(), **environment},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def manage(*args, **environment):
    return run([sys.executable, "manage.py", *args], **environment)


def fetch(port, method, path, headers=None, body=None, timeout=10):
    """One HTTP request to a server of the test's own on 127.0.0.1, sent as written (no
    redirects followed, no path normalised): status, headers and text."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def unused_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, *, log, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"the server exited with code {process.returncode}:\n{log.read_text()}"
            )
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing answered on port {port} within {timeout} s")


class ProductionSite:
    """The production profile under gunicorn with the project's configuration file, on a
    migrated SQLite database of its own unless ``DATABASE_URL`` names another."""

    def __init__(self, folder, **environment):
        self.folder = Path(folder)
        self.port = unused_port()
        self.log = self.folder / "gunicorn.log"
        self.environment = {
            **PRODUCTION_ENVIRONMENT,
            "DATABASE_URL": f"sqlite:///{self.folder / 'db.sqlite3'}",
            "DJANGO_ALLOWED_HOSTS": "localhost",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_STATIC_ROOT": str(self.folder / "static"),
            "DJANGO_MEDIA_ROOT": str(self.folder / "media"),
            "EMAIL_URL": f"filemail:///{self.folder / 'mail'}",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            **environment,
        }
        self.process = None

    def prepare(self, migrated_database=None, *, migrate=True):
        """The site's database, a copy of ``migrated_database`` (SQLite) or migrated where
        ``DATABASE_URL`` says (unless it is already: ``migrate=False``), and its static files."""
        if migrated_database:
            shutil.copyfile(migrated_database, self.folder / "db.sqlite3")
        elif migrate:
            result = manage("migrate", "--no-input", "-v0", **self.environment)
            assert result.returncode == 0, result.stderr
        result = manage("collectstatic", "--no-input", "-v0", **self.environment)
        assert result.returncode == 0, result.stderr

    def create_editor(self, username, password):
        code = (
            "from django.contrib.auth import get_user_model; "
            f"get_user_model().objects.create_superuser({username!r}, 'e@example.org', "
            f"{password!r})"
        )
        result = manage("shell", "--no-imports", "-c", code, **self.environment)
        assert result.returncode == 0, result.stderr

    def start(self):
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [str(GUNICORN), "-c", GUNICORN_CONFIG, "cms.wsgi"],
                cwd=settings.BASE_DIR,
                env={**without_project_variables(), **self.environment},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for_port(self.port, self.process, log=self.log)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def log_text(self):
        return self.log.read_text()


def parse(response):
    """The page a response carries, to be read as a browser reads it."""
    return BeautifulSoup(response.content, "html.parser")


def queries_for(client, path):
    """How many SQL queries the page at ``path`` takes once the caches are warm."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


POSTGRES = str(Path(settings.BASE_DIR, "scripts", "postgres"))


@contextmanager
def postgres_cluster(prefix, template=None):
    """A throwaway PostgreSQL cluster from scripts/postgres: its folder and its database's URL.
    With ``template``, the folder of a stopped cluster, it starts as a copy of that one."""
    from tests.conftest import service_missing

    folder = Path(tempfile.mkdtemp(prefix=prefix))
    # The server runs as the postgres user, which must reach the folder.
    folder.chmod(0o755)
    command = ["copy", str(template)] if template else ["start"]
    started = run([POSTGRES, *command, str(folder / "pg")], timeout=180)
    if started.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        service_missing(f"scripts/postgres could not start a cluster: {started.stderr.strip()}")
    try:
        yield folder / "pg", started.stdout.strip()
    finally:
        run([POSTGRES, "stop", str(folder / "pg")])
        shutil.rmtree(folder, ignore_errors=True)


def migrated_postgres_cluster(prefix, tmp_path_factory):
    """A throwaway cluster as ``postgres_cluster`` makes one, its database already migrated."""
    from tests.conftest import service_missing
    from tests.database_templates import ClusterMissing, migrated_cluster, shared_folder

    try:
        template = migrated_cluster(shared_folder(tmp_path_factory))
    except ClusterMissing as missing:
        service_missing(f"scripts/postgres could not start a cluster: {missing}")
    return postgres_cluster(prefix, template)
