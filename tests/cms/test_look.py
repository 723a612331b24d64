"""The site's own look: every file it names is there, and the menu works without a script."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.helpers import parse

pytestmark = pytest.mark.django_db

STYLESHEETS = ["css/site.css", "css/print.css"]


def static_path(url):
    return url.removeprefix("/static/").split("?")[0]


@pytest.mark.parametrize(
    "path", ["/de/", "/de/kompetenzfelder/energiewirtschaft/", "/de/gibt-es-nicht/"]
)
def test_every_file_a_page_names_is_served_by_the_site(client, site_tree, path):
    document = parse(client.get(path))
    named = [
        tag.get("href") or tag.get("src")
        for tag in document.select("link[href], img[src], script[src]")
        if "alternate" not in tag.get("rel", []) and "canonical" not in tag.get("rel", [])
    ]

    assert {static_path(url) for url in named if url.startswith("/static/")} >= {
        *STYLESHEETS,
        "img/logo.svg",
        "img/favicon.svg",
    }
    for url in named:
        if url.startswith("/static/"):
            assert finders.find(static_path(url)), url
        # Uploaded images are the web server's to serve (docs/nginx.conf).
        elif not url.startswith("/media/"):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("stylesheet", STYLESHEETS)
def test_stylesheets_load_only_the_sites_own_files(stylesheet):
    source = Path(finders.find(stylesheet)).read_text(encoding="utf-8")
    folder = stylesheet.rsplit("/", 1)[0]

    assert "@import" not in source
    for url in re.findall(r"url\(\"?([^\")]+)\"?\)", source):
        assert "//" not in url, url
        assert finders.find(f"{folder}/{url}".replace("css/../", "")), url


def test_print_stylesheet_is_only_for_paper(client, site_tree):
    document = parse(client.get("/de/"))

    print_sheet = document.select_one('link[href="/static/css/print.css"]')
    assert print_sheet["media"] == "print"


def test_logo_leads_home_and_is_named(client, site_tree):
    logo = parse(client.get("/de/uber-uns/")).select_one(".site-header a.site-logo")

    assert logo["href"] == "/de/"
    assert logo.img["alt"] == "SMART REGION"
    assert logo.get_text(" ", strip=True) == "zur Startseite"


def test_small_screens_open_the_menu_without_a_script(client, site_tree):
    document = parse(client.get("/de/"))
    menu = document.select_one('nav.main-menu[aria-label="Hauptnavigation"]')
    toggle = menu.select_one("button.main-menu__toggle")
    panel = menu.select_one("[popover]")

    assert toggle.get_text(strip=True) == "Menü"
    assert toggle["popovertarget"] == panel["id"]
    assert menu.select_one("button.main-menu__close")["popovertargetaction"] == "hide"
    assert panel.select(".main-menu__list a")


def test_skip_link_comes_first_and_leads_to_the_content(client, site_tree):
    document = parse(client.get("/de/"))

    first_link = document.body.find("a")
    assert first_link["href"] == "#main-content"
    assert document.select_one("main#main-content")
