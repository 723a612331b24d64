"""The badge address: a person and a program learn at once whether a seal is valid."""

from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from members import badge_answers, services
from members.models import Seal
from members.views import badges as badge_views
from tests.factories.members import committee_member, draft_application, owner_of
from tests.helpers import parse
from tests.wsgi import SiteApplication

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    return committee_member()


def seal_approved(committee, today=None):
    application = draft_application()
    services.application_submit(application=application, by=owner_of(application.organisation))
    services.application_start_review(application=application, by=committee)
    services.application_approve(application=application, by=committee, today=today)
    return Seal.objects.get(organisation=application.organisation)


def verdict(response):
    return parse(response).select_one('[role="status"]').get_text(" ", strip=True)


def test_a_valid_seal_says_so_and_links_to_its_holder(client, committee):
    seal = seal_approved(committee)
    response = client.get(f"/de/siegel/{seal.token}/")
    assert response.status_code == 200
    assert f"{seal.organisation.name} trägt ein gültiges Siegel." in verdict(response)
    page = parse(response)
    facts = page.select_one(".facts").get_text(" ", strip=True)
    assert seal.serial_number in facts
    assert page.find("a", string=seal.organisation.name)["href"] == (
        f"/de/mitglieder/{seal.organisation.slug}/"
    )
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=60"
    english = client.get(f"/en/seal/{seal.token}/")
    assert f"{seal.organisation.name} holds a valid seal." in verdict(english)


@pytest.mark.parametrize(
    ("change", "word", "status"),
    [
        ("suspend", "ausgesetzt", "suspended"),
        ("revoke", "widerrufen", "revoked"),
    ],
)
def test_a_suspended_or_revoked_seal_says_so_with_its_date_and_reason(
    client, committee, change, word, status
):
    seal = seal_approved(committee)
    getattr(services, f"seal_{change}")(seal=seal, by=committee, reason="Angaben unzutreffend")
    response = client.get(f"/de/siegel/{seal.token}/")
    assert word in verdict(response)
    assert timezone.localdate().strftime("%Y") in verdict(response)
    page = parse(response)
    assert "Angaben unzutreffend" in page.select_one(".badge-check__reason").get_text()
    assert page.find("a", string=seal.organisation.name) is None
    document = client.get(f"/de/siegel/{seal.token}.json").json()
    assert (document["status"], document["valid"]) == (status, False)
    assert document["reason"] == "Angaben unzutreffend"
    assert document["holder"]["profile"] is None


def test_a_reinstated_seal_is_valid_again(client, committee):
    seal = seal_approved(committee)
    services.seal_suspend(seal=seal, by=committee, reason="Prüfung")
    services.seal_reinstate(seal=seal, by=committee)
    document = client.get(f"/de/siegel/{seal.token}/", HTTP_ACCEPT="application/json").json()
    assert (document["status"], document["valid"], document["reason"]) == ("valid", True, None)


def test_an_expired_seal_says_since_when(client, committee):
    seal = seal_approved(committee, today=date.today() - timedelta(days=800))
    response = client.get(f"/de/siegel/{seal.token}/")
    assert "ist abgelaufen am" in verdict(response) or "abgelaufen" in verdict(response)
    document = client.get(f"/de/siegel/{seal.token}.json").json()
    assert document["status"] == "expired"
    assert document["statusSince"] == seal.valid_until.isoformat()


def test_the_json_document_names_the_seal_its_holder_and_its_issuer(client, committee):
    seal = seal_approved(committee)
    response = client.get(f"/de/siegel/{seal.token}/", HTTP_ACCEPT="application/json")
    assert response["Content-Type"] == "application/json"
    assert "Accept" in response["Vary"]
    document = response.json()
    assert document["serialNumber"] == seal.serial_number
    assert document["badgeUrl"] == f"http://testserver/de/siegel/{seal.token}/"
    assert document["holder"]["name"] == seal.organisation.name
    assert document["validFrom"] == seal.valid_from.isoformat()
    assert document["validUntil"] == seal.valid_until.isoformat()
    assert document["issuer"]["name"] == "SMART REGION"
    assert document["checkedAt"]


@pytest.mark.parametrize(
    "token",
    ["x" * 32, "kurz", "a" * 33, "%3Cscript%3E" + "a" * 20, "a" * 31 + "!"],
)
def test_unknown_and_malformed_tokens_say_plainly_that_no_seal_has_this_address(
    client, committee, token
):
    seal_approved(committee)
    response = client.get(f"/de/siegel/{token}/")
    assert response.status_code == 404
    assert "Kein Siegel hat diese Adresse." in verdict(response)
    machine = client.get(f"/de/siegel/{token}.json")
    assert machine.status_code == 404
    assert machine.json() == {"error": "Kein Siegel hat diese Adresse."}


def test_a_token_that_differs_in_one_character_finds_nothing(client, committee):
    seal = seal_approved(committee)
    changed = seal.token[:-1] + ("A" if seal.token[-1] != "A" else "B")
    assert client.get(f"/de/siegel/{changed}/").status_code == 404


def test_too_many_checks_from_one_address_get_a_clear_answer(
    client, committee, settings, monkeypatch
):
    settings.BADGE_CHECKS_PER_MINUTE = 3
    # One window for all the checks: they could otherwise straddle the turn of a minute.
    monkeypatch.setattr(badge_answers, "LIMIT_WINDOW_SECONDS", 24 * 3600)
    seal = seal_approved(committee)
    answers = [client.get(f"/de/siegel/{seal.token}/").status_code for _check in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get(f"/de/siegel/{seal.token}.json")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Zu viele Prüfungen" in refused.json()["error"]
    other_client = client.get(f"/de/siegel/{seal.token}/", REMOTE_ADDR="192.0.2.7")
    assert other_client.status_code == 200


# With the shared cache that production uses (Redis), a check of a visitor who brings nothing
# of their own is answered by the WSGI application from what it kept, before Django's
# middleware (cms.answers); these go through it as gunicorn does, and make sure that it never
# hides a change, nor serves anyone what was meant for someone else.


@pytest.fixture
def site(redis_server):
    return SiteApplication()


@pytest.mark.parametrize(
    ("change", "word", "status"),
    [
        ("suspend", "ausgesetzt", "suspended"),
        ("revoke", "widerrufen", "revoked"),
    ],
)
def test_with_the_shared_cache_a_change_shows_on_the_very_next_check(
    site, committee, django_capture_on_commit_callbacks, change, word, status
):
    seal = seal_approved(committee)
    page_before = site.get(f"/de/siegel/{seal.token}/")
    document_before = site.get(f"/de/siegel/{seal.token}.json").json()
    assert "gültiges Siegel" in verdict(page_before)
    assert document_before["status"] == "valid"

    with django_capture_on_commit_callbacks(execute=True):
        getattr(services, f"seal_{change}")(seal=seal, by=committee, reason="Angaben unzutreffend")

    assert word in verdict(site.get(f"/de/siegel/{seal.token}/"))
    document = site.get(f"/de/siegel/{seal.token}.json").json()
    assert (document["status"], document["valid"]) == (status, False)


def test_with_the_shared_cache_a_repeated_check_reads_nothing_from_the_database(
    site, committee, django_assert_num_queries
):
    seal = seal_approved(committee)
    first = site.get(f"/de/siegel/{seal.token}/")
    site.get(f"/de/siegel/{seal.token}.json")

    with django_assert_num_queries(0):
        again = site.get(f"/de/siegel/{seal.token}/")
        document = site.get(f"/de/siegel/{seal.token}.json").json()
        by_negotiation = site.get(f"/de/siegel/{seal.token}/", HTTP_ACCEPT="application/json")

    assert verdict(again) == verdict(first)
    assert document["serialNumber"] == seal.serial_number
    assert by_negotiation.json()["serialNumber"] == seal.serial_number


def test_a_kept_answer_carries_every_header_of_the_drawn_one(site, committee):
    seal = seal_approved(committee)
    for address, accept in [
        (f"/de/siegel/{seal.token}/", "text/html"),
        (f"/en/seal/{seal.token}.json", "*/*"),
    ]:
        drawn = site.get(address, HTTP_ACCEPT=accept, HTTP_X_FORWARDED_PROTO="https")
        kept = site.get(address, HTTP_ACCEPT=accept, HTTP_X_FORWARDED_PROTO="https")

        # Every header of the drawn answer, but each answer has its own request id.
        assert {**kept.headers, "X-Request-ID": drawn["X-Request-ID"]} == dict(drawn.headers)
        assert kept["X-Request-ID"] != drawn["X-Request-ID"]
        assert kept["Content-Length"] == str(len(kept.content))
        assert "Content-Security-Policy" in kept.headers
        assert "X-Frame-Options" in kept.headers
        assert kept["Vary"] == drawn["Vary"]


def test_a_kept_answer_is_not_served_to_another_host_or_language(site, committee, settings):
    settings.ALLOWED_HOSTS = ["testserver", "siegel.example"]
    seal = seal_approved(committee)
    site.get(f"/de/siegel/{seal.token}/")

    elsewhere = site.get(f"/de/siegel/{seal.token}/", HTTP_HOST="siegel.example")
    english = site.get(f"/en/seal/{seal.token}/")
    forged = site.get(f"/de/siegel/{seal.token}/", HTTP_HOST="angreifer.example")

    assert 'href="http://siegel.example/en/seal/' in elsewhere.content.decode()
    assert "holds a valid seal" in verdict(english)
    assert forged.status_code == 400


def test_a_page_drawn_while_the_seal_changed_is_not_served_afterwards(
    site, committee, django_capture_on_commit_callbacks, monkeypatch
):
    """A check that read the seal just before the revocation was committed, and keeps its
    page just after, must not answer the checks that follow."""
    seal = seal_approved(committee)
    draws_old_page = badge_views.fresh_answer

    def revoked_while_drawing(*args):
        answer = draws_old_page(*args)
        with django_capture_on_commit_callbacks(execute=True):
            services.seal_revoke(seal=seal, by=committee, reason="Angaben unzutreffend")
        return answer

    with monkeypatch.context() as patched:
        patched.setattr(badge_views, "fresh_answer", revoked_while_drawing)
        during = site.get(f"/de/siegel/{seal.token}/")

    assert "gültiges Siegel" in verdict(during)
    assert "widerrufen" in verdict(site.get(f"/de/siegel/{seal.token}/"))


def test_the_time_of_the_check_is_that_of_each_check(site, committee, monkeypatch):
    seal = seal_approved(committee)
    now = timezone.now().timestamp()

    def checked_at(seconds_later):
        monkeypatch.setattr(badge_answers, "clock", lambda: now + seconds_later)
        page = parse(site.get(f"/de/siegel/{seal.token}/")).select(".facts time")[-1]
        document = site.get(f"/de/siegel/{seal.token}.json").json()
        return datetime.fromisoformat(page["datetime"]), datetime.fromisoformat(
            document["checkedAt"]
        )

    first, later = checked_at(0), checked_at(61)

    for page_time, document_time in (first, later):
        assert page_time == document_time
    assert abs(first[0] - timezone.now()) < timedelta(seconds=5)
    assert later[0] - first[0] == timedelta(seconds=61)


def test_a_logged_in_visitors_page_is_neither_served_from_nor_kept_in_the_cache(
    site, client, committee
):
    seal = seal_approved(committee)
    address = f"/de/siegel/{seal.token}/"
    site.get(address)

    client.force_login(committee)
    session = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    own = site.get(address, HTTP_COOKIE=session)
    after = site.get(address)

    assert "userbar" in own.content.decode()
    assert "userbar" not in after.content.decode()
    assert own["Cache-Control"] == "private, no-cache"
    assert after["Cache-Control"] == "public, max-age=0, s-maxage=60"


def test_with_the_shared_cache_too_many_checks_are_still_refused(site, committee, settings):
    settings.BADGE_CHECKS_PER_MINUTE = 3
    seal = seal_approved(committee)
    answers = [site.get(f"/de/siegel/{seal.token}.json").status_code for _check in range(4)]
    assert answers == [200, 200, 200, 429]
    assert site.get(f"/de/siegel/{seal.token}/", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_checks_are_answered_while_the_shared_cache_is_away(site, committee, redis_server):
    seal = seal_approved(committee)
    site.get(f"/de/siegel/{seal.token}/")
    redis_server.stop()

    page = site.get(f"/de/siegel/{seal.token}/")
    document = site.get(f"/de/siegel/{seal.token}.json")

    assert "gültiges Siegel" in verdict(page)
    assert document.json()["status"] == "valid"
