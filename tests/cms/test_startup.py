"""What an operator sees when the environment is wrong: one line that names the variable."""

import re
import sqlite3
from pathlib import Path

import pytest
from django.conf import settings

from tests.helpers import (
    GUNICORN,
    GUNICORN_CONFIG,
    PRODUCTION_ENVIRONMENT,
    manage,
    run,
    unused_port,
)

pytestmark = pytest.mark.standalone


def gunicorn(environment, *arguments):
    bind = f"127.0.0.1:{unused_port()}"
    return run(
        [str(GUNICORN), "-c", GUNICORN_CONFIG, "cms.wsgi", "--bind", bind, *arguments],
        timeout=60,
        **environment,
    )


def test_production_refuses_to_start_without_a_secret_key():
    environment = {**PRODUCTION_ENVIRONMENT, "DJANGO_SECRET_KEY": ""}

    result = manage("check", **environment)

    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    "variable", ["DATABASE_URL", "DJANGO_ALLOWED_HOSTS", "WAGTAILADMIN_BASE_URL", "EMAIL_URL"]
)
def test_production_names_any_other_missing_variable(variable):
    result = manage("check", **{**PRODUCTION_ENVIRONMENT, variable: ""})

    assert result.returncode == 1
    assert f"{variable} is not set" in result.stderr


def test_production_names_every_missing_variable_at_once():
    environment = {**PRODUCTION_ENVIRONMENT, "DJANGO_SECRET_KEY": "", "EMAIL_URL": ""}
    del environment["DATABASE_URL"]

    result = manage("check", **environment)

    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Configuration error: DJANGO_SECRET_KEY, DATABASE_URL, EMAIL_URL are not set: "
        "the production settings need them (see .env.example)"
    )


def test_production_sends_mail_to_the_console_only_when_asked_to():
    code = "from django.conf import settings; print(settings.EMAIL_BACKEND)"

    chosen = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        **{**PRODUCTION_ENVIRONMENT, "EMAIL_URL": "consolemail://"},
    )
    configured = manage("shell", "--no-imports", "-c", code, **PRODUCTION_ENVIRONMENT)

    assert chosen.stdout.strip() == "django.core.mail.backends.console.EmailBackend"
    assert configured.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"


def test_deploy_check_is_clean_with_a_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENVIRONMENT)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_warns_when_no_key_can_sign_the_seals_credentials():
    environment = {**PRODUCTION_ENVIRONMENT, "SEAL_SIGNING_KEY": ""}

    result = manage("check", "--deploy", "--fail-level", "WARNING", **environment)

    assert result.returncode == 1
    assert "members.W001" in result.stderr
    assert "set SEAL_SIGNING_KEY or SEAL_SIGNING_KEY_FILE" in result.stderr


@pytest.mark.parametrize("attempt", range(3))
def test_gunicorn_stops_with_exactly_the_one_line_and_exit_code_4(attempt):
    environment = {**PRODUCTION_ENVIRONMENT, "DJANGO_SECRET_KEY": ""}

    result = gunicorn(environment, "--workers", "2")

    assert result.returncode == 4
    assert result.stderr.splitlines() == [
        "Configuration error: DJANGO_SECRET_KEY is not set: "
        "the production settings need it (see .env.example)"
    ]


def test_gunicorn_does_not_start_without_its_database():
    port = unused_port()
    environment = {
        **PRODUCTION_ENVIRONMENT,
        "DATABASE_URL": f"postgres://smart:db-secret@127.0.0.1:{port}/smart",
    }

    result = gunicorn(environment)

    assert result.returncode == 4
    [line] = result.stderr.splitlines()
    assert line.startswith("Database error: cannot connect to the PostgreSQL database 'smart' at ")
    assert f"smart@127.0.0.1:{port} (from DATABASE_URL)" in line
    assert "db-secret" not in result.stderr


def test_gunicorn_does_not_start_without_its_redis_cache(tmp_path):
    port = unused_port()
    environment = {
        **PRODUCTION_ENVIRONMENT,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": f"redis://:cache-secret@127.0.0.1:{port}/0",
    }

    result = gunicorn(environment)

    assert result.returncode == 4
    assert result.stderr.splitlines() == [
        f"Cache error: cannot connect to Redis at redis://:***@127.0.0.1:{port}/0 "
        f"(from REDIS_URL): Error 111 connecting to 127.0.0.1:{port}. Connection refused."
    ]


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
    ("variable", "url"),
    [
        ("DATABASE_URL", "mysql://u:hunter2@h/x"),
        ("DATABASE_URL", "postgres://u:hunter2/and?more@h:5432/x"),
        ("REDIS_URL", "redis://:hunter2/and?more@h:6379/0"),
        ("EMAIL_URL", "smtp+tls://u:hunter2/and?more@h:587"),
        ("DATABASE_URL", "postgres://u:hunter2@h:99999/x"),
        ("DATABASE_URL", "postgres://u:hunter2@h:port/x"),
        ("DATABASE_URL", "postgres://u:hunter2@h:5432"),
        ("DATABASE_URL", "sqlite://u:hunter2@relative.sqlite3"),
        ("REDIS_URL", "redis://:hunter2@h:99999/0"),
        ("REDIS_URL", "memcached://u:hunter2@h:11211"),
        ("REDIS_URL", "redis://:hunter2@h:6379/cache"),
        ("EMAIL_URL", "smtp+tls://u:hunter2@h:99999"),
        ("EMAIL_URL", "imap://u:hunter2@h"),
    ],
)
def test_a_password_in_a_wrong_url_is_never_printed(variable, url):
    result = manage("check", **{variable: url})

    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert result.stderr.startswith(f"Configuration error: {variable}=")
    assert "hunter2" not in result.stderr
    assert "and?more" not in result.stderr
    assert "***" in result.stderr


def test_a_relative_sqlite_path_is_refused_with_the_absolute_form():
    result = manage("check", DATABASE_URL="sqlite:///var/elsewhere.sqlite3")

    assert result.returncode == 1
    expected = f"sqlite:///{Path(settings.BASE_DIR, 'var', 'elsewhere.sqlite3')}"
    assert result.stderr.strip().endswith(expected)


@pytest.mark.parametrize(
    "variable",
    [
        "DJANGO_SECURE_SSL_REDIRECT",
        "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "DJANGO_SECURE_HSTS_PRELOAD",
        "DJANGO_DEBUG",
    ],
)
def test_a_typo_in_a_switch_stops_start_up_instead_of_turning_it_off(variable):
    result = manage("check", **{**PRODUCTION_ENVIRONMENT, variable: "ture"})

    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Configuration error: {variable}='ture' is neither true nor false; "
        "use one of true, yes, on, 1 or false, no, off, 0"
    )


def test_hsts_preload_and_subdomains_are_off_unless_asked_for():
    code = (
        "from django.conf import settings; print(settings.SECURE_HSTS_SECONDS, "
        "settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD, "
        "settings.SECURE_SSL_REDIRECT)"
    )
    default = manage("shell", "--no-imports", "-c", code, **PRODUCTION_ENVIRONMENT)
    asked = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        **PRODUCTION_ENVIRONMENT,
        DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="yes",
        DJANGO_SECURE_HSTS_PRELOAD="True",
        DJANGO_SECURE_SSL_REDIRECT="off",
    )

    assert default.stdout.split() == ["31536000", "False", "False", "True"]
    assert asked.stdout.split() == ["31536000", "True", "True", "False"]


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
        Path(settings.BASE_DIR, "cms", "gunicorn.conf.py"),
        Path(settings.BASE_DIR, "cms", "logging.py"),
    ]
    read = set()
    for source in sources:
        read |= set(
            re.findall(
                r'(?:env\.\w+|boolean|whole_number|require|environ\.get)\(\s*"([A-Z][A-Z0-9_]+)"',
                source.read_text(),
            )
        )
    documented = set(
        re.findall(
            r"^(?:# )?([A-Z][A-Z0-9_]+)=",
            Path(settings.BASE_DIR, ".env.example").read_text(),
            re.M,
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
    assert result.stdout.startswith("ResilientRedisCache <module 'redis'")


def test_gunicorn_does_not_start_on_a_database_without_its_migrations(tmp_path):
    environment = {
        **PRODUCTION_ENVIRONMENT,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
    }

    result = gunicorn(environment)

    assert result.returncode == 4
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Database error: the SQLite file {tmp_path / 'new.sqlite3'}")
    assert line.endswith("migration(s); run manage.py migrate first")


def test_a_command_on_a_database_without_tables_says_to_migrate(tmp_path):
    environment = {"DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"}

    result = manage("createsuperuser", "--no-input", "--username", "x", **environment)

    assert result.returncode == 1
    assert result.stderr.strip().endswith("migration(s); run manage.py migrate first")
    assert "Traceback" not in result.stderr


def test_a_sqlite_file_in_a_missing_folder_is_refused_with_one_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}"

    result = manage("migrate", DATABASE_URL=url)

    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Configuration error: DATABASE_URL={url!r} names a file in {tmp_path / 'missing'}, "
        "which does not exist; create the folder first"
    )


def test_a_negative_count_is_refused():
    result = manage("check", DJANGO_PROXY_COUNT="-1")

    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Configuration error: DJANGO_PROXY_COUNT=-1 is negative; it must be 0 or more"
    )


def test_a_failing_migrate_shows_its_own_error(tmp_path):
    database = tmp_path / "db.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE cms_passwordresetmail (id integer)")

    result = manage("migrate", DATABASE_URL=f"sqlite:///{database}")

    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert "run manage.py migrate first" not in result.stderr


@pytest.mark.parametrize(
    ("redis_url", "engine"),
    [
        ("redis://127.0.0.1:6379/0", "django.contrib.sessions.backends.cached_db"),
        ("", "django.contrib.sessions.backends.db"),
    ],
)
def test_sessions_are_shared_through_redis_only_when_the_servers_share_it(redis_url, engine):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SESSION_ENGINE)",
        DJANGO_SETTINGS_MODULE="cms.settings.test",
        REDIS_URL=redis_url,
    )

    assert result.stdout.strip() == engine, result.stderr


BUCKETS = {
    "MEDIA_S3_BUCKET": "smart-region-media",
    "MEMBER_FILES_S3_BUCKET": "smart-region-member-files",
    "MEDIA_S3_ENDPOINT_URL": "https://s3.eu-central-1.amazonaws.com",
}


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        (
            {"MEMBER_FILES_S3_BUCKET": ""},
            "MEDIA_S3_BUCKET and MEMBER_FILES_S3_BUCKET are set together or not at all; "
            "only MEDIA_S3_BUCKET is set",
        ),
        (
            {"MEMBER_FILES_S3_BUCKET": "smart-region-media"},
            "MEMBER_FILES_S3_BUCKET='smart-region-media' is the bucket of the public media",
        ),
        ({"MEDIA_S3_ENDPOINT_URL": ""}, "MEDIA_S3_BUCKET is set but MEDIA_S3_ENDPOINT_URL"),
        (
            {"MEDIA_S3_ENDPOINT_URL": "s3.example.org"},
            "MEDIA_S3_ENDPOINT_URL='s3.example.org' is not an http or https address",
        ),
        (
            {"MEDIA_S3_PUBLIC_URL": "media.example.org"},
            "MEDIA_S3_PUBLIC_URL='media.example.org' is not an address browsers can fetch",
        ),
    ],
)
def test_a_wrong_bucket_setting_is_refused_naming_the_variable(monkeypatch, changed, message):
    from django.core.exceptions import ImproperlyConfigured

    from cms.settings.environment import media_storages

    for variable, value in {**BUCKETS, **changed}.items():
        monkeypatch.setenv(variable, value)

    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        media_storages()


def test_buckets_give_images_their_public_address_and_attachments_none(monkeypatch):
    from cms.settings.environment import media_origins, media_storages

    for variable, value in BUCKETS.items():
        monkeypatch.setenv(variable, value)
    on_the_endpoint = media_storages()
    allowed_on_the_endpoint = media_origins()
    monkeypatch.setenv("MEDIA_S3_PUBLIC_URL", "https://media.smart-region.example.org/bilder/")
    behind_a_cdn = media_storages()["default"]["OPTIONS"]

    assert on_the_endpoint["default"]["OPTIONS"]["querystring_auth"] is False
    assert on_the_endpoint["member_files"]["OPTIONS"]["querystring_auth"] is True
    assert "custom_domain" not in on_the_endpoint["member_files"]["OPTIONS"]
    assert (behind_a_cdn["custom_domain"], behind_a_cdn["url_protocol"]) == (
        "media.smart-region.example.org/bilder",
        "https:",
    )
    assert allowed_on_the_endpoint == ["https://s3.eu-central-1.amazonaws.com/smart-region-media/"]
    assert media_origins() == ["https://media.smart-region.example.org/bilder/"]
