"""An editor keeps the German and English site in step, in the admin as it is."""

import time

import pytest
from playwright.sync_api import expect

from cms.models import ContactPerson
from home.models import StandardPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "sicheres-passwort-42"


@pytest.fixture
def editor_page(page, live_demo, django_user_model):
    django_user_model.objects.create_superuser("redaktion", "redaktion@example.org", PASSWORD)
    page.goto(f"{live_demo.url}/admin/login/")
    page.get_by_label("Benutzername").fill("redaktion")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(f"{live_demo.url}/admin/")
    return page


def test_a_translation_goes_public_only_when_published_and_contacts_stay_in_step(
    editor_page, live_demo
):
    page = editor_page
    german = StandardPage.objects.get(slug="der-weg-zur-smart-region", locale__language_code="de")
    english_url = f"{live_demo.url}/en/about-smart-region/der-weg-zur-smart-region/"

    page.goto(f"{live_demo.url}/admin/localize/submit/page/{german.id}/")
    expect(page.get_by_role("checkbox", name="English")).to_be_checked()
    page.get_by_role("button", name="Absenden").click()
    expect(page.get_by_text("zur Übersetzung in English eingereicht")).to_be_visible()

    assert page.request.get(english_url).status == 404

    page.get_by_role("button", name="Übersetzen").first.click()
    expect(page.get_by_role("heading", name="Übersetzung Deutsch → English").first).to_be_visible()
    expect(page.get_by_role("button", name="Weitere Aktionen")).to_be_attached()
    page.locator("textarea").first.fill("The way to the SMART REGION")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_role("button", name="Veröffentlichen in English").click()
    # Strings left untranslated fall back to German; wagtail-localize says so.
    expect(page.locator(".messages")).to_contain_text(
        "in English mit fehlenden Übersetzungen veröffentlicht"
    )

    page.goto(english_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("The way to the SMART REGION")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    contact = ContactPerson.objects.get(locale__language_code="de", name="Jürgen Glaser")
    page.goto(f"{live_demo.url}/admin/snippets/cms/contactperson/edit/{contact.pk}/")
    page.get_by_label("Telefon").fill("+49 (40) 355 10 9999")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".messages")).to_contain_text("geändert")

    page.goto(f"{live_demo.url}/en/")
    expect(page.get_by_role("contentinfo")).to_contain_text("+49 (40) 355 10 9999")


def test_autosave_keeps_a_draft_with_a_new_empty_block(editor_page, live_demo):
    page = editor_page
    german = StandardPage.objects.get(slug="der-weg-zur-smart-region", locale__language_code="de")
    blocks_before = len(german.body)

    page.goto(f"{live_demo.url}/admin/pages/{german.id}/edit/")
    # Wagtail takes the form as it is two seconds after loading as the unchanged state.
    page.wait_for_timeout(2500)
    page.get_by_role("button", name="Einen Block einfügen").last.click()
    page.get_by_role("option", name="Absatz").click()
    # One change at a time: a change made while the previous one is being saved can be left
    # for the next change to carry, and this test makes no next change.
    added = latest_draft(german, lambda draft: len(draft.body) == blocks_before + 1)
    assert len(added.body) == blocks_before + 1
    expect(page.locator("#w-autosave-indicator")).to_have_attribute(
        "data-w-autosave-state-value", "saved"
    )
    page.get_by_role("textbox", name="Einleitung").fill(
        "Ein Entwurf, an dem noch geschrieben wird."
    )
    expect(page.locator("#w-autosave-indicator")).to_have_attribute(
        "data-w-autosave-state-value", "saved"
    )
    draft = latest_draft(
        german, lambda draft: draft.intro == "Ein Entwurf, an dem noch geschrieben wird."
    )
    assert draft.intro == "Ein Entwurf, an dem noch geschrieben wird."
    assert len(draft.body) == blocks_before + 1


def latest_draft(page, condition, seconds=30):
    """The page's latest revision once ``condition`` holds for it: autosave saves in the
    background, and a busy machine takes seconds."""
    deadline = time.monotonic() + seconds
    while True:
        draft = type(page).objects.get(pk=page.pk).get_latest_revision_as_object()
        if condition(draft) or time.monotonic() > deadline:
            return draft
        time.sleep(0.2)
