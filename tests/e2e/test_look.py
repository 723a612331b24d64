import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOME = "/de/"
LEAD_PROJECT = "/de/leitprojekte/regionales-innovations-und-transformationsmanagement/"


def test_the_site_fits_phones_and_desktops_and_its_menu_needs_no_script(
    page, browser, live_demo, check_accessibility
):
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for path in (HOME, LEAD_PROJECT):
            page.goto(f"{live_demo.url}{path}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow} px at {width} px"
            check_accessibility()

    # On a phone without JavaScript the menu button opens the menu, and a section its pages.
    context = browser.new_context(
        java_script_enabled=False, locale="de-DE", viewport={"width": 320, "height": 800}
    )
    phone = context.new_page()
    violations = []
    phone.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    phone.goto(f"{live_demo.url}{HOME}")
    menu = phone.get_by_role("navigation", name="Hauptnavigation")
    section = menu.get_by_role("link", name="Über SMART REGION", exact=True)
    second_level = menu.get_by_role("link", name="Der Weg zur SMART REGION")
    expect(section).to_be_hidden()

    menu.get_by_role("button", name="Menü", exact=True).click()
    expect(section).to_be_visible()
    expect(second_level).to_be_hidden()
    menu.locator("summary", has_text="Unterseiten von „Über SMART REGION“").click()
    expect(second_level).to_be_visible()
    second_level.click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Der Weg zur SMART REGION")
    expect(phone.get_by_role("navigation", name="Brotkrümelpfad")).to_contain_text(
        "Über SMART REGION"
    )
    context.close()
    assert violations == [], "Content-Security-Policy violations: " + "; ".join(violations)
