"""A backup restored on a new database (a throwaway PostgreSQL cluster) with new media folders
and a new key file: the restored site, under the production server, serves the same pages and
verifies the same badges as the one that was backed up."""

import json
import re
from pathlib import Path

import psycopg
import pytest

from members.verification import Verifier
from tests import helpers
from tests.helpers import ProductionSite, manage

pytestmark = pytest.mark.standalone

# The seals whose verdicts are compared: one valid, one not.
CHECKED = ("active", "revoked")
# What differs between two answers of the same page: the time of a badge check.
CHECK_TIME = re.compile(r'<time datetime="[^"]+">[^<]*</time>|"checkedAt": "[^"]+"')


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    cluster = helpers.migrated_postgres_cluster("smart-region-backup-", tmp_path_factory)
    with cluster as (_folder, url):
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("CREATE DATABASE restored")
        yield url, url.rsplit("/", 1)[0] + "/restored"


def site_in(folder, database_url, *, port=None, secret_key=None):
    folder.mkdir()
    site = ProductionSite(
        folder,
        DATABASE_URL=database_url,
        DJANGO_PRIVATE_MEDIA_ROOT=str(folder / "member-files"),
        SEAL_SIGNING_KEY="",
        SEAL_SIGNING_KEY_FILE=str(folder / "keys" / "seal-signing.key"),
        # Plain HTTP on loopback, so that verify_seal can fetch what a verifier fetches.
        DJANGO_SECURE_SSL_REDIRECT="false",
    )
    if port:
        site.port = port
    if secret_key:
        site.environment["DJANGO_SECRET_KEY"] = secret_key
    site.environment["GUNICORN_BIND"] = f"127.0.0.1:{site.port}"
    site.environment["WAGTAILADMIN_BASE_URL"] = f"http://localhost:{site.port}"
    return site


def seal_tokens(site):
    code = (
        "import json; from members.models import Seal; "
        "print(json.dumps({s.status: s.token for s in Seal.objects.order_by('pk')}))"
    )
    result = manage("shell", "--no-imports", "-c", code, **site.environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def verdict(site, token):
    """Whether a verifier finds the seal at its badge URL valid, and what it checked."""
    found = Verifier(issuer=f"did:web:localhost%3A{site.port}").verify(
        f"http://localhost:{site.port}/de/siegel/{token}/"
    )
    return found.valid, [text for _passed, text in found.findings]


def pages(site, addresses):
    answers = {}
    for address in addresses:
        status, headers, text = helpers.fetch(site.port, "GET", address, {"Host": "localhost"})
        answers[address] = (status, headers.get("Content-Type"), CHECK_TIME.sub("", text))
    return answers


def files_below(folder):
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in Path(folder).rglob("*")
        if path.is_file()
    }


def test_a_restored_site_serves_the_same_pages_and_verifies_the_same_badges(cluster, tmp_path):
    origin_url, restored_url = cluster
    origin = site_in(tmp_path / "origin", origin_url)
    origin.prepare(migrate=False)
    for command in (["seal_keys", "create"], ["load_demo_content"]):
        result = manage(*command, **origin.environment, timeout=300)
        assert result.returncode == 0, result.stderr
    tokens = seal_tokens(origin)
    addresses = [
        "/de/",
        "/en/",
        "/de/blog/",
        "/de/mitglieder/",
        "/de/veranstaltungen/",
        "/.well-known/did.json",
        *(f"/de/siegel/{token}/" for token in tokens.values()),
        *(f"/de/siegel/{token}.json" for token in tokens.values()),
        *(f"/badges/credentials/{token}" for token in tokens.values()),
    ]
    origin.start()
    try:
        served = pages(origin, addresses)
        verdicts = {status: verdict(origin, tokens[status]) for status in CHECKED}
        backup = tmp_path / "backup"
        result = manage("backup", str(backup), **origin.environment)
        assert result.returncode == 0, result.stderr
    finally:
        origin.stop()

    restored = site_in(
        tmp_path / "restored",
        restored_url,
        port=origin.port,
        secret_key=origin.environment["DJANGO_SECRET_KEY"],
    )
    # The static files come from the code, not from the backup.
    restored.environment["DJANGO_STATIC_ROOT"] = origin.environment["DJANGO_STATIC_ROOT"]
    result = manage("restore", str(backup), **restored.environment, timeout=300)
    assert result.returncode == 0, result.stderr
    restored.start()
    try:
        assert pages(restored, addresses) == served
        assert {status: verdict(restored, tokens[status]) for status in CHECKED} == verdicts
    finally:
        restored.stop()

    assert (verdicts["active"][0], verdicts["revoked"][0]) == (True, False)
    assert all(status == 200 for status, _type, _text in served.values())
    for folder in ("media", "member-files"):
        assert files_below(tmp_path / "restored" / folder) == files_below(
            tmp_path / "origin" / folder
        )
    assert (
        Path(restored.environment["SEAL_SIGNING_KEY_FILE"]).read_bytes()
        == Path(origin.environment["SEAL_SIGNING_KEY_FILE"]).read_bytes()
    )
