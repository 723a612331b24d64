import json
import os
import time
import urllib.request
import uuid

import pytest
from django.core.management import call_command
from django.test import override_settings

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"

# Fixtures that start real services, for every test module that asks for them.
pytest_plugins = ["tests.mail_server", "tests.redis_server"]


def service_missing(reason):
    """A test whose real service is absent fails in CI and is skipped, saying why, elsewhere."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with empty caches: a rolled-back test leaves no version change
    behind that would make the next one forget what it cached, and no rendition of an image
    whose id the next one gives to another."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(scope="session", autouse=True)
def seal_signing_key():
    """The signing key of this test process, in the file the test settings name."""
    from django.conf import settings

    from members import signing

    if not os.path.exists(settings.SEAL_SIGNING_KEY_FILE):
        signing.write_secret(settings.SEAL_SIGNING_KEY_FILE, signing.new_secret())
    return settings.SEAL_SIGNING_KEY_FILE


def run_demo_loader():
    with open(os.devnull, "w") as quiet:
        call_command("load_demo_content", stdout=quiet)


def load_demo_content(capture_on_commit_callbacks):
    """Run the loader inside a test's transaction; wagtail-localize publishes translations
    once the transaction commits, so the commit callbacks are run here."""
    with capture_on_commit_callbacks(execute=True):
        run_demo_loader()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """pytest-django's test database, with its suffix for each xdist worker, made from a
    migrated template rather than by migrating in every process."""
    from django.conf import settings

    from tests.database_templates import start_from_template

    start_from_template(settings.DATABASES["default"], tmp_path_factory)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """A migrated SQLite file for tests that start the project's own processes; they copy it
    instead of migrating again."""
    from tests.database_templates import migrated_sqlite, shared_folder

    return migrated_sqlite(shared_folder(tmp_path_factory))


@pytest.fixture(scope="module")
def shared_demo_content(django_db_setup, django_db_blocker):
    """The demo content, loaded once for all tests of a module that ask for it, since loading
    takes seconds. Each test still runs in its own transaction, rolled back after it; this one,
    around them all, is rolled back after the module."""
    from django.db import transaction
    from django.test import TestCase

    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            run_demo_loader()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def home_pages(db):
    """The site's German home page and its English translation, made through wagtail-localize
    and published, by language."""
    from wagtail.models import Locale, Page, Site

    from cms.translation import translate_with_localize
    from tests.factories.home import HomePageFactory

    german = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update(root_page=german)
    english = translate_with_localize(
        german,
        Locale.objects.get_or_create(language_code="en")[0],
        {"Willkommen in der SMART REGION": "Welcome to the SMART REGION"},
    )
    return {"de": german, "en": english}


def build_site_tree():
    from types import SimpleNamespace

    from wagtail.models import Locale, Page, Site

    from cms.models import SiteSettings
    from cms.translation import translate_with_localize
    from tests.factories.cms import ContactPersonFactory, DistrictFactory, FundingNoticeFactory
    from tests.factories.home import (
        HomePageFactory,
        LeadProjectIndexPageFactory,
        LeadProjectPageFactory,
        SectorIndexPageFactory,
        SectorPageFactory,
        StandardPageFactory,
    )

    english = Locale.objects.get_or_create(language_code="en")[0]
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update(root_page=home)

    def translated(page, strings):
        return translate_with_localize(page, english, strings)

    about = StandardPageFactory(parent=home, title="Über uns", show_in_menus=True)
    sectors = SectorIndexPageFactory(parent=home, show_in_menus=True)
    energy = SectorPageFactory(parent=sectors, title="Energiewirtschaft")
    food = SectorPageFactory(parent=sectors, title="Land- und Ernährungswirtschaft")
    lead_projects = LeadProjectIndexPageFactory(parent=home, show_in_menus=True)
    stade = DistrictFactory(name="Stade", slug="stade")
    uelzen = DistrictFactory(name="Uelzen", slug="uelzen")
    network = LeadProjectPageFactory(
        parent=lead_projects,
        title="Energienetzwerk",
        sectors=[energy],
        districts=[stade],
    )
    bioeconomy = LeadProjectPageFactory(
        parent=lead_projects,
        title="Bioökonomie",
        sectors=[food, energy],
        districts=[uelzen],
    )
    contact = ContactPersonFactory()
    notice = FundingNoticeFactory()
    SiteSettings.objects.create(site=Site.objects.get(), contact=contact, funding_notice=notice)

    intro = {"Eine Seite aus der Region.": "A page from the region."}
    english_pages = {
        "home": translated(home, {"Willkommen in der SMART REGION": "Welcome to the SMART REGION"}),
        "about": translated(about, {"Über uns": "About us", "uber-uns": "about-us", **intro}),
        "sectors": translated(
            sectors, {"Kompetenzfelder": "Sectors", "kompetenzfelder": "sectors", **intro}
        ),
        "energy": translated(
            energy, {"Energiewirtschaft": "Energy", "energiewirtschaft": "energy", **intro}
        ),
        "lead_projects": translated(
            lead_projects,
            {"Leitprojekte": "Lead projects", "leitprojekte": "lead-projects", **intro},
        ),
        "network": translated(
            network,
            {
                "Energienetzwerk": "Energy network",
                "energienetzwerk": "energy-network",
                "Die Region voranbringen.": "Moving the region forward.",
                **intro,
            },
        ),
    }
    translated(contact, {"Prokurist": "Authorised Officer"})
    translated(
        notice,
        {
            "Gefördert von der EU.": "Funded by the EU.",
            "Kofinanziert von der Europäischen Union": "Co-funded by the European Union",
        },
    )
    translated(stade, {"Stade": "Stade"})
    return SimpleNamespace(
        home=home,
        about=about,
        sectors=sectors,
        energy=energy,
        food=food,
        lead_projects=lead_projects,
        network=network,
        bioeconomy=bioeconomy,
        stade=stade,
        uelzen=uelzen,
        contact=contact,
        notice=notice,
        en=SimpleNamespace(**english_pages),
    )


@pytest.fixture(scope="module")
def site_tree_of_module(django_db_setup, django_db_blocker):
    """The site tree, built once per test module, since translating through wagtail-localize
    takes seconds; each test's changes are rolled back to it, and the tree itself when the
    module is done."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield build_site_tree()
        transaction.set_rollback(True)


@pytest.fixture
def site_tree(site_tree_of_module, db):
    """A small region site in German, mostly translated into English through wagtail-localize:
    a page about the region, two sectors, two lead projects (one not translated), two
    districts, and the footer's contact and funding notice. Fetched anew for every test, so
    that no test sees another's changes."""
    from types import SimpleNamespace

    def fresh(item):
        if isinstance(item, SimpleNamespace):
            return SimpleNamespace(**{name: fresh(value) for name, value in vars(item).items()})
        return type(item).objects.get(pk=item.pk)

    return fresh(site_tree_of_module)


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="redaktion", email="redaktion@example.org", password="sicheres-passwort-42"
    )


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''}".strip()


# The search's engines. Its behaviour suite runs against both: the database, and the real
# Elasticsearch node that scripts/elasticsearch starts (scripts/test-all exports its address as
# TEST_ELASTICSEARCH_URL, and TEST_ELASTICSEARCH_WAIT as how long it may still take to start).

HEALTHY = {"green", "yellow"}


def node_is_healthy(url, wait_seconds):
    """Whether the cluster at ``url`` reports a yellow or green health within the wait (the
    integ-test distribution has no root endpoint to ping)."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_cluster/health", timeout=5) as answer:  # noqa: S310
                if json.load(answer).get("status") in HEALTHY:
                    return True
        except OSError:
            pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(1)


def elasticsearch_url():
    url = os.environ.get("TEST_ELASTICSEARCH_URL")
    if not url:
        service_missing(
            "TEST_ELASTICSEARCH_URL is not set; start a node with "
            "`scripts/elasticsearch start DIR` and export the URL it prints (scripts/test-all does)"
        )
    if not node_is_healthy(url, float(os.environ.get("TEST_ELASTICSEARCH_WAIT", "0"))):
        service_missing(f"Elasticsearch at {url} does not report a yellow or green cluster")
    return url


@pytest.fixture(
    scope="module",
    params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)],
)
def engine(request):
    """The engine the module's searches go to, each module's Elasticsearch indexes of its own
    (a unique prefix), removed afterwards."""
    from search.engines import elasticsearch

    if request.param == "database":
        yield "database"
        return
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    with override_settings(ELASTICSEARCH_URL=elasticsearch_url(), ELASTICSEARCH_INDEX=prefix):
        elasticsearch.client.cache_clear()
        elasticsearch.breaker.succeeded()
        try:
            yield "elasticsearch"
        finally:
            made = elasticsearch.client().indices.get(index=f"{prefix}-*")
            for name in made:
                elasticsearch.client().indices.delete(index=name)
            elasticsearch.client.cache_clear()
