"""Every error a visitor can run into has the site's look, speaks their language and tells
nothing about the server."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.test import Client

from home.models import HomePage

pytestmark = pytest.mark.django_db


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [("/de/", "de", "Ungültige Anfrage"), ("/en/", "en", "Bad request")],
)
def test_a_forged_host_gets_the_400_page_in_the_visitors_language(
    client, home_pages, path, language, heading
):
    response = client.get(path, HTTP_HOST="evil.example.com")

    assert response.status_code == 400
    assert html_lang(response) == language
    assert f"<h1>{heading}</h1>" in response.content.decode()
    assert 'href="/static/css/site.css"' in response.content.decode()
    assert "evil.example.com" not in response.content.decode()


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [("/de/", "de", "Das Formular ist abgelaufen"), ("/en/", "en", "The form has expired")],
)
def test_a_post_without_csrf_token_gets_the_403_page_in_the_visitors_language(
    home_pages, path, language, heading
):
    client = Client(enforce_csrf_checks=True)

    response = client.post(path, {"name": "x"})

    assert response.status_code == 403
    assert html_lang(response) == language
    assert f"<h1>{heading}</h1>" in response.content.decode()
    assert 'class="site-footer"' in response.content.decode()
    # Django's reason ("CSRF cookie not set.") is for the log only.
    assert "CSRF" not in response.content.decode()


def test_the_404_page_is_in_the_visitors_language(client, home_pages):
    response = client.get("/en/nothing-here/")

    assert response.status_code == 404
    assert html_lang(response) == "en"
    assert "<h1>Page not found</h1>" in response.content.decode()


@pytest.mark.parametrize("method", ["put", "delete", "patch", "post"])
def test_public_pages_refuse_writing_methods_with_405_and_allow(home_pages, method):
    client = Client(enforce_csrf_checks=True)
    client.get("/de/")
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else "x" * 32
    client.cookies["csrftoken"] = token

    response = getattr(client, method)("/de/", HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert html_lang(response) == "de"
    assert "<h1>Aktion nicht möglich</h1>" in response.content.decode()


def test_public_pages_answer_options_with_what_is_allowed(client, home_pages):
    response = client.options("/de/")

    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [("/de/", "de", "Etwas ist schiefgegangen"), ("/en/", "en", "Something went wrong")],
)
def test_a_server_error_shows_the_500_page_without_details(
    home_pages, monkeypatch, path, language, heading
):
    def broken_serve(page, request, *args, **kwargs):
        raise RuntimeError("secret internals: password=hunter2")

    monkeypatch.setattr(HomePage, "serve", broken_serve)
    client = Client(raise_request_exception=False)

    response = client.get(path)

    assert response.status_code == 500
    assert html_lang(response) == language
    assert f"<h1>{heading}</h1>" in response.content.decode()
    assert "hunter2" not in response.content.decode()
    assert "RuntimeError" not in response.content.decode()


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [
        ("/de/", "de", "Die Website ist kurz nicht erreichbar"),
        ("/en/", "en", "The site is briefly unavailable"),
    ],
)
@pytest.mark.parametrize("lost", [OperationalError, InterfaceError])
def test_a_lost_database_gets_the_503_page_asking_to_come_back(
    home_pages, monkeypatch, path, language, heading, lost
):
    def serve_without_database(page, request, *args, **kwargs):
        raise lost('connection to server at "10.0.0.9", port 5432 failed: Connection refused')

    monkeypatch.setattr(HomePage, "serve", serve_without_database)
    client = Client(raise_request_exception=False)

    response = client.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert html_lang(response) == language
    assert f"<h1>{heading}</h1>" in response.content.decode()
    assert "10.0.0.9" not in response.content.decode()


def test_a_refused_permission_gets_the_403_page(client, home_pages, monkeypatch):
    def refuse(page, request, *args, **kwargs):
        raise PermissionDenied("only for the committee")

    monkeypatch.setattr(HomePage, "serve", refuse)

    response = client.get("/de/")

    assert response.status_code == 403
    assert html_lang(response) == "de"
    assert "<h1>Zugriff verweigert</h1>" in response.content.decode()
    assert "committee" not in response.content.decode()
