"""The translation status report, as an editor reads it in the admin's Reports menu."""

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail_localize.models import TranslationSource

from cms.translation import translate_with_localize
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/translation-status/"


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def english(home_pages):
    return Locale.objects.get(language_code="en")


@pytest.fixture
def translate(english, django_capture_on_commit_callbacks):
    def translate(page, title):
        # wagtail-localize publishes a translation once the transaction commits.
        with django_capture_on_commit_callbacks(execute=True):
            return translate_with_localize(page, english, {page.title: title})

    return translate


@pytest.fixture
def tree(home_pages):
    """Two sections below the German home page, one with a page of its own; Wagtail's welcome
    page, which a real site has replaced, is gone."""
    Page.objects.filter(depth=2).exclude(pk__in=[page.pk for page in home_pages.values()]).delete()
    projects = StandardPageFactory(parent=home_pages["de"], title="Leitprojekte")
    return {
        "projects": projects,
        "hydrogen": StandardPageFactory(parent=projects, title="Wasserstoff"),
        "events": StandardPageFactory(parent=home_pages["de"], title="Veranstaltungen"),
    }


def report(client, **query):
    response = client.get(REPORT, query)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def rows(page):
    """{title: {column heading: cell}} of the report's table."""
    table = page.select_one("#listing-results table")
    if table is None:
        return {}
    headings = [heading.get_text(" ", strip=True) for heading in table.thead.find_all("th")]
    by_title = {}
    for row in table.tbody.find_all("tr"):
        cells = dict(zip(headings, row.find_all("td"), strict=True))
        by_title[cells["Titel"].get_text(" ", strip=True)] = cells
    return by_title


def state(cell):
    """The state a language cell shows and where its link leads, as (state, link text, href)."""
    shown = cell.find("span").get_text(strip=True)
    link = cell.find("a")
    if link is None:
        return shown, None, None
    link.find(class_="w-sr-only").extract()  # the page and language, for screen readers
    return shown, link.get_text(strip=True), link["href"]


def english_states(page):
    return {title: state(cells["English"])[0] for title, cells in rows(page).items()}


def test_a_page_goes_from_missing_to_current_to_outdated_and_back(editor, tree, translate):
    page = tree["projects"]

    missing = state(rows(report(editor))["Leitprojekte"]["English"])
    translation = translate(page, "Lead projects")
    current = state(rows(report(editor))["Leitprojekte"]["English"])
    page.intro = "Neue Einleitung."
    page.save_revision().publish()
    outdated = state(rows(report(editor))["Leitprojekte"]["English"])
    sync = editor.post(outdated[2], {"publish_translations": "on"})
    synced = state(rows(report(editor))["Leitprojekte"]["English"])

    source = TranslationSource.objects.get(object_id=page.translation_key)
    assert missing == ("fehlt", "Übersetzen", f"/admin/localize/submit/page/{page.id}/")
    assert current == ("aktuell", "Bearbeiten", f"/admin/pages/{translation.id}/edit/")
    assert outdated == ("veraltet", "Synchronisieren", f"/admin/localize/update/{source.id}/")
    assert sync.status_code == 302
    assert synced == current


def test_a_translation_synced_in_code_is_current_again(editor, tree, translate, english):
    page = tree["projects"]
    translation = translate(page, "Lead projects")
    page.intro = "Neue Einleitung."
    page.save_revision()
    source = TranslationSource.objects.get(object_id=page.translation_key)

    outdated = english_states(report(editor))["Leitprojekte"]
    source.update_from_db()
    source.translations.get(target_locale=english).save_target(publish=True)

    assert outdated == "veraltet"
    assert state(rows(report(editor))["Leitprojekte"]["English"]) == (
        "aktuell",
        "Bearbeiten",
        f"/admin/pages/{translation.id}/edit/",
    )


def test_an_alias_in_the_other_language_counts_as_missing(editor, tree, english):
    # What wagtail-localize's synchronised languages put in place of a page not yet translated.
    tree["events"].copy_for_translation(english, alias=True)

    assert state(rows(report(editor))["Veranstaltungen"]["English"]) == (
        "fehlt",
        "Übersetzen",
        f"/admin/localize/submit/page/{tree['events'].id}/",
    )


def test_every_page_but_the_root_is_a_row_in_tree_order_with_its_section(editor, tree):
    page = report(editor)

    assert [
        (title, cells["Bereich"].get_text(strip=True)) for title, cells in rows(page).items()
    ] == [
        ("SMART REGION", ""),
        ("Leitprojekte", "Leitprojekte"),
        ("Wasserstoff", "Leitprojekte"),
        ("Veranstaltungen", "Veranstaltungen"),
    ]
    title_link = rows(page)["Wasserstoff"]["Titel"].find("a")
    assert title_link["href"] == f"/admin/pages/{tree['hydrogen'].id}/edit/"


def test_the_report_is_german(editor, tree):
    page = report(editor)

    assert menu_items(editor)[REPORT] == "Übersetzungsstand"
    assert page.find("h1").get_text(strip=True) == "Übersetzungsstand"
    assert list(rows(page)["Leitprojekte"]) == ["Titel", "Bereich", "English"]
    labels = {label.get_text(strip=True) for label in page.find_all(["legend", "label"])}
    assert {"Sprache", "Stand", "Bereich", "fehlt", "veraltet", "aktuell"} <= labels


def test_the_state_filter_keeps_the_pages_in_that_state(editor, tree, translate):
    translate(tree["projects"], "Lead projects")
    translate(tree["events"], "Events")
    tree["events"].save_revision()

    assert english_states(report(editor, state="missing")) == {"Wasserstoff": "fehlt"}
    assert english_states(report(editor, state="outdated")) == {"Veranstaltungen": "veraltet"}
    assert english_states(report(editor, state="current")) == {
        "SMART REGION": "aktuell",
        "Leitprojekte": "aktuell",
    }


def test_the_section_filter_keeps_the_pages_of_that_section(editor, tree):
    titles = list(rows(report(editor, section=tree["projects"].id)))

    assert titles == ["Leitprojekte", "Wasserstoff"]


@pytest.fixture
def french(settings, home_pages):
    languages = [("de", "Deutsch"), ("en", "English"), ("fr", "Français")]
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = languages
    return Locale.objects.create(language_code="fr")


def test_the_language_filter_shows_that_language_and_its_states(editor, tree, translate, french):
    translate(tree["projects"], "Lead projects")

    every_language = report(editor)
    french_only = report(editor, locale="fr")
    missing_in_french = report(editor, locale="fr", state="missing")
    missing_in_english = report(editor, locale="en", state="missing")

    assert list(rows(every_language)["Leitprojekte"]) == ["Titel", "Bereich", "English", "Français"]
    assert list(rows(french_only)["Leitprojekte"]) == ["Titel", "Bereich", "Français"]
    assert "Leitprojekte" in rows(missing_in_french)
    assert list(rows(missing_in_english)) == ["Wasserstoff", "Veranstaltungen"]


def test_the_csv_export_lists_the_filtered_states_in_german(editor, tree, translate):
    translate(tree["projects"], "Lead projects")
    tree["projects"].save_revision()

    every_page = editor.get(REPORT, {"export": "csv"})
    projects = editor.get(REPORT, {"export": "csv", "section": tree["projects"].id})

    def table(response):
        return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))

    assert every_page["Content-Type"] == "text/csv"
    assert table(every_page) == [
        ["Titel", "Bereich", "English"],
        ["SMART REGION", "", "aktuell"],
        ["Leitprojekte", "Leitprojekte", "veraltet"],
        ["Wasserstoff", "Leitprojekte", "fehlt"],
        ["Veranstaltungen", "Veranstaltungen", "fehlt"],
    ]
    assert table(projects)[1:] == [
        ["Leitprojekte", "Leitprojekte", "veraltet"],
        ["Wasserstoff", "Leitprojekte", "fehlt"],
    ]


def test_the_xlsx_export_is_offered(editor, tree):
    page = report(editor)
    response = editor.get(REPORT, {"export": "xlsx"})

    assert page.find("a", href=f"{REPORT}?export=xlsx")
    assert page.find("a", href=f"{REPORT}?export=csv")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def user_in(group, django_user_model, *, username="lektorat"):
    user = django_user_model.objects.create_user(username=username, password="geheim-genug-42")
    user.groups.add(group)
    return user


def menu_items(client):
    """{address: label} of the admin's menu, which Wagtail hands to its sidebar as JSON."""
    dashboard = BeautifulSoup(client.get("/admin/").content, "html.parser")
    sidebar = json.loads(dashboard.find(id="wagtail-sidebar-props").string)
    return {item["url"]: item["label"] for item in json_values(sidebar, "url")}


def json_values(data, key):
    """Every dict in ``data``'s nesting that has ``key``."""
    if isinstance(data, dict):
        if key in data:
            yield data
        for value in data.values():
            yield from json_values(value, key)
    elif isinstance(data, list):
        for value in data:
            yield from json_values(value, key)


def test_an_editor_of_the_editorial_group_sees_the_states_but_cannot_submit_translations(
    client, tree, django_user_model
):
    client.force_login(user_in(Group.objects.get(name="Redaktion"), django_user_model))

    page = report(client)

    assert REPORT in menu_items(client)
    assert state(rows(page)["Leitprojekte"]["English"]) == ("fehlt", None, None)


def test_an_editor_who_may_submit_translations_gets_the_translate_link(
    client, tree, django_user_model
):
    group = Group.objects.get(name="Redaktion")
    group.permissions.add(Permission.objects.get(codename="submit_translation"))
    client.force_login(user_in(group, django_user_model))

    link = state(rows(report(client))["Leitprojekte"]["English"])[2]

    assert link == f"/admin/localize/submit/page/{tree['projects'].id}/"


def test_an_editor_of_one_section_sees_only_its_pages(client, tree, django_user_model):
    group = Group.objects.create(name="Leitprojekte-Redaktion")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group,
        page=tree["projects"],
        permission=Permission.objects.get(codename="change_page"),
    )
    client.force_login(user_in(group, django_user_model))

    assert list(rows(report(client))) == ["Leitprojekte", "Wasserstoff"]


def test_a_user_who_may_not_edit_pages_neither_sees_nor_opens_the_report(
    client, tree, django_user_model
):
    group = Group.objects.create(name="Nur Bilder")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user_in(group, django_user_model))

    report_page = client.get(REPORT)
    export = client.get(REPORT, {"export": "csv"})

    assert REPORT not in menu_items(client)
    # Wagtail sends a user to the dashboard, saying that they may not open the page.
    assert (report_page.status_code, report_page["Location"]) == (302, "/admin/")
    assert (export.status_code, export["Location"]) == (302, "/admin/")


def test_the_report_asks_the_database_as_often_for_30_pages_as_for_5(
    editor, home_pages, tree, translate
):
    def add_section(pages):
        """A section with pages below it, missing, current and outdated in English."""
        section = StandardPageFactory(parent=home_pages["de"])
        for number in range(pages):
            page = StandardPageFactory(parent=section)
            if number % 2:
                translate(page, f"Page {number}")
            if number % 4 == 1:
                page.save_revision()

    def queries():
        editor.get(REPORT)  # the first request fills Wagtail's caches
        with CaptureQueriesContext(connection) as context:
            response = editor.get(REPORT)
        assert response.status_code == 200
        return len(context.captured_queries)

    translate(tree["projects"], "Lead projects")
    translate(tree["events"], "Events")
    tree["events"].save_revision()
    add_section(pages=1)
    five_pages = queries()
    add_section(pages=24)
    thirty_pages = queries()

    assert len(rows(report(editor))) == 1 + 30  # and the home page
    assert thirty_pages == five_pages
