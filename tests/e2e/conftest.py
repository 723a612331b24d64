"""Browser journeys: Debian's Chromium driven by Playwright against the live test server."""

import contextlib
import os
import sqlite3
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import run_demo_loader, service_missing

# Playwright's sync API runs an event loop in this thread; the Django ORM calls made by the
# fixtures around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# Chromium must not reach for the internet, which this machine does not have.
AXE_RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        service_missing(f"Chromium is not installed at {CHROMIUM} (scripts/test-all installs it)")
    from playwright.sync_api import sync_playwright

    args = [*CHROMIUM_ARGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        yield browser
        browser.close()


# Records every Content-Security-Policy violation of the page, from its first script on.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`
        + ` at ${event.documentURI}:${event.lineNumber}`
    );
});
"""


@pytest.fixture
def page(browser):
    """A German browser tab. Any Content-Security-Policy violation on any page it showed fails
    the test, so every page is built to the policy."""
    context = browser.new_context(locale="de-DE")
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    # A page that is closed or navigating has reported its violations to the console.
    with contextlib.suppress(PlaywrightError):
        violations.extend(page.evaluate("window.__cspViolations || []"))
    context.close()
    assert violations == [], "Content-Security-Policy violations: " + "; ".join(violations)


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        service_missing(f"axe-core is missing at {AXE} (npm ci --prefix tests/e2e)")
    return AXE.read_text()


@pytest.fixture
def check_accessibility(page, axe_source):
    """Run axe-core's WCAG 2.1 A/AA and best-practice rules on the page shown now; any
    violation fails, whatever its impact (heading order and landmarks are only "moderate")."""

    def check():
        # Evaluated by the browser's debugging protocol, which the page's policy does not
        # cover; a script tag would be an inline script that the policy rightly blocks.
        page.evaluate(axe_source)
        results = page.evaluate(
            """(tags) => axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            })""",
            AXE_RULE_TAGS,
        )
        violations = [
            f"{violation['id']} ({violation['impact']}): {violation['help']} at "
            + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
            for violation in results["violations"]
        ]
        assert violations == [], f"{page.url}: " + "; ".join(violations)

    return check


@pytest.fixture
def look_at(page, check_accessibility):
    """Check the page shown now at desktop width and as a phone shows it: axe at both widths,
    and no sideways scrolling at 320 px."""

    def check():
        check_accessibility()
        page.set_viewport_size({"width": 320, "height": 700})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px at 320 px"
        check_accessibility()
        page.set_viewport_size({"width": 1280, "height": 900})

    return check


@pytest.fixture(scope="session")
def demo_snapshot(tmp_path_factory):
    """Where this process keeps a copy of its SQLite test database with the demo loaded."""
    return tmp_path_factory.mktemp("demo-snapshot") / "demo.sqlite3"


@pytest.fixture
def live_demo(live_server, transactional_db, demo_snapshot):
    """The live server with the demo content. On SQLite the demo is loaded once per process
    and copied back into the database before each journey, which is what loading it again
    would give (the loader has tests of its own); the journey's end empties the database."""
    if connection.vendor != "sqlite":
        run_demo_loader()
        return live_server
    connection.ensure_connection()
    if demo_snapshot.exists():
        with contextlib.closing(sqlite3.connect(demo_snapshot)) as snapshot:
            snapshot.backup(connection.connection)
        # Emptying the database after the last journey made content types anew, under other
        # ids than the copy has.
        ContentType.objects.clear_cache()
    else:
        run_demo_loader()
        with contextlib.closing(sqlite3.connect(demo_snapshot)) as snapshot:
            connection.connection.backup(snapshot)
    return live_server
