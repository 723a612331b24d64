"""What search engines and link previews find: sitemap, robots.txt, canonical addresses, Open
Graph and Twitter tags, the breadcrumb and schema.org structured data."""

import json
import xml.etree.ElementTree as ElementTree

import pytest
import wagtail_factories
from wagtail.models import Locale, PageViewRestriction

from tests.factories.home import StandardPageFactory
from tests.helpers import parse

pytestmark = pytest.mark.django_db

SITEMAP_NAMESPACES = {
    "sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def sitemap_entries(client):
    """The sitemap's addresses, each with its alternates by language."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 (the site's own answer)
    return {
        url.findtext("sitemap:loc", namespaces=SITEMAP_NAMESPACES): {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link[@rel='alternate']", SITEMAP_NAMESPACES)
        }
        for url in root.findall("sitemap:url", SITEMAP_NAMESPACES)
    }


def meta(document, name):
    tag = document.find("meta", attrs={"property": name}) or document.find(
        "meta", attrs={"name": name}
    )
    return tag and tag["content"]


def structured_data(response):
    (script,) = parse(response).select('script[type="application/ld+json"]')
    return {item["@type"]: item for item in json.loads(script.string)["@graph"]}


def breadcrumb(response):
    trail = parse(response).select_one("nav.breadcrumb")
    return trail and [
        (item.get_text(strip=True), item.a["href"] if item.a else None)
        for item in trail.select("ol > li")
    ]


def test_sitemap_lists_both_languages_with_their_alternates(client, site_tree):
    entries = sitemap_entries(client)
    energy = {
        "de": "http://testserver/de/kompetenzfelder/energiewirtschaft/",
        "en": "http://testserver/en/sectors/energy/",
    }

    assert entries["http://testserver/de/"] == {
        "de": "http://testserver/de/",
        "en": "http://testserver/en/",
    }
    assert entries[energy["de"]] == energy
    assert entries[energy["en"]] == energy
    # A page without a translation names none.
    assert entries["http://testserver/de/kompetenzfelder/land-und-ernahrungswirtschaft/"] == {}
    assert len([url for url in entries if url.startswith("http://testserver/en/")]) == 6


def test_sitemap_leaves_out_aliases_and_what_visitors_cannot_see(client, site_tree):
    site_tree.food.copy_for_translation(Locale.objects.get(language_code="en"), alias=True)
    site_tree.about.unpublish()  # its English translation stays published
    PageViewRestriction.objects.create(
        page=site_tree.lead_projects, restriction_type=PageViewRestriction.LOGIN
    )

    entries = sitemap_entries(client)
    addresses = set(entries) | {
        url for alternates in entries.values() for url in alternates.values()
    }

    assert "http://testserver/de/kompetenzfelder/land-und-ernahrungswirtschaft/" in entries
    assert not [url for url in addresses if "/en/sectors/land-und-" in url]
    assert not [url for url in addresses if "/uber-uns/" in url]
    assert entries["http://testserver/en/about-us/"] == {}
    assert not [url for url in addresses if "/leitprojekte/" in url]
    assert entries["http://testserver/en/lead-projects/"] == {}


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, site_tree):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_pages_name_their_canonical_address_without_the_query(client, site_tree):
    listing = parse(client.get("/de/leitprojekte/?sector=energiewirtschaft"))
    english = parse(client.get("/en/sectors/energy/"))

    assert listing.select_one('link[rel="canonical"]')["href"] == (
        "http://testserver/de/leitprojekte/"
    )
    assert english.select_one('link[rel="canonical"]')["href"] == (
        "http://testserver/en/sectors/energy/"
    )


def test_an_alias_names_the_page_it_mirrors_as_canonical(client, site_tree):
    site_tree.food.copy_for_translation(Locale.objects.get(language_code="en"), alias=True)

    alias = parse(client.get("/en/sectors/land-und-ernahrungswirtschaft/"))

    assert alias.select_one('link[rel="canonical"]')["href"] == (
        "http://testserver/de/kompetenzfelder/land-und-ernahrungswirtschaft/"
    )


def test_link_previews_show_the_pages_title_text_and_image(client, site_tree):
    site_tree.energy.listing_image = wagtail_factories.ImageFactory(
        title="Windpark",
        description="Windräder über der Marsch",
        file__width=2400,
        file__height=1600,
    )
    site_tree.energy.save_revision().publish()

    document = parse(client.get("/de/kompetenzfelder/energiewirtschaft/"))
    image = meta(document, "og:image")

    assert meta(document, "og:title") == "Energiewirtschaft"
    assert meta(document, "og:description") == "Eine Seite aus der Region."
    assert meta(document, "description") == "Eine Seite aus der Region."
    assert meta(document, "og:url") == "http://testserver/de/kompetenzfelder/energiewirtschaft/"
    assert meta(document, "og:site_name") == "SMART REGION"
    assert meta(document, "og:locale") == "de_DE"
    assert meta(document, "og:locale:alternate") == "en_GB"
    assert image.startswith("http://testserver/media/images/")
    assert ".fill-1200x630" in image
    assert (meta(document, "og:image:width"), meta(document, "og:image:height")) == ("1200", "630")
    assert meta(document, "og:image:alt") == "Windräder über der Marsch"
    assert meta(document, "twitter:card") == "summary_large_image"
    assert meta(document, "twitter:title") == "Energiewirtschaft"
    assert meta(document, "twitter:image") == image


def test_a_page_without_a_picture_is_previewed_with_the_initiatives_card(client, site_tree):
    document = parse(client.get("/en/about-us/"))

    assert meta(document, "og:image") == "http://testserver/static/img/social-card.png"
    assert meta(document, "og:image:alt") == "SMART REGION logo"
    assert meta(document, "og:locale") == "en_GB"
    assert meta(document, "og:description") == "A page from the region."


def test_search_description_comes_before_the_introduction(client, site_tree):
    site_tree.about.search_description = "Wer hinter SMART REGION steht."
    site_tree.about.save_revision().publish()

    document = parse(client.get("/de/uber-uns/"))

    assert meta(document, "description") == "Wer hinter SMART REGION steht."
    assert meta(document, "og:description") == "Wer hinter SMART REGION steht."


def test_error_pages_ask_not_to_be_indexed(client, site_tree):
    document = parse(client.get("/de/gibt-es-nicht/"))

    assert meta(document, "robots") == "noindex"
    assert document.select('link[rel="canonical"], meta[property^="og:"]') == []


def test_breadcrumb_leads_from_the_home_page_to_the_current_one(client, site_tree):
    german = client.get("/de/kompetenzfelder/energiewirtschaft/")
    english = client.get("/en/sectors/energy/")
    trail = parse(german).select_one('nav[aria-label="Brotkrümelpfad"]')

    assert breadcrumb(german) == [
        ("Startseite", "/de/"),
        ("Kompetenzfelder", "/de/kompetenzfelder/"),
        ("Energiewirtschaft", None),
    ]
    assert trail.select_one('[aria-current="page"]').get_text() == "Energiewirtschaft"
    assert breadcrumb(english) == [
        ("Home", "/en/"),
        ("Sectors", "/en/sectors/"),
        ("Energy", None),
    ]
    assert breadcrumb(client.get("/de/")) is None


def test_breadcrumb_names_ancestors_that_are_not_in_the_menu(client, site_tree):
    site_tree.sectors.show_in_menus = False
    site_tree.sectors.save_revision().publish()

    trail = breadcrumb(client.get("/de/kompetenzfelder/energiewirtschaft/"))

    assert trail[1] == ("Kompetenzfelder", "/de/kompetenzfelder/")


def test_structured_data_describes_the_initiative_and_the_trail(client, site_tree):
    data = structured_data(client.get("/de/kompetenzfelder/energiewirtschaft/"))
    home = structured_data(client.get("/de/"))

    assert data["Organization"]["name"] == "SMART REGION"
    assert data["Organization"]["url"] == "http://testserver/de/"
    assert data["Organization"]["logo"] == "http://testserver/static/img/logo-512.png"
    assert [
        (item["position"], item["name"], item["item"])
        for item in data["BreadcrumbList"]["itemListElement"]
    ] == [
        (1, "Startseite", "http://testserver/de/"),
        (2, "Kompetenzfelder", "http://testserver/de/kompetenzfelder/"),
        (3, "Energiewirtschaft", "http://testserver/de/kompetenzfelder/energiewirtschaft/"),
    ]
    assert set(home) == {"Organization"}


def test_structured_data_stays_data_whatever_a_title_holds(client, site_tree):
    title = 'Tipps </script><script>alert("x")</script> & mehr'
    StandardPageFactory(parent=site_tree.home, title=title, slug="tipps")

    response = client.get("/de/tipps/")

    assert parse(response).select("script:not([type]):not([src])") == []
    assert structured_data(response)["BreadcrumbList"]["itemListElement"][-1]["name"] == title


def test_menu_shows_a_second_level_of_menu_pages(client, site_tree):
    workshops = StandardPageFactory(parent=site_tree.about, title="Workshops", show_in_menus=True)
    StandardPageFactory(parent=site_tree.about, title="Archiv", show_in_menus=False)
    StandardPageFactory(parent=workshops, title="Protokolle", show_in_menus=True)

    document = parse(client.get("/de/"))
    about = next(
        item
        for item in document.select(".main-menu__list > li")
        if item.a.get_text(strip=True) == "Über uns"
    )

    assert [link.get_text(strip=True) for link in about.select(".main-menu__sublist a")] == [
        "Workshops"
    ]
    assert about.select_one(".main-menu__sublist a")["href"] == "/de/uber-uns/workshops/"
    assert about.summary.get_text(strip=True) == "Unterseiten von „Über uns“"
    assert "Protokolle" not in document.select_one(".main-menu").get_text()


def test_a_second_level_page_marks_its_section_in_the_menu(client, site_tree):
    StandardPageFactory(parent=site_tree.about, title="Workshops", show_in_menus=True)

    document = parse(client.get("/de/uber-uns/workshops/"))

    assert document.select_one('.main-menu__list > li > a[href="/de/uber-uns/"]')["class"] == [
        "is-active"
    ]
    current = document.select_one('.main-menu__sublist a[aria-current="page"]')
    assert current["href"] == "/de/uber-uns/workshops/"


def test_favicon_is_served_where_browsers_look_for_it(client, site_tree):
    response = client.get("/favicon.ico")
    icons = parse(client.get("/de/")).select('link[rel="icon"]')

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    # Every icon file starts so: reserved zero, then type 1 (icon).
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"
    assert {icon["href"] for icon in icons} == {"/favicon.ico", "/static/img/favicon.svg"}


def test_a_lost_image_file_leaves_the_preview_to_the_initiatives_card(client, site_tree):
    image = wagtail_factories.ImageFactory()
    image.file.storage.delete(image.file.name)
    site_tree.energy.listing_image = image
    site_tree.energy.save_revision().publish()

    response = client.get("/de/kompetenzfelder/energiewirtschaft/")

    assert response.status_code == 200
    assert meta(parse(response), "og:image") == "http://testserver/static/img/social-card.png"
