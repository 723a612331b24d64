"""The demo loader: what `make run` shows, created once from the data files."""

from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Site, Workflow

from cms.demo.loader import BERLIN, DemoDataError, Loader, Texts
from cms.models import ContactPerson, District, SiteSettings
from home.models import HomePage, IdeaCallPage, LeadProjectPage, SectorPage, StandardPage
from tests.conftest import load_demo_content

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Page,
            HomePage,
            SectorPage,
            LeadProjectPage,
            IdeaCallPage,
            ContactPerson,
            District,
            Site,
        )
    }


def test_the_demo_is_the_region_in_two_languages(django_capture_on_commit_callbacks, client):
    load_demo_content(django_capture_on_commit_callbacks)

    assert counts() == {
        "Page": 36,
        "HomePage": 2,
        "SectorPage": 10,
        "LeadProjectPage": 6,
        "IdeaCallPage": 4,
        "ContactPerson": 4,
        "District": 12,
        "Site": 1,
    }
    project = LeadProjectPage.objects.get(
        slug="regionales-innovations-und-transformationsmanagement"
    )
    assert project.implementation_projects.count() == 5
    assert project.get_translation(Locale.objects.get(language_code="en")).live
    assert get_document_model().objects.filter(file__endswith=".pdf").count() == 3
    assert client.get("/en/lead-projects/").status_code == 200


def test_the_demo_has_the_closed_call_of_the_lead_project_and_an_open_one(
    django_capture_on_commit_callbacks, client
):
    load_demo_content(django_capture_on_commit_callbacks)
    english = Locale.objects.get(language_code="en")

    project = LeadProjectPage.objects.get(
        slug="regionales-innovations-und-transformationsmanagement"
    )
    closed = IdeaCallPage.objects.get(slug="projektideen")
    assert closed.get_parent().pk == project.pk
    assert project.idea_call_id == closed.pk
    assert project.get_translation(english).idea_call_id == closed.pk
    assert closed.deadline == datetime(2022, 6, 15, 23, 59, tzinfo=BERLIN)
    assert not closed.is_open
    assert "bis zum 15. Juni 2022 eingereicht" in client.get(project.url).content.decode()
    english_project = client.get(project.get_translation(english).url).content.decode()
    assert closed.get_translation(english).url in english_project

    open_call = IdeaCallPage.objects.get(slug="ihre-ideen")
    in_sixty_days = datetime.now(BERLIN).date() + timedelta(days=60)
    assert open_call.deadline == datetime.combine(in_sixty_days, time(23, 59), tzinfo=BERLIN)
    english_call = open_call.get_translation(english)
    assert [field.label for field in english_call.form_fields.all()] == [
        "Name",
        "E-mail address",
        "Organisation",
        "Your idea",
    ]
    # Both languages store the answers under the same names.
    assert [field.clean_name for field in english_call.form_fields.all()] == [
        field.clean_name for field in open_call.form_fields.all()
    ]
    form = client.get(english_call.url).content.decode()
    assert "Ideas are accepted until" in form
    assert 'name="ihre_idee"' in form


def test_the_lead_projects_translation_stays_current_with_its_idea_call(
    django_capture_on_commit_callbacks, client, admin_user
):
    load_demo_content(django_capture_on_commit_callbacks)
    client.force_login(admin_user)

    outdated = client.get("/admin/reports/translation-status/?state=outdated").content.decode()

    assert "Regionales Innovations- und Transformationsmanagement" not in outdated


def test_a_deleted_demo_call_comes_back_linked_unless_the_editors_chose_another(
    django_capture_on_commit_callbacks,
):
    load_demo_content(django_capture_on_commit_callbacks)
    project = LeadProjectPage.objects.get(
        slug="regionales-innovations-und-transformationsmanagement"
    )
    IdeaCallPage.objects.get(slug="projektideen").delete()

    load_demo_content(django_capture_on_commit_callbacks)

    project.refresh_from_db()
    assert project.idea_call == IdeaCallPage.objects.get(slug="projektideen")

    chosen = IdeaCallPage.objects.get(slug="ihre-ideen")
    project.idea_call = chosen
    project.save_revision().publish()
    IdeaCallPage.objects.get(slug="projektideen").delete()
    load_demo_content(django_capture_on_commit_callbacks)

    project.refresh_from_db()
    assert project.idea_call == chosen


def test_a_date_in_the_future_is_counted_from_the_day_the_loader_runs(db):
    loader = Loader(lambda *args: None)

    deadline = loader.resolve({"days_from_today": 60, "time": "23:59"}, Texts("test"))

    in_sixty_days = datetime.now(BERLIN).date() + timedelta(days=60)
    assert deadline == datetime.combine(in_sixty_days, time(23, 59), tzinfo=BERLIN)
    with pytest.raises(DemoDataError, match="write the time in quotes"):
        # What YAML makes of an unquoted 23:59.
        loader.resolve({"days_from_today": 60, "time": 1439}, Texts("test"))


def test_running_the_loader_twice_creates_nothing_twice(django_capture_on_commit_callbacks):
    load_demo_content(django_capture_on_commit_callbacks)
    first = counts()
    load_demo_content(django_capture_on_commit_callbacks)

    assert counts() == first


def test_the_loader_keeps_what_editors_changed(django_capture_on_commit_callbacks):
    load_demo_content(django_capture_on_commit_callbacks)
    home = HomePage.objects.get(locale__language_code="de")
    home.heading = "Von der Redaktion geändert"
    home.save_revision().publish()
    Site.objects.update(site_name="SMART REGION Elbe", hostname="smart-region.example.org")
    ContactPerson.objects.filter(locale__language_code="de", name="Jürgen Glaser").update(
        name="Anna Beispiel"
    )
    SiteSettings.objects.update(contact=None)

    load_demo_content(django_capture_on_commit_callbacks)

    assert HomePage.objects.get(pk=home.pk).heading == "Von der Redaktion geändert"
    site = Site.objects.get()
    assert (site.site_name, site.hostname) == ("SMART REGION Elbe", "smart-region.example.org")
    assert not ContactPerson.objects.filter(
        locale__language_code="de", name="Jürgen Glaser"
    ).exists()
    assert SiteSettings.objects.get().contact is None


def test_a_demo_page_the_editors_deleted_comes_back(django_capture_on_commit_callbacks):
    load_demo_content(django_capture_on_commit_callbacks)
    StandardPage.objects.get(slug="impressum").delete()

    load_demo_content(django_capture_on_commit_callbacks)

    assert StandardPage.objects.filter(slug="impressum", locale__language_code="de").exists()


def test_the_demo_has_a_moderation_workflow_and_sector_editors(django_capture_on_commit_callbacks):
    load_demo_content(django_capture_on_commit_callbacks)

    workflow = Workflow.objects.get(name="Freigabe durch die Redaktion")
    home = HomePage.objects.get(locale__language_code="de")
    assert home.get_workflow() == workflow
    energy = SectorPage.objects.get(slug="energiewirtschaft")
    assert energy.group_permissions.filter(group__name="Redaktion Energiewirtschaft").exists()


def write(tmp_path, text):
    (tmp_path / "10-test.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_missing_english_text_stops_the_loader_naming_file_and_key(tmp_path, db):
    data = write(
        tmp_path,
        "snippets:\n"
        "  - key: district-stade\n"
        "    model: cms.District\n"
        "    fields:\n"
        "      name: {de: Stade}\n"
        "      kind: landkreis\n"
        "      slug: stade\n",
    )

    with pytest.raises(DemoDataError, match=r"10-test.yaml: snippets: district-stade: .*Stade"):
        Loader(lambda *args: None).load(data)


def test_english_rich_text_must_have_the_german_paragraphs(tmp_path, home_pages):
    data = write(
        tmp_path,
        "pages:\n"
        "  - key: page\n"
        "    type: home.StandardPage\n"
        "    parent: home\n"
        "    fields:\n"
        "      title: {de: Seite, en: Page}\n"
        "      slug: {de: seite, en: page}\n"
        "      body:\n"
        "        - paragraph: {de: '<p>Eins</p><p>Zwei</p>', en: '<p>One</p>'}\n",
    )
    loader = Loader(lambda *args: None)
    loader.objects["home"] = home_pages["de"]

    with pytest.raises(DemoDataError, match="1 paragraphs or list items, the German 2"):
        loader.load(data)


def test_the_command_reports_bad_data_without_a_traceback(monkeypatch, tmp_path, db):
    data = write(
        tmp_path,
        "pages:\n"
        "  - key: page\n"
        "    type: home.StandardPage\n"
        "    parent: nowhere\n"
        "    fields: {title: Seite, slug: seite}\n",
    )
    monkeypatch.setattr("cms.demo.loader.DATA_DIR", data)

    with pytest.raises(CommandError, match="nothing with the key “nowhere” is loaded before"):
        call_command("load_demo_content")


def test_a_sector_editor_edits_only_their_sector_and_submits_for_approval(
    django_capture_on_commit_callbacks, client, django_user_model
):
    load_demo_content(django_capture_on_commit_callbacks)
    editor = django_user_model.objects.create_user("energie", password="sicheres-passwort-42")
    editor.groups.add(Group.objects.get(name="Redaktion Energiewirtschaft"))
    client.force_login(editor)
    energy = SectorPage.objects.get(slug="energiewirtschaft")
    health = SectorPage.objects.get(slug="gesundheits-und-sozialwirtschaft")

    own = client.get(f"/admin/pages/{energy.pk}/edit/")
    other = client.get(f"/admin/pages/{health.pk}/edit/")
    publish_other = client.post(f"/admin/pages/{health.pk}/edit/", {"action-publish": "1"})

    assert own.status_code == 200
    assert "Freigabe durch die Redaktion" in own.content.decode()
    assert other.status_code == 302
    assert publish_other.status_code == 302
    assert not health.permissions_for_user(editor).can_publish()
    assert not energy.permissions_for_user(editor).can_publish()
    english_energy = energy.get_translation(Locale.objects.get(language_code="en"))
    assert english_energy.permissions_for_user(editor).can_edit()


def test_the_demo_translations_are_current_in_the_translation_report(
    django_capture_on_commit_callbacks, client, admin_user
):
    load_demo_content(django_capture_on_commit_callbacks)
    client.force_login(admin_user)

    current = client.get("/admin/reports/translation-status/?state=current").content.decode()
    outdated = client.get("/admin/reports/translation-status/?state=outdated").content.decode()

    assert "Energiewirtschaft" in current
    assert "Regionales Innovations- und Transformationsmanagement" in current
    assert "Energiewirtschaft" not in outdated
