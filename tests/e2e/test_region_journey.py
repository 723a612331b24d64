"""A visitor finds their way through the region's pages: sector, lead project, downloads."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_goes_from_a_sector_to_a_lead_project_and_downloads_the_masterplan(
    page, live_demo, look_at
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_demo.url}/de/")
    look_at()

    page.get_by_role("link", name="Energiewirtschaft").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Energiewirtschaft")
    expect(page.get_by_role("heading", name="Leitprojekte in diesem Kompetenzfeld")).to_be_visible()
    look_at()

    page.get_by_role("link", name="Bioökonomie-Netzwerk Nordostniedersachsen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bioökonomie-Netzwerk Nordostniedersachsen"
    )
    expect(page.get_by_text("langfristig (5+ Jahre)")).to_be_visible()
    look_at()

    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bioeconomy network north-east Lower Saxony"
    )
    # In English, the project's sectors lead to the English sector pages.
    sector = page.get_by_role("link", name="Energy industry").last
    expect(sector).to_have_attribute("href", "/en/sectors/energy-industry/")
    look_at()

    page.goto(f"{live_demo.url}/en/about-smart-region/")
    look_at()
    masterplan = page.get_by_role("link", name="Masterplan SMART REGION (Langfassung)")
    expect(masterplan).to_contain_text("PDF")
    download = page.request.get(live_demo.url + masterplan.get_attribute("href"))
    assert download.status == 200
    assert download.body().startswith(b"%PDF")


def test_visitor_searches_with_suggestions_and_narrows_the_results(page, live_demo, look_at):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_demo.url}/de/")
    page.get_by_role("link", name="Suche", exact=True).click()
    look_at()

    search_box = page.get_by_role("combobox", name="Wonach suchen Sie?")
    search_box.press_sequentially("Energiewirt", delay=30)
    suggestions = page.get_by_role("listbox", name="Vorschläge")
    expect(suggestions.get_by_role("option").first).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Vorschläge")).to_contain_text(
        "Auswahl mit den Pfeiltasten"
    )
    look_at()
    search_box.press("ArrowDown")
    expect(search_box).to_have_attribute("aria-activedescendant", "search-suggestions-0")
    first_title = suggestions.get_by_role("option").first.locator(".search-suggestions__title")
    chosen = first_title.inner_text()
    search_box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(chosen)

    page.goto(f"{live_demo.url}/de/suche/")
    page.get_by_role("combobox", name="Wonach suchen Sie?").fill("Energie")
    page.get_by_role("button", name="Suche", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Treffer")).to_be_visible()
    expect(page.locator(".search-hit mark").first).to_be_visible()
    look_at()
    page.get_by_role("complementary").get_by_role("link", name="Görlitz").click()
    expect(page.locator(".filters__chip")).to_have_text("Görlitz (Filter entfernen)×")
    assert "district=goerlitz" in page.url
    look_at()
