"""What a visitor sees on every page of the site: languages, menu, footer, errors."""

import pytest
from wagtail.models import Locale, PageViewRestriction

from cms.models import FundingNotice
from home.models import HomePage
from tests.factories.home import StandardPageFactory
from tests.helpers import parse

pytestmark = pytest.mark.django_db


def heading(response):
    return parse(response).h1.get_text(strip=True)


def html_lang(response):
    return parse(response).html["lang"]


def switcher_link(response, language):
    return parse(response).select_one(f'.language-switcher a[lang="{language}"]')


def hreflang_links(response):
    return {link["hreflang"]: link["href"] for link in parse(response).select("link[hreflang]")}


def test_german_home_page_is_german(client, site_tree):
    response = client.get("/de/")

    assert response.status_code == 200
    assert html_lang(response) == "de"
    assert heading(response) == "Willkommen in der SMART REGION"
    assert parse(response).select_one(".skip-link").get_text() == "Zum Hauptinhalt springen"


def test_english_home_page_is_english(client, site_tree):
    response = client.get("/en/")

    assert html_lang(response) == "en"
    assert heading(response) == "Welcome to the SMART REGION"
    assert parse(response).select_one(".skip-link").get_text() == "Skip to main content"


@pytest.mark.parametrize(
    ("path", "other", "target"), [("/de/", "en", "/en/"), ("/en/", "de", "/de/")]
)
def test_language_switcher_leads_to_the_same_page_in_the_other_language(
    client, site_tree, path, other, target
):
    link = switcher_link(client.get(path), other)

    assert link["href"] == target
    assert link["rel"] == ["alternate"]


def test_switcher_says_when_a_page_has_no_translation(client, site_tree):
    response = client.get("/de/leitprojekte/biookonomie/")
    link = switcher_link(response, "en")

    assert response.status_code == 200
    # Said in the language the visitor is looking for, leading to that language's home page.
    assert link["href"] == "/en/"
    assert "language-switcher__fallback" in link["class"]
    assert "(this page is not translated: go to the home page)" in link.get_text()
    assert "en" not in hreflang_links(response)


def test_switcher_follows_a_translated_subpage(client, site_tree):
    german = client.get("/de/uber-uns/")
    english = client.get("/en/about-us/")

    assert switcher_link(german, "en")["href"] == "/en/about-us/"
    assert hreflang_links(german)["en"] == "http://testserver/en/about-us/"
    assert heading(english) == "About us"


@pytest.mark.parametrize(
    ("accept_language", "target"),
    [
        ("en-GB,en;q=0.9", "/en/"),
        ("de-DE,de;q=0.9,en;q=0.5", "/de/"),
        ("fr-FR,fr;q=0.9", "/de/"),
        (None, "/de/"),
    ],
)
def test_root_redirects_to_the_visitors_language(client, site_tree, accept_language, target):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}

    response = client.get("/", **headers)

    assert response.status_code == 302
    assert response["Location"] == target


def menu(response):
    return {
        link.get_text(strip=True): link["href"] for link in parse(response).select(".main-menu a")
    }


def test_header_menu_comes_from_the_page_tree(client, site_tree):
    shown = menu(client.get("/de/"))
    site_tree.about.show_in_menus = False
    site_tree.about.save_revision().publish()
    hidden = menu(client.get("/de/"))

    assert shown["Über uns"] == "/de/uber-uns/"
    assert shown["Kompetenzfelder"] == "/de/kompetenzfelder/"
    assert "Über uns" not in hidden


def test_menu_leaves_out_pages_behind_a_login(client, site_tree):
    PageViewRestriction.objects.create(
        page=site_tree.about, restriction_type=PageViewRestriction.LOGIN
    )

    assert "Über uns" not in menu(client.get("/de/"))


def test_a_private_page_its_subpages_and_its_aliases_ask_visitors_to_log_in(client, site_tree):
    inside = StandardPageFactory(parent=site_tree.about, title="Intern")
    english = Locale.objects.get(language_code="en")
    alias = site_tree.about.create_alias(
        parent=site_tree.en.home, update_slug="about-the-region", update_locale=english
    )
    # Wagtail holds a page below an alias to the restrictions of the alias's source.
    below_the_alias = StandardPageFactory(parent=alias, title="Below", locale=english)
    addresses = [site_tree.about.url, inside.url, alias.url, below_the_alias.url]
    open_to_all = [client.get(address).status_code for address in addresses]

    PageViewRestriction.objects.create(
        page=site_tree.about, restriction_type=PageViewRestriction.LOGIN
    )
    answers = [client.get(address) for address in addresses]

    assert open_to_all == [200, 200, 200, 200]
    assert [answer.status_code for answer in answers] == [302, 302, 302, 302]
    assert all("next=" in answer["Location"] for answer in answers)


def test_footer_shows_contact_and_funding_notice_in_the_page_language(client, site_tree):
    german = parse(client.get("/de/")).select_one(".site-footer").get_text(" ", strip=True)
    english = parse(client.get("/en/")).select_one(".site-footer").get_text(" ", strip=True)

    assert "Dr. Jürgen Glaser" in german
    assert "Prokurist" in german
    assert "Gefördert von der EU." in german
    assert "Authorised Officer" in english
    assert "Funded by the EU." in english
    assert "Veritaskai 4" in english


def test_footer_emblem_falls_back_to_the_images_description(client, site_tree):
    FundingNotice.objects.update(logo_alt_text="")

    for path in ("/de/", "/en/"):
        emblem = parse(client.get(path)).select_one("img.site-footer__funding-logo")
        assert emblem["alt"] == "EU-Flagge", path


def test_unknown_page_answers_404_in_the_visitors_language(client, site_tree):
    german = client.get("/de/gibt-es-nicht/")
    english = client.get("/en/does-not-exist/")

    assert german.status_code == 404
    assert heading(german) == "Seite nicht gefunden"
    assert english.status_code == 404
    assert heading(english) == "Page not found"


def test_page_served_in_another_language_says_which_language_it_is_in(client, site_tree):
    HomePage.objects.get(locale__language_code="en").unpublish()

    response = client.get("/en/")

    # Wagtail serves the German home page while the English one is unpublished.
    assert heading(response) == "Willkommen in der SMART REGION"
    assert html_lang(response) == "de"
    assert response["Content-Language"] == "de"
    current = parse(response).select_one(".language-switcher__current")
    assert current["lang"] == "de"
    assert "en" not in hreflang_links(response)


def test_content_language_header_names_the_language_of_the_content(client, site_tree):
    assert client.get("/en/")["Content-Language"] == "en"
    assert client.get("/de/")["Content-Language"] == "de"


def test_an_alias_in_the_english_tree_is_no_translation(client, site_tree):
    site_tree.bioeconomy.copy_for_translation(Locale.objects.get(language_code="en"), alias=True)

    alias = client.get("/en/lead-projects/biookonomie/")
    original = client.get("/de/leitprojekte/biookonomie/")

    # The alias shows the German text, and says so.
    assert alias.status_code == 200
    assert html_lang(alias) == "de"
    assert alias["Content-Language"] == "de"
    assert "en" not in hreflang_links(original)
    assert "language-switcher__fallback" in switcher_link(original, "en")["class"]


def test_userbar_speaks_the_admin_language_on_english_pages(client, site_tree, admin_user):
    client.force_login(admin_user)

    content = client.get("/en/").content.decode()

    assert "Zum Wagtail Admin-Interface" in content
    assert "Go to Wagtail admin" not in content


def test_not_found_page_offers_the_home_pages_and_claims_no_translation(client, site_tree):
    response = client.get("/de/gibt-es-nicht/")

    assert hreflang_links(response) == {}
    assert "language-switcher__fallback" in switcher_link(response, "en")["class"]


PAGES = ["/de/", "/en/", "/de/uber-uns/", "/de/kompetenzfelder/energiewirtschaft/"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_nothing_from_another_site(client, site_tree, path):
    document = parse(client.get(path))
    loaded = [
        (tag.name, tag.get(attribute))
        for tag in document.select("link, script, img, iframe, source")
        if "alternate" not in tag.get("rel", []) and "canonical" not in tag.get("rel", [])
        for attribute in ("src", "href", "srcset")
        if tag.get(attribute)
    ]

    assert loaded
    assert [item for item in loaded if "//" in item[1].split(" ")[0]] == []


@pytest.mark.parametrize("path", PAGES)
def test_page_queries_stay_within_budget_however_big_the_menu(
    client, site_tree, django_assert_max_num_queries, path
):
    StandardPageFactory.create_batch(30, parent=site_tree.home, show_in_menus=True)
    client.get(path)  # fills the per-process caches a running site already has

    with django_assert_max_num_queries(12):
        response = client.get(path)

    assert response.status_code == 200
    if path.startswith("/de/"):
        assert len([href for href in menu(response).values() if "/de/seite-" in href]) == 30
