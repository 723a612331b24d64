"""Keeping two languages in step, as an editor does it in the admin."""

import html
import json
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Locale, Page, Site, Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import SiteSettings
from cms.translation import translate_with_localize
from home.models import StandardPage
from tests.factories.cms import ContactPersonFactory, FundingNoticeFactory
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def footer(home_pages):
    english = Locale.objects.get(language_code="en")
    contact = ContactPersonFactory()
    translate_with_localize(contact, english, {"Prokurist": "Authorised Officer"})
    notice = FundingNoticeFactory()
    translate_with_localize(
        notice,
        english,
        {
            "Gefördert von der EU.": "Funded by the EU.",
            "Kofinanziert von der Europäischen Union": "Co-funded by the European Union",
        },
    )
    SiteSettings.objects.create(site=Site.objects.get(), contact=contact, funding_notice=notice)
    return contact


def contact_form(contact, *, phone=None, **fields):
    """The contact's edit form as the admin sends it, with ``fields`` and the first office's
    phone changed."""
    office = contact.addresses.get()
    return nested_form_data(
        {
            "academic_title": contact.academic_title,
            "name": contact.name,
            "role": contact.role,
            "organisation": contact.organisation,
            "email": contact.email,
            **fields,
            "addresses": inline_formset(
                [
                    {
                        "id": office.pk,
                        "street": office.street,
                        "postal_code": office.postal_code,
                        "city": office.city,
                        "phone": phone or office.phone,
                    }
                ],
                initial=1,
                min=1,
            ),
        }
    )


def test_a_page_submitted_for_translation_stays_off_the_english_site(editor, home_pages):
    german_page = StandardPageFactory(parent=home_pages["de"], title="Leitprojekte", slug="leit")
    english = Locale.objects.get(language_code="en")

    response = editor.post(
        f"/admin/localize/submit/page/{german_page.id}/", {"locales": [english.id]}
    )

    assert response.status_code == 302
    draft = german_page.get_translation(english)
    assert not draft.live
    assert editor.get("/en/leit/").status_code == 404
    german_html = editor.get("/de/leit/").content.decode()
    assert 'hreflang="en"' not in german_html.split("</head>")[0]
    assert "(this page is not translated: go to the home page)" in german_html
    assert "/en/leit/" not in editor.get("/en/").content.decode()


def test_a_published_translation_appears_on_the_english_site(
    editor, home_pages, django_capture_on_commit_callbacks
):
    german_page = StandardPageFactory(parent=home_pages["de"], title="Leitprojekte", slug="leit")
    english = Locale.objects.get(language_code="en")
    editor.post(f"/admin/localize/submit/page/{german_page.id}/", {"locales": [english.id]})

    # wagtail-localize publishes a translation once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        translate_with_localize(german_page, english, {"Leitprojekte": "Lead projects"})

    assert editor.get("/en/leit/").status_code == 200
    assert '<a href="/en/leit/">Lead projects</a>' in editor.get("/en/").content.decode()
    assert (
        'hreflang="en" href="http://testserver/en/leit/"'
        in editor.get("/de/leit/").content.decode()
    )


def test_saving_a_contact_carries_the_phone_number_to_its_translation(editor, footer):
    response = editor.post(
        f"/admin/snippets/cms/contactperson/edit/{footer.pk}/",
        contact_form(footer, phone="+49 (40) 999 99 99"),
    )

    assert response.status_code == 302
    english = footer.get_translation(Locale.objects.get(language_code="en"))
    assert english.addresses.get().phone == "+49 (40) 999 99 99"
    assert english.role == "Authorised Officer"
    assert "+49 (40) 999 99 99" in editor.get("/en/").content.decode()


def test_a_changed_role_keeps_its_english_translation_marked_for_review(editor, footer):
    english_locale = Locale.objects.get(language_code="en")
    editor.post(
        f"/admin/snippets/cms/contactperson/edit/{footer.pk}/",
        contact_form(footer, role="Vorstand"),
    )

    english = footer.get_translation(english_locale)
    assert english.role == "Authorised Officer"
    editor_data = editor.get(
        f"/admin/snippets/cms/contactperson/edit/{english.pk}/"
    ).content.decode()
    props = json.loads(html.unescape(re.search(r'data-props="([^"]*)"', editor_data).group(1)))
    role = next(segment for segment in props["segments"] if segment.get("source") == "Vorstand")
    review = next(
        string
        for string in props["initialStringTranslations"]
        if string["segment_id"] == role["id"]
    )
    assert review["data"] == "Authorised Officer"
    assert review["comment"].startswith("Übersetzt mit dem früheren Ausgangstext (bitte prüfen)")


def test_the_emblems_alternative_text_is_translated_with_the_notice(client, footer):
    for path, alt in [
        ("/de/", "Kofinanziert von der Europäischen Union"),
        ("/en/", "Co-funded by the European Union"),
    ]:
        content = client.get(path).content.decode()
        emblem = re.search(r'<img [^>]*class="site-footer__funding-logo"[^>]*>', content).group(0)
        assert f'alt="{alt}"' in emblem, path


def test_snippet_lists_show_and_filter_the_language(editor, footer):
    def rows(html):
        rows = re.findall(r"<tr\b.*?</tr>", html, re.S)
        return [row for row in rows if "Dr. Jürgen Glaser" in row]

    listing = editor.get("/admin/snippets/cms/contactperson/").content.decode()
    english_only = editor.get("/admin/snippets/cms/contactperson/?locale=en").content.decode()

    def languages(html):
        return sorted("Deutsch" if "Deutsch" in row else "English" for row in rows(html))

    assert re.search(r"<th[^>]*>(?:(?!</th>).)*Sprache", listing, re.S)
    assert languages(listing) == ["Deutsch", "English"]
    assert languages(english_only) == ["English"]


def test_the_admin_calls_wagtails_default_workflow_and_groups_by_german_names(db):
    assert Workflow.objects.filter(name="Freigabe durch die Moderation").exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()


def test_a_scheduled_page_goes_live_when_the_scheduler_runs(home_pages):
    page = StandardPageFactory(parent=home_pages["de"], title="Termine", slug="termine", live=False)
    revision = page.save_revision(
        approved_go_live_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    revision.approved_go_live_at = timezone.now() - timezone.timedelta(minutes=1)
    revision.save()

    call_command("run_scheduler", runs=1, interval=0)

    page.refresh_from_db()
    assert page.live


def test_the_home_page_title_names_the_site_once(client, home_pages):
    content = client.get("/de/").content.decode()

    assert "<title>Willkommen in der SMART REGION | SMART REGION</title>" in content


def test_a_new_page_below_the_home_page_is_in_the_menu_by_default(editor, home_pages):
    form = editor.get(f"/admin/pages/add/home/standardpage/{home_pages['de'].id}/").content.decode()

    assert re.search(r'<input[^>]*name="show_in_menus"[^>]*checked', form)


def test_the_admin_page_search_finds_words_in_the_body(editor, home_pages):
    StandardPageFactory(
        parent=home_pages["de"],
        title="Hochschule",
        body=[("paragraph", "<p>Gemeinsam mit der Leuphana Universität Lüneburg.</p>")],
    )
    call_command("update_index", verbosity=0)

    results = editor.get("/admin/pages/search/?q=Leuphana").content.decode()

    assert "Hochschule" in results


def test_the_page_tree_tells_the_two_home_pages_apart(editor, home_pages):
    explorer = editor.get(f"/admin/pages/{Page.get_first_root_node().id}/").content.decode()

    assert "SMART REGION (Deutsch)" in explorer
    assert "SMART REGION (English)" in explorer


def test_the_site_settings_say_where_the_footer_texts_are_edited(editor, footer):
    form = editor.get(f"/admin/settings/cms/sitesettings/{Site.objects.get().id}/").content.decode()

    assert '<a href="/admin/snippets/cms/contactperson/">Ansprechpersonen</a>' in form
    assert '<a href="/admin/snippets/cms/fundingnotice/">Förderhinweise</a>' in form


def test_translate_this_page_has_the_only_other_language_ticked(editor, home_pages):
    german_page = StandardPageFactory(parent=home_pages["de"], title="Leitprojekte", slug="leit")
    english = Locale.objects.get(language_code="en")

    form = editor.get(f"/admin/localize/submit/page/{german_page.id}/").content.decode()

    assert re.search(rf'<input[^>]*name="locales"[^>]*value="{english.id}"[^>]*checked', form)


def test_an_edited_page_says_its_translation_is_outdated_with_a_link_to_sync_it(
    editor, home_pages, django_capture_on_commit_callbacks
):
    german_page = StandardPageFactory(parent=home_pages["de"], title="Leitprojekte", slug="leit")
    english = Locale.objects.get(language_code="en")
    editor.post(f"/admin/localize/submit/page/{german_page.id}/", {"locales": [english.id]})
    current = editor.get(f"/admin/pages/{german_page.id}/edit/").content.decode()

    german_page.intro = "Neue Einleitung."
    german_page.save_revision().publish()
    outdated = editor.get(f"/admin/pages/{german_page.id}/edit/").content.decode()
    listing = editor.get(f"/admin/pages/{home_pages['de'].id}/").content.decode()
    sync_url = re.search(r'href="(/admin/localize/update/\d+/)"', outdated).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(sync_url, {"publish_translations": "on"})
    synced = editor.get(f"/admin/pages/{german_page.id}/edit/").content.decode()

    notice = "Diese Seite wurde seit ihrer letzten Übersetzung geändert"
    assert notice not in current
    assert notice in outdated
    assert f'href="{sync_url}"' in listing
    assert "Übersetzung veraltet: synchronisieren" in listing
    assert notice not in synced


def edit_page(editor, page, blocks, *, publish):
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": page.intro,
            "body": streamfield(blocks),
        }
    )
    if publish:
        data["action-publish"] = "publish"
    return editor.post(f"/admin/pages/{page.id}/edit/", data)


def test_a_draft_can_be_saved_with_unfinished_headings_but_not_published(editor, home_pages):
    page = StandardPageFactory(parent=home_pages["de"], title="Entwurf", slug="entwurf")
    subheading_first = [
        ("heading", {"text": "Unterpunkt zuerst", "level": "h3"}),
        ("paragraph", rich_text("<p>Noch nicht fertig.</p>")),
    ]
    # What autosave sends right after an editor added blocks and typed nothing yet.
    with_empty_blocks = [
        *subheading_first,
        ("paragraph", rich_text("")),
        ("heading", {"text": "", "level": "h2"}),
    ]

    draft = edit_page(editor, page, with_empty_blocks, publish=False)
    published = edit_page(editor, page, subheading_first, publish=True)

    page = StandardPage.objects.get(pk=page.pk)
    assert draft.status_code == 302
    assert [block.block_type for block in page.get_latest_revision_as_object().body] == [
        "heading",
        "paragraph",
        "paragraph",
        "heading",
    ]
    assert published.status_code == 200
    # The block errors reach the editor as JSON for the StreamField widget.
    assert "(H3) braucht eine Abschnitts\\u00fcberschrift (H2)" in published.content.decode()
    assert page.live_revision_id != page.latest_revision_id


def visible_texts(content):
    content = re.sub(r"<(script|style|template)\b.*?</\1>", " ", content, flags=re.S)
    texts = {" ".join(text.split()) for text in re.findall(r">([^<>]+)<", content)}
    texts |= set(re.findall(r'(?:aria-label|title|placeholder)="([^"]+)"', content))
    return {html.unescape(text) for text in texts if text.strip()}


def test_the_admin_screens_an_editor_meets_first_are_german(editor, home_pages, footer):
    home = home_pages["de"]
    screens = [
        f"/admin/pages/{home.id}/",
        f"/admin/pages/{home.id}/edit/",
        "/admin/pages/search/?q=SMART",
        "/admin/snippets/cms/contactperson/",
        f"/admin/snippets/cms/contactperson/edit/{footer.pk}/",
        f"/admin/localize/submit/snippet/cms/contactperson/{footer.pk}/",
    ]
    link_choosers = [
        "/admin/choose-external-link/",
        "/admin/choose-email-link/",
        "/admin/choose-phone-link/",
        "/admin/choose-anchor-link/",
    ]
    english = re.compile(
        r"^(Locale:?|Actions( \(footer\))?|Link text|Email address|Subject|Body|Phone number)$"
        r"|\bof \d"
    )

    def english_texts(url):
        response = editor.get(url)
        # The link choosers answer the chooser modal with its HTML inside JSON.
        content = response.json()["html"] if url in link_choosers else response.content.decode()
        return sorted(text for text in visible_texts(content) if english.search(text))

    found = {url: english_texts(url) for url in screens + link_choosers}

    assert found == {url: [] for url in screens + link_choosers}


def test_autosave_keeps_saving_while_a_new_block_is_still_empty(editor, home_pages):
    page = StandardPageFactory(parent=home_pages["de"], title="Entwurf", slug="entwurf")
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": page.intro,
            "body": streamfield(
                [
                    ("heading", {"text": "Unterpunkt zuerst", "level": "h3"}),
                    ("paragraph", rich_text("")),
                    ("quote", {"text": "", "attribution": ""}),
                ]
            ),
        }
    )

    # Wagtail's autosave posts the form without an action and asks for JSON.
    response = editor.post(f"/admin/pages/{page.id}/edit/", data, HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response.json()["success"] is True
    assert len(StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object().body) == 3
