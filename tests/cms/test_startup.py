"""What an operator sees when the environment is wrong: one line that names the variable."""

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PRODUCTION_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-0123456789-abcdefghij",
    "DATABASE_URL": "sqlite:////tmp/smart-region-check-deploy.sqlite3",
    "DJANGO_ALLOWED_HOSTS": "smart-region.example.org",
    "WAGTAILADMIN_BASE_URL": "https://smart-region.example.org",
}


def manage(*args, **environment):
    return python("manage.py", *args, **environment)


def python(*args, **environment):
    return run([sys.executable, *args], **environment)


def run(command, timeout=120, **environment):
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "WAGTAIL", "REDIS_", "EMAIL_"))
    }
    return subprocess.run(
        command,
        cwd=settings.BASE_DIR,
        env={**inherited, **environment},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def unused_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_production_refuses_to_start_without_a_secret_key():
    environment = {**PRODUCTION_ENVIRONMENT, "DJANGO_SECRET_KEY": ""}

    result = manage("check", **environment)

    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("variable", ["DATABASE_URL", "DJANGO_ALLOWED_HOSTS"])
def test_production_names_any_other_missing_variable(variable):
    result = manage("check", **{**PRODUCTION_ENVIRONMENT, variable: ""})

    assert result.returncode == 1
    assert f"{variable} is not set" in result.stderr


def test_deploy_check_is_clean_with_a_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENVIRONMENT)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_gunicorn_stops_with_the_same_line_instead_of_restarting_workers():
    environment = {**PRODUCTION_ENVIRONMENT, "DJANGO_SECRET_KEY": ""}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    bind = f"127.0.0.1:{unused_port()}"

    result = run(
        [str(gunicorn), "cms.wsgi", "--bind", bind, "--workers", "2"], timeout=30, **environment
    )

    # gunicorn gave up at once instead of starting worker after worker until the timeout.
    assert result.returncode != 0
    assert "App failed to load" in result.stderr
    assert (
        "Configuration error: DJANGO_SECRET_KEY is not set: "
        "the production settings need it (see .env.example)"
    ) in result.stderr.splitlines()


@pytest.mark.parametrize(
    "url",
    [
        "mysql://user@db/smart",
        "smart-region",
        "postgres://db:5432",
        "postgres://smart@db:port/smart",
        "sqlite://",
        "sqlite://:memory:",
    ],
)
def test_a_wrong_database_url_stops_with_one_line(url):
    result = manage("migrate", DATABASE_URL=url)

    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [("DATABASE_CONN_MAX_AGE", "lange"), ("DJANGO_SETTINGS_MODULE", "cms.settings.prod")],
)
def test_other_wrong_values_stop_with_one_line_naming_the_variable(variable, value):
    result = manage("check", **{variable: value})

    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert f"{variable}={value!r}" in result.stderr


def test_the_development_server_does_not_start_without_its_database():
    port = unused_port()

    result = manage(
        "runserver",
        f"127.0.0.1:{unused_port()}",
        "--noreload",
        DATABASE_URL=f"postgres://smart@127.0.0.1:{port}/smart",
    )

    assert result.returncode == 1
    assert result.stderr.strip().startswith("Database error: cannot connect to the PostgreSQL")


def test_an_unreachable_postgresql_stops_with_one_line_naming_what_was_tried():
    port = unused_port()

    result = manage("migrate", DATABASE_URL=f"postgres://smart:geheim@127.0.0.1:{port}/smart")

    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "DATABASE_URL" in result.stderr
    assert f"smart@127.0.0.1:{port}" in result.stderr
    assert "geheim" not in result.stderr


def test_env_example_documents_every_variable_the_settings_read():
    sources = [
        *Path(settings.BASE_DIR, "cms", "settings").glob("*.py"),
        *Path(settings.BASE_DIR, "cms", "management", "commands").glob("*.py"),
    ]
    read = set()
    for source in sources:
        read |= set(
            re.findall(
                r'(?:env\.\w+|required|environ\.get)\(\s*"([A-Z][A-Z0-9_]+)"', source.read_text()
            )
        )
    documented = set(
        re.findall(
            r"^([A-Z][A-Z0-9_]+)=", Path(settings.BASE_DIR, ".env.example").read_text(), re.M
        )
    )

    assert "DJANGO_SECRET_KEY" in read
    assert read - documented == set()


def test_redis_url_selects_a_shared_redis_cache():
    # Building the client imports the redis package, as the first cache read on a page would.
    code = (
        "from django.core.cache import caches; default = caches['default']; "
        "print(type(default).__name__, default._cache._lib)"
    )
    result = manage("shell", "--no-imports", "-c", code, REDIS_URL="redis://127.0.0.1:6399/1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("RedisCache <module 'redis'")
