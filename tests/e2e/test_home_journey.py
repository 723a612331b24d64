import json
import re

import pytest
import wagtail_factories
from playwright.sync_api import expect

from home.models import HomePage
from tests.factories.home import StandardPageFactory

# The live server sees only committed data, so these tests use a real transaction each and
# start from an empty database, which the demo loader fills.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_switches_from_german_to_english(page, live_demo, check_accessibility):
    page.goto(f"{live_demo.url}/de/")

    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aufbruch zur SMART REGION")
    check_accessibility()

    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="English").click()

    expect(page).to_have_url(f"{live_demo.url}/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Setting out for the SMART REGION")
    expect(page.get_by_role("contentinfo")).to_contain_text("European Regional Development Fund")
    check_accessibility()


def test_untranslated_page_says_so_and_passes_axe(page, live_demo, check_accessibility):
    page.goto(f"{live_demo.url}/de/ueber-smart-region/der-weg-zur-smart-region/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Der Weg zur SMART REGION")
    switcher = page.get_by_role("navigation", name="Sprache")
    expect(switcher).to_contain_text("(this page is not translated: go to the home page)")
    check_accessibility()


def test_not_found_page_is_accessible_and_leads_home(page, live_demo, check_accessibility):
    response = page.goto(f"{live_demo.url}/en/no-such-page/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_accessibility()
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Deutsch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aufbruch zur SMART REGION")


def test_keyboard_user_skips_to_the_content(page, live_demo):
    page.goto(f"{live_demo.url}/de/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Zum Hauptinhalt springen")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"#main-content$"))
    expect(page.locator("#main-content")).to_be_focused()


@pytest.mark.parametrize("width", [320, 768, 1280])
def test_layout_fits_the_screen_without_sideways_scrolling(page, live_demo, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_demo.url}/de/ueber-smart-region/der-weg-zur-smart-region/")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    assert overflow <= 0
    expect(page.get_by_role("link", name="English")).to_be_visible()


def test_editor_logs_in_to_the_german_admin(page, live_demo, django_user_model):
    django_user_model.objects.create_superuser(
        username="redaktion", email="redaktion@example.org", password="sicheres-passwort-42"
    )
    page.goto(f"{live_demo.url}/admin/")

    page.get_by_label("Benutzername").fill("redaktion")
    page.get_by_label("Passwort").fill("sicheres-passwort-42")
    page.get_by_role("button", name="Anmelden").click()

    expect(page).to_have_url(f"{live_demo.url}/admin/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_contain_text("SMART REGION")
    expect(page.get_by_text("Seiten").first).to_be_visible()

    # The public site shows the editor Wagtail's user bar, within the public pages' policy.
    page.goto(f"{live_demo.url}/de/")
    expect(page.locator("wagtail-userbar")).to_be_attached()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aufbruch zur SMART REGION")


def test_images_and_quotes_line_up_with_the_text_on_a_phone(page, live_demo):
    german_home = HomePage.objects.get(locale__language_code="de")
    photo = wagtail_factories.ImageFactory(title="Workshop in Lüneburg")
    StandardPageFactory(
        parent=german_home,
        title="Fotoprotokoll",
        slug="fotoprotokoll",
        body=json.dumps(
            [
                {"type": "paragraph", "value": "<p>Rund 40 Projektideen entstanden.</p>"},
                {
                    "type": "image",
                    "value": {"image": photo.id, "alt_text": "Workshop", "decorative": False},
                },
                {"type": "quote", "value": {"text": "Ein Aufbruch.", "attribution": "Teilnehmer"}},
            ]
        ),
    )
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_demo.url}/de/fotoprotokoll/")

    text = page.locator(".stream > p").first.bounding_box()
    image = page.get_by_role("img", name="Workshop").bounding_box()
    quote = page.locator(".stream blockquote").bounding_box()

    assert image["x"] == text["x"]
    assert image["width"] == text["width"]
    assert quote["x"] >= text["x"]
    assert quote["x"] + quote["width"] <= text["x"] + text["width"]
    assert quote["x"] - text["x"] < 24
