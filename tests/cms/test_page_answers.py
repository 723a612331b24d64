"""Whole pages kept for visitors in the shared cache (cms.page_answers), through the WSGI
application as gunicorn calls it, with a real Redis server: a repeated visit costs no query,
any change shows on the very next visit, and nobody is served what was drawn for someone
else (their login, their CSRF token)."""

from datetime import timedelta

import pytest
import wagtail_factories
from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms import fragments
from cms.models import ContactPerson
from home.models import EventPage, Registration
from members import services
from members.models import Seal
from tests.factories.home import EventIndexPageFactory, EventPageFactory
from tests.factories.members import committee_member, draft_application, owner_of
from tests.helpers import parse
from tests.wsgi import SiteApplication

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(redis_server, site_tree):
    return SiteApplication()


@pytest.fixture
def changes(django_capture_on_commit_callbacks):
    """Changes committed as an editor's are, with what runs once their transaction commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def session_of(client, user):
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def test_a_repeated_visit_is_answered_from_the_cache_without_a_query(
    site, django_assert_num_queries
):
    first = site.get("/de/kompetenzfelder/energiewirtschaft/")
    site.get("/en/sectors/energy/")

    with django_assert_num_queries(0):
        again = site.get("/de/kompetenzfelder/energiewirtschaft/")
        english = site.get("/en/sectors/energy/")

    assert again.content == first.content
    assert "Energiewirtschaft" in parse(again).h1.text
    assert english.status_code == 200 and "Energy" in parse(english).h1.text
    assert len(english.content) == int(english["Content-Length"])


def test_a_kept_page_carries_the_drawn_pages_headers_and_its_own_request_id(site):
    drawn = site.get("/de/", HTTP_X_REQUEST_ID="lb-1")
    kept = site.get("/de/", HTTP_X_REQUEST_ID="lb-2")
    anonymous = site.get("/de/")

    assert (drawn["X-Request-ID"], kept["X-Request-ID"]) == ("lb-1", "lb-2")
    assert anonymous["X-Request-ID"] not in {"lb-1", "lb-2"}
    assert {**kept.headers, "X-Request-ID": "lb-1"} == dict(drawn.headers)
    assert "Content-Security-Policy" in kept.headers


def test_a_published_change_shows_on_the_very_next_visit(site, site_tree, changes):
    site.get("/de/kompetenzfelder/energiewirtschaft/")
    site.get("/de/")

    with changes():
        site_tree.energy.title = "Energie und Wärme"
        site_tree.energy.save_revision().publish()

    assert "Energie und Wärme" in parse(site.get("/de/kompetenzfelder/energiewirtschaft/")).h1.text


@pytest.mark.parametrize("change", ["unpublish", "move", "delete"])
def test_a_page_taken_away_is_gone_from_its_address_and_from_the_menu_at_once(
    site, site_tree, changes, change
):
    assert site.get("/de/uber-uns/").status_code == 200
    assert "Über uns" in site.get("/de/").content.decode()

    with changes():
        if change == "unpublish":
            site_tree.about.unpublish()
        elif change == "move":
            site_tree.about.move(site_tree.sectors, pos="last-child")
        else:
            site_tree.about.delete()

    old_address = site.get("/de/uber-uns/")
    menu = parse(site.get("/de/")).select_one("nav")
    if change == "move":
        # Wagtail leaves a redirect behind at the old address.
        assert old_address.status_code == 301
        assert old_address["Location"] == "/de/kompetenzfelder/uber-uns/"
        assert site.get("/de/kompetenzfelder/uber-uns/").status_code == 200
    else:
        assert old_address.status_code == 404
        assert "Über uns" not in menu.text


def test_a_changed_snippet_shows_on_every_kept_page(site, site_tree, changes):
    for address in ("/de/", "/de/kompetenzfelder/energiewirtschaft/"):
        assert site_tree.contact.name in site.get(address).content.decode()

    with changes():
        ContactPerson.objects.filter(pk=site_tree.contact.pk).update(name="Dr. Neue Ansprechperson")
        contact = ContactPerson.objects.get(pk=site_tree.contact.pk)
        contact.save()

    for address in ("/de/", "/de/kompetenzfelder/energiewirtschaft/"):
        assert "Dr. Neue Ansprechperson" in site.get(address).content.decode()


def test_what_an_app_server_holds_gives_way_to_another_servers_change(site, site_tree, settings):
    settings.PAGE_ANSWER_SECONDS = 0
    assert site_tree.contact.name in site.get("/de/").content.decode()

    # Saved on another app server: the row changed, and so did the version all servers read.
    ContactPerson.objects.filter(pk=site_tree.contact.pk).update(name="Dr. Neue Ansprechperson")
    caches[DEFAULT_CACHE_ALIAS].set(fragments.VERSION_KEY, "made-by-another-server", timeout=None)

    assert "Dr. Neue Ansprechperson" in site.get("/de/").content.decode()


def test_a_seal_change_shows_in_the_directory_at_once(site, changes):
    committee = committee_member()
    application = draft_application()
    with changes():
        services.application_submit(application=application, by=owner_of(application.organisation))
        services.application_start_review(application=application, by=committee)
        services.application_approve(application=application, by=committee)
    name = application.organisation.name
    assert name in site.get("/de/mitglieder/").content.decode()

    with changes():
        services.seal_revoke(
            seal=Seal.objects.get(organisation=application.organisation),
            by=committee,
            reason="Angaben unzutreffend",
        )

    assert name not in site.get("/de/mitglieder/").content.decode()


def test_a_page_made_private_is_no_longer_served_to_visitors(site, site_tree, changes):
    assert site.get("/de/uber-uns/").status_code == 200

    with changes():
        PageViewRestriction.objects.create(
            page=site_tree.about, restriction_type=PageViewRestriction.LOGIN
        )

    assert site.get("/de/uber-uns/").status_code == 302


def test_a_members_edited_profile_shows_in_the_directory_at_once(site, changes):
    committee = committee_member()
    application = draft_application()
    organisation = application.organisation
    with changes():
        services.application_submit(application=application, by=owner_of(organisation))
        services.application_start_review(application=application, by=committee)
        services.application_approve(application=application, by=committee)
    assert organisation.name in site.get("/de/mitglieder/").content.decode()
    organisation.refresh_from_db()

    with changes():
        services.organisation_update(
            organisation=organisation,
            by=owner_of(organisation),
            version=organisation.version,
            name="Hafenwerkstatt Stade eG",
        )

    assert "Hafenwerkstatt Stade eG" in site.get("/de/mitglieder/").content.decode()


def test_a_logged_in_editor_and_an_anonymous_visitor_each_get_their_own_page(
    site, client, admin_user
):
    anonymous_first = site.get("/de/")
    editor = session_of(client, admin_user)

    own = site.get("/de/", HTTP_COOKIE=editor)
    own_again = site.get("/de/", HTTP_COOKIE=editor)
    anonymous_after = site.get("/de/")

    assert "userbar" not in anonymous_first.content.decode()
    assert "userbar" in own.content.decode()
    assert "userbar" in own_again.content.decode()
    assert anonymous_after.content == anonymous_first.content


def test_an_editors_page_drawn_first_is_never_served_to_a_visitor(site, client, admin_user):
    site.get("/de/", HTTP_COOKIE=session_of(client, admin_user))

    assert "userbar" not in site.get("/de/").content.decode()


@pytest.fixture
def event(site_tree):
    index = EventIndexPageFactory(parent=site_tree.home)
    event = EventPageFactory(
        parent=index,
        title="Bündnistreffen",
        slug="buendnistreffen",
        takes_registrations=True,
        capacity=3,
    )
    event.save_revision().publish()
    return event.url


def registration(response, **answers):
    """The visitor's registration from the form on ``response``, as their browser sends it."""
    form = parse(response).select_one("#registration form")
    data = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    data.update(name="Leonie Liemich", email="leonie@example.org", consent="on", **answers)
    return data


def csrf_cookie(response):
    for name, value in response.headers.items():
        cookie = value.strip().split(";", 1)[0]
        if name.lower() == "set-cookie" and cookie.startswith(f"{settings.CSRF_COOKIE_NAME}="):
            return cookie
    raise AssertionError("no CSRF cookie was set")


def post(site, address, data, cookie):
    environ = RequestFactory().post(address, data, HTTP_COOKIE=cookie).environ
    return site.request(environ)


def test_two_visitors_of_a_page_with_a_form_each_get_their_own_token(site, event):
    first = site.get(event)
    second = site.get(event)
    first_cookie, second_cookie = csrf_cookie(first), csrf_cookie(second)
    first_form, second_form = registration(first), registration(second)

    assert first_form["csrfmiddlewaretoken"] != second_form["csrfmiddlewaretoken"]
    assert first_cookie != second_cookie
    # A token is good only with the cookie it was drawn for.
    assert post(site, event, first_form, second_cookie).status_code == 403
    assert post(site, event, second_form, second_cookie).status_code == 302
    assert Registration.objects.filter(event__url_path__endswith="/buendnistreffen/").count() == 1


def test_a_visitor_with_a_message_waiting_gets_a_page_drawn_for_them(
    site, django_assert_max_num_queries
):
    site.get("/de/")
    site.get("/de/")

    with django_assert_max_num_queries(100) as drawn:
        site.get("/de/", HTTP_COOKIE="messages=etwas")

    assert len(drawn.captured_queries) > 0


def test_nothing_kept_yesterday_is_served_today(site, site_tree, monkeypatch):
    site.get("/de/")
    # Changed without a signal, as nothing but the passing of a day changes what a page lists.
    type(site_tree.network).objects.filter(pk=site_tree.network.pk).update(
        title="Anders, ohne Veröffentlichung"
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr("cms.page_answers.timezone.localdate", lambda: tomorrow)

    assert "Anders, ohne Veröffentlichung" in site.get("/de/").content.decode()


def test_pages_are_drawn_and_served_while_redis_is_away(site, redis_server):
    site.get("/de/")
    redis_server.stop()

    assert [site.get("/de/").status_code for _ in range(2)] == [200, 200]


def test_a_visitor_from_a_newsletter_gets_the_plain_page_and_leaves_nothing_for_others(
    site, django_assert_num_queries
):
    # The directory's language links repeat the query it was drawn for.
    tracked = site.get("/de/mitglieder/?utm_source=newsletter&fbclid=x1")
    plain = site.get("/de/mitglieder/")

    with django_assert_num_queries(0):
        again = site.get("/de/mitglieder/?utm_medium=email&kind=")

    assert "utm_source=newsletter" in tracked.content.decode()
    assert "utm_" not in plain.content.decode()
    assert again.content == plain.content


def drawn_again(site, address):
    """Whether the second visit of ``address`` was drawn anew, that is, nothing was kept."""
    site.get(address)
    with CaptureQueriesContext(connection) as queries:
        again = site.get(address)
    assert again.status_code == 200
    return len(queries) > 0


def test_a_page_is_kept_only_for_a_query_it_understood(site, site_tree, event):
    index = EventPage.objects.get(url_path__endswith="/buendnistreffen/").get_parent().url

    assert not drawn_again(site, f"{index}?page=1")
    assert drawn_again(site, f"{index}?page=1&x=2")
    assert drawn_again(site, f"{index}?sector=gibt-es-nicht")
    assert drawn_again(site, "/de/kompetenzfelder/energiewirtschaft/?page=1")
    # Past the last page the last one is shown, under an address of its own that is not kept.
    assert drawn_again(site, f"{index}?page=9")


def test_a_filled_in_filter_form_is_kept_and_a_page_missing_a_picture_is_not(
    site, site_tree, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    index = EventIndexPageFactory(parent=site_tree.home)
    picture = wagtail_factories.ImageFactory()
    event = EventPageFactory(parent=index, title="Bündnistreffen", listing_image=picture)
    event.save_revision().publish()
    # The form sends its empty choices ("all sectors") too.
    filled_in = f"{index.url}?sector=&series=&district=&page=1"
    # Nothing can be written where the renditions go: the card is drawn without its picture.
    (tmp_path / "media" / "images").write_text("")

    missing_a_picture = drawn_again(site, filled_in)
    (tmp_path / "media" / "images").unlink()

    assert missing_a_picture
    assert not drawn_again(site, filled_in)
