import re

import pytest
import wagtail_factories
from wagtail.models import Locale, PageViewRestriction

from cms.models import FundingNotice
from home.models import HomePage, StandardPage
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def heading(response):
    return re.search(r"<h1>(.*?)</h1>", response.content.decode()).group(1)


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_german_home_page_is_german(client, demo_content):
    response = client.get("/de/")

    assert response.status_code == 200
    assert html_lang(response) == "de"
    assert heading(response) == "Aufbruch zur SMART REGION"
    assert "Zum Hauptinhalt springen" in response.content.decode()


def test_english_home_page_is_english(client, demo_content):
    response = client.get("/en/")

    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert heading(response) == "Setting out for the SMART REGION"
    assert "Skip to main content" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "other_language_link"),
    [
        ("/de/", '<a href="/en/" lang="en" hreflang="en" rel="alternate">English</a>'),
        ("/en/", '<a href="/de/" lang="de" hreflang="de" rel="alternate">Deutsch</a>'),
    ],
)
def test_language_switcher_leads_to_the_same_page_in_the_other_language(
    client, demo_content, path, other_language_link
):
    assert other_language_link in client.get(path).content.decode()


def test_switcher_says_when_a_page_has_no_translation(client, demo_content):
    response = client.get("/de/der-weg-zur-smart-region/")
    content = response.content.decode()

    assert response.status_code == 200
    assert 'class="language-switcher__fallback"' in content
    # Said in the language the visitor is looking for, leading to that language's home page.
    assert re.search(
        r'<a href="/en/" lang="en" hreflang="en" class="language-switcher__fallback">English '
        r"<span[^>]*>\(this page is not translated: go to the home page\)</span></a>",
        content,
    )
    assert 'hreflang="en" href=' not in content


def test_switcher_follows_a_translated_subpage(client, demo_content):
    page = StandardPage.objects.get(slug="der-weg-zur-smart-region")
    english = page.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "The way to the SMART REGION"
    english.save_revision().publish()

    german = client.get("/de/der-weg-zur-smart-region/").content.decode()
    english_page = client.get("/en/der-weg-zur-smart-region/")

    assert 'href="/en/der-weg-zur-smart-region/" lang="en"' in german
    assert english_page.status_code == 200
    assert heading(english_page) == "The way to the SMART REGION"


@pytest.mark.parametrize(
    ("accept_language", "target"),
    [
        ("en-GB,en;q=0.9", "/en/"),
        ("de-DE,de;q=0.9,en;q=0.5", "/de/"),
        ("fr-FR,fr;q=0.9", "/de/"),
        (None, "/de/"),
    ],
)
def test_root_redirects_to_the_visitors_language(client, demo_content, accept_language, target):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}

    response = client.get("/", **headers)

    assert response.status_code == 302
    assert response["Location"] == target


def test_header_menu_comes_from_the_page_tree(client, demo_content):
    page = StandardPage.objects.get(slug="der-weg-zur-smart-region")

    shown = client.get("/de/").content.decode()
    page.show_in_menus = False
    page.save_revision().publish()
    hidden = client.get("/de/").content.decode()

    assert '<a href="/de/der-weg-zur-smart-region/">Der Weg zur SMART REGION</a>' in shown
    assert "der-weg-zur-smart-region" not in hidden


def test_footer_shows_contact_and_funding_notice_in_the_page_language(client, demo_content):
    german = client.get("/de/").content.decode()
    english = client.get("/en/").content.decode()

    assert "Dr. Jürgen Glaser" in german
    assert "Prokurist/Bereichsleiter Clusterentwicklung" in german
    assert "Europäischen Fonds für regionale Entwicklung gefördert" in german
    assert "Authorised Officer / Head of Cluster Development" in english
    assert "European Regional Development Fund" in english
    assert "Veritaskai 4" in english


def test_footer_shows_the_funding_emblem_with_its_description_as_alt_text(client, demo_content):
    emblem = wagtail_factories.ImageFactory(
        title="EU-Emblem", description="Kofinanziert von der Europäischen Union"
    )
    # Set on the German notice only, as an editor does before wagtail-localize syncs English.
    FundingNotice.objects.filter(locale__language_code="de").update(logo=emblem)

    for path in ("/de/", "/en/"):
        content = client.get(path).content.decode()
        emblem_tag = re.search(r'<img [^>]*class="site-footer__funding-logo"[^>]*>', content)
        assert 'alt="Kofinanziert von der Europäischen Union"' in emblem_tag.group(0), path


def test_unknown_page_answers_404_in_the_visitors_language(client, demo_content):
    german = client.get("/de/gibt-es-nicht/")
    english = client.get("/en/does-not-exist/")

    assert german.status_code == 404
    assert "Seite nicht gefunden" in german.content.decode()
    assert english.status_code == 404
    assert "Page not found" in english.content.decode()


def test_menu_leaves_out_pages_behind_a_login(client, demo_content):
    page = StandardPage.objects.get(slug="der-weg-zur-smart-region")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    assert "der-weg-zur-smart-region" not in client.get("/de/").content.decode()


def test_page_served_in_another_language_says_which_language_it_is_in(client, demo_content):
    HomePage.objects.get(locale__language_code="en").unpublish()

    response = client.get("/en/")
    content = response.content.decode()

    # Wagtail serves the German home page while the English one is unpublished.
    assert heading(response) == "Aufbruch zur SMART REGION"
    assert html_lang(response) == "de"
    assert "Zum Hauptinhalt springen" in content
    assert '<span class="language-switcher__current" lang="de" aria-current="true">' in content
    assert 'hreflang="en" href=' not in content


def test_content_language_header_names_the_language_of_the_content(client, demo_content):
    english = client.get("/en/")
    HomePage.objects.get(locale__language_code="en").unpublish()
    german_under_english_url = client.get("/en/")

    assert english["Content-Language"] == "en"
    assert german_under_english_url["Content-Language"] == "de"


def test_an_alias_in_the_english_tree_is_no_translation(client, demo_content):
    german = StandardPage.objects.get(slug="der-weg-zur-smart-region")
    german.copy_for_translation(Locale.objects.get(language_code="en"), alias=True)

    alias = client.get("/en/der-weg-zur-smart-region/")
    original = client.get("/de/der-weg-zur-smart-region/").content.decode()

    # The alias shows the German text, and says so.
    assert alias.status_code == 200
    assert html_lang(alias) == "de"
    assert alias["Content-Language"] == "de"
    assert 'hreflang="en" href=' not in original
    assert 'class="language-switcher__fallback"' in original


def test_userbar_speaks_the_admin_language_on_english_pages(client, demo_content, admin_user):
    client.force_login(admin_user)

    content = client.get("/en/").content.decode()

    assert "Zum Wagtail Admin-Interface" in content
    assert "Go to Wagtail admin" not in content


def test_not_found_page_offers_the_home_pages_and_claims_no_translation(client, demo_content):
    content = client.get("/de/gibt-es-nicht/").content.decode()

    assert 'rel="alternate" hreflang' not in content
    assert 'href="/en/" lang="en" hreflang="en" class="language-switcher__fallback"' in content


def test_pages_load_nothing_from_another_site(client, demo_content):
    for path in ("/de/", "/en/", "/de/der-weg-zur-smart-region/"):
        content = client.get(path).content.decode()
        # Alternate-language links must be absolute; everything the browser loads must not be.
        loaded = [
            tag
            for tag in re.findall(r"<(?:link|script|img|iframe|source)\b[^>]*>", content)
            if 'rel="alternate"' not in tag
        ]
        assert loaded, path
        for tag in loaded:
            assert not re.search(r'(?:src|href|srcset)="(?:[a-z]+:)?//', tag), (path, tag)


@pytest.mark.parametrize("path", ["/de/", "/en/", "/de/der-weg-zur-smart-region/"])
def test_page_queries_stay_within_budget_however_big_the_menu(
    client, demo_content, django_assert_max_num_queries, path
):
    home = HomePage.objects.get(locale__language_code="de")
    StandardPageFactory.create_batch(30, parent=home, show_in_menus=True)
    client.get(path)  # fills the per-process caches a running site already has

    with django_assert_max_num_queries(12):
        response = client.get(path)

    assert response.status_code == 200
    if path.startswith("/de/"):
        assert response.content.decode().count('href="/de/seite-') == 30
