import re

import pytest
from wagtail.models import Site
from wagtail.users.models import UserProfile

from home.models import HomePage

pytestmark = pytest.mark.django_db


def log_in(client, password="sicheres-passwort-42"):
    return client.post("/admin/login/", {"username": "redaktion", "password": password})


def test_editor_logs_in_and_sees_the_admin_in_german(client, site_tree, admin_user):
    response = log_in(client)
    dashboard = client.get("/admin/").content.decode()

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert re.search(r'<html lang="de"', dashboard)
    assert "Abmelden" in dashboard


def test_admin_is_german_even_for_a_browser_that_asks_for_english(client, admin_user):
    login_page = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    log_in(client)
    dashboard = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()

    assert "Bei Wagtail anmelden" in login_page.content.decode()
    assert "Passwort" in login_page.content.decode()
    assert re.search(r'<html lang="de"', dashboard)
    assert "Abmelden" in dashboard


def test_an_editor_can_choose_english_for_the_admin(client, admin_user):
    log_in(client)
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()

    dashboard = client.get("/admin/").content.decode()

    assert re.search(r'<html lang="en"', dashboard)
    assert "Log out" in dashboard


def test_login_page_is_german_and_rejects_a_wrong_password(client, admin_user):
    response = log_in(client, password="falsch")
    content = response.content.decode()

    assert response.status_code == 200
    assert "Bei Wagtail anmelden" in content
    assert "Ihr Benutzername und Ihr Passwort wurden nicht erkannt" in content


def test_admin_requires_a_login(client, db):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_english_home_page_opens_in_the_translation_editor(client, site_tree, admin_user):
    log_in(client)
    english = HomePage.objects.get(locale__language_code="en")

    response = client.get(f"/admin/pages/{english.id}/edit/")

    assert response.status_code == 200
    assert "Übersetzung von SMART REGION in English" in response.content.decode()


def test_footer_settings_are_editable(client, site_tree, admin_user):
    log_in(client)

    response = client.get(f"/admin/settings/cms/sitesettings/{Site.objects.get().id}/")

    assert response.status_code == 200
    assert "Dr. Jürgen Glaser" in response.content.decode()
