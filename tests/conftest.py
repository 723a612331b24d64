import os

import pytest
from django.core.management import call_command

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def service_missing(reason):
    """A test whose real service is absent fails in CI and is skipped, saying why, elsewhere."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(reason)


def run_demo_loader():
    with open(os.devnull, "w") as quiet:
        call_command("load_demo_content", stdout=quiet)


def load_demo_content(capture_on_commit_callbacks):
    """Run the loader inside a test's transaction; wagtail-localize publishes translations
    once the transaction commits, so the commit callbacks are run here."""
    with capture_on_commit_callbacks(execute=True):
        run_demo_loader()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """A migrated SQLite file for tests that start the project's own processes; they copy it
    instead of migrating again."""
    from tests.helpers import migrate_sqlite_file

    return migrate_sqlite_file(tmp_path_factory.mktemp("migrated") / "db.sqlite3")


@pytest.fixture
def demo_content(db, django_capture_on_commit_callbacks):
    load_demo_content(django_capture_on_commit_callbacks)


@pytest.fixture
def home_pages(db):
    """The site's German home page and its published English translation, by language."""
    from wagtail.models import Locale, Page, Site

    from tests.factories import HomePageFactory

    german = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update(root_page=german)
    english = german.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0])
    english.heading = "Welcome to the SMART REGION"
    english.save_revision().publish()
    return {"de": german, "en": english}


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="redaktion", email="redaktion@example.org", password="sicheres-passwort-42"
    )


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''}".strip()
