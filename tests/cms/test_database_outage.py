"""The database lost while the site runs, and back: visitors get a page that asks them to come
back, in their language, and the site serves again by itself. The fault is real: the site's
own PostgreSQL cluster, stopped and started again under the production server."""

import json

import pytest

from tests import helpers
from tests.helpers import ProductionSite

pytestmark = pytest.mark.standalone

POSTGRES = helpers.POSTGRES
# The site thinks it is behind a proxy that terminates TLS, as in production.
PROXIED = {"Host": "localhost", "X-Forwarded-Proto": "https"}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with helpers.migrated_postgres_cluster("smart-region-outage-", tmp_path_factory) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def site(tmp_path_factory, cluster):
    _folder, database_url = cluster
    site = ProductionSite(tmp_path_factory.mktemp("outage"), DATABASE_URL=database_url)
    site.prepare(migrate=False)
    site.start()
    yield site
    site.stop()


def fetch(site, path):
    return helpers.fetch(site.port, "GET", path, PROXIED)


def test_a_lost_database_asks_visitors_to_come_back_and_the_site_recovers_by_itself(site, cluster):
    folder, _url = cluster
    served = fetch(site, "/de/")[0]

    assert helpers.run([POSTGRES, "stop", str(folder)]).returncode == 0
    german_status, german_headers, german = fetch(site, "/de/")
    english_status, _, english = fetch(site, "/en/")
    health_status, _, health = fetch(site, "/health/")

    assert helpers.run([POSTGRES, "resume", str(folder)]).returncode == 0
    assert fetch(site, "/de/")[0] == served

    assert (german_status, english_status) == (503, 503)
    assert german_headers["Retry-After"] == "30"
    assert "<h1>Die Website ist kurz nicht erreichbar</h1>" in german
    assert "<h1>The site is briefly unavailable</h1>" in english
    assert "5432" not in german and "Traceback" not in german
    assert (health_status, json.loads(health)["database"]) == (503, "down")
    # For the operator: the request and the cause, in one record each.
    records = [json.loads(line) for line in site.log_text().splitlines() if line]
    [lost] = [r for r in records if r["logger"] == "django.request" and "/en/" in r["message"]]
    assert lost["level"] == "ERROR"
    assert "OperationalError" in lost["exception"]
