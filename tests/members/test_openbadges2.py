"""Open Badges 2.0 hosted verification: a verifier fetches a seal's Assertion at its id, follows
it to the BadgeClass and the Issuer, and consults the Issuer's RevocationList."""

from datetime import datetime, time, timedelta

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from cms.mail import absolute_url
from members import services
from members.models import Seal
from tests.factories.members import committee_member
from tests.members.test_badges import seal_approved

pytestmark = pytest.mark.django_db

CONTEXT = "https://w3id.org/openbadges/v2"


@pytest.fixture
def committee():
    return committee_member()


@pytest.fixture
def seal(committee):
    return seal_approved(committee)


def assertion_path(seal):
    return f"/badges/assertions/{seal.token}"


def fetch(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def fetch_document(client, path, status=200):
    response = fetch(client, path, status)
    assert response["Content-Type"] == "application/ld+json"
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=60"
    document = response.json()
    assert document["@context"] == CONTEXT
    return document


def moment(text):
    """An ISO 8601 date and time, which Open Badges requires with its offset."""
    parsed = datetime.fromisoformat(text)
    assert parsed.utcoffset() is not None, text
    return parsed


def revoked_ids(client):
    return [
        entry["id"] for entry in fetch_document(client, "/badges/revocations")["revokedAssertions"]
    ]


def assert_is_full_assertion(document, seal):
    assert document["type"] == "Assertion"
    assert document["id"] == f"http://testserver/badges/assertions/{seal.token}"
    assert document["recipient"] == {
        "type": "url",
        "identity": f"http://testserver/de/mitglieder/{seal.organisation.slug}/",
        "hashed": False,
    }
    assert document["badge"] == "http://testserver/badges/seal"
    assert document["verification"] == {"type": "hosted"}
    assert moment(document["issuedOn"]) == seal.issued_at.replace(microsecond=0)
    # The end of the last valid day, in the region's time.
    assert moment(document["expires"]) == timezone.make_aware(
        datetime.combine(seal.valid_until, time(23, 59, 59))
    )
    assert document["expires"].startswith(seal.valid_until.isoformat())
    assert document["image"] == absolute_url(reverse("badges:baked_png", args=[seal.token]))
    assert document["evidence"] == f"http://testserver/de/siegel/{seal.token}/"
    assert "revoked" not in document


def test_a_valid_seal_serves_its_hosted_assertion(client, seal):
    document = fetch_document(client, assertion_path(seal))
    assert_is_full_assertion(document, seal)
    assert moment(document["issuedOn"]) <= timezone.now() < moment(document["expires"])
    assert document["id"] not in revoked_ids(client)


def test_an_expired_seal_keeps_its_assertion_and_verifiers_read_the_end_from_it(client, committee):
    three_years_ago = timezone.now() - timedelta(days=3 * 365)
    seal = seal_approved(committee, today=timezone.localdate(three_years_ago))
    # Approval's ``today`` dates the period only; the seal was issued then too.
    Seal.objects.filter(pk=seal.pk).update(issued_at=three_years_ago)
    seal.refresh_from_db()
    assert seal.is_expired()
    document = fetch_document(client, assertion_path(seal))
    assert_is_full_assertion(document, seal)
    assert moment(document["issuedOn"]) < moment(document["expires"]) < timezone.now()
    assert document["id"] not in revoked_ids(client)


def test_a_revoked_seal_is_gone_and_listed_with_the_committees_reason(client, committee, seal):
    services.seal_revoke(seal=seal, by=committee, reason="Angaben zu Referenzen unzutreffend")
    document = fetch_document(client, assertion_path(seal), status=410)
    assert document.pop("revoked") is True
    assert document.pop("revocationReason") == "Angaben zu Referenzen unzutreffend"
    # Still an Assertion, or verifiers would not count the 410 as a revocation.
    assert_is_full_assertion(document, seal)
    revocations = fetch_document(client, "/badges/revocations")["revokedAssertions"]
    assert revocations == [
        {"id": document["id"], "revocationReason": "Angaben zu Referenzen unzutreffend"}
    ]


def test_a_revocation_without_public_reason_gives_none(client, committee, seal):
    services.seal_revoke(seal=seal, by=committee, reason="Interner Grund")
    # The committee took the reason off the public badge page.
    Seal.objects.filter(pk=seal.pk).update(status_reason="")
    document = fetch_document(client, assertion_path(seal), status=410)
    assert document["revoked"] is True
    assert "revocationReason" not in document
    revocations = fetch_document(client, "/badges/revocations")["revokedAssertions"]
    assert revocations == [{"id": document["id"]}]


def test_a_suspended_seal_reads_as_revoked_and_says_it_is_suspended(client, committee, seal):
    services.seal_suspend(seal=seal, by=committee, reason="Prüfung der Referenzen")
    document = fetch_document(client, assertion_path(seal), status=410)
    assert document["type"] == "Assertion"
    assert document["revoked"] is True
    assert document["revocationReason"] == "Vorübergehend ausgesetzt: Prüfung der Referenzen"
    revocations = fetch_document(client, "/badges/revocations")["revokedAssertions"]
    assert revocations == [
        {
            "id": f"http://testserver/badges/assertions/{seal.token}",
            "revocationReason": "Vorübergehend ausgesetzt: Prüfung der Referenzen",
        }
    ]


def test_a_reinstated_seal_serves_its_assertion_again_and_leaves_the_list(client, committee, seal):
    services.seal_suspend(seal=seal, by=committee, reason="Prüfung")
    assert revoked_ids(client) == [f"http://testserver/badges/assertions/{seal.token}"]
    services.seal_reinstate(seal=seal, by=committee)
    document = fetch_document(client, assertion_path(seal))
    assert_is_full_assertion(document, seal)
    assert revoked_ids(client) == []


def test_the_badge_class_names_the_seal_its_criteria_and_issuer(client):
    document = fetch_document(client, "/badges/seal")
    assert document["type"] == "BadgeClass"
    assert document["id"] == "http://testserver/badges/seal"
    assert document["name"] == "Part of SMART REGION"
    assert document["description"].startswith("Das Siegel tragen Unternehmen")
    assert document["image"] == absolute_url(reverse("badges:class_image"))
    narrative = document["criteria"]["narrative"]
    for criterion in ["Digitale Aktivitäten", "Referenzen", "Engagement für die Region"]:
        assert f"**{criterion}**" in narrative
    assert "24 Monate" in narrative
    assert document["issuer"] == "http://testserver/badges/issuer"
    assert "SMART REGION" in document["tags"]
    assert all(isinstance(tag, str) for tag in document["tags"])


def test_the_issuer_profile_has_name_address_contact_and_revocation_list(client, settings):
    settings.BADGE_ISSUER_EMAIL = "siegel@smart-region.example.org"
    document = fetch_document(client, "/badges/issuer")
    assert document["type"] == "Issuer"
    assert document["id"] == "http://testserver/badges/issuer"
    assert document["name"] == "SMART REGION"
    assert document["url"] == "http://testserver/"
    assert document["email"] == "siegel@smart-region.example.org"
    assert document["description"].startswith("Die SMART REGION verbindet")
    assert document["image"] == absolute_url(static("img/logo.svg"))
    assert finders.find("img/logo.svg")
    assert document["revocationList"] == "http://testserver/badges/revocations"


def test_the_documents_ids_are_where_they_are_served(client, seal):
    """Hosted verification fetches each id: it must answer with the same document."""
    assertion = fetch_document(client, assertion_path(seal))
    badge_class = fetch_document(client, assertion["badge"].removeprefix("http://testserver"))
    issuer = fetch_document(client, badge_class["issuer"].removeprefix("http://testserver"))
    revocations = fetch_document(client, issuer["revocationList"].removeprefix("http://testserver"))
    assert badge_class["id"] == assertion["badge"]
    assert issuer["id"] == badge_class["issuer"]
    assert revocations == {
        "@context": CONTEXT,
        "type": "RevocationList",
        "id": issuer["revocationList"],
        "issuer": issuer["id"],
        "revokedAssertions": [],
    }


@pytest.mark.parametrize(
    "token",
    [
        "x",
        "not-a-token!",
        "a" * 200,
        "seal.json",
        # The right shape, but no seal has it.
        "A" * 32,
    ],
)
def test_an_unknown_or_malformed_token_gets_a_json_404_not_a_redirect(client, seal, token):
    response = fetch(client, f"/badges/assertions/{token}", status=404)
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "Kein Siegel hat diese Adresse."}


def test_a_forged_token_one_character_off_gets_404(client, seal):
    forged = seal.token[:-1] + ("A" if seal.token[-1] != "A" else "B")
    fetch(client, f"/badges/assertions/{forged}", status=404)


def test_the_assertion_address_is_rate_limited_per_client(client, seal, settings):
    settings.BADGE_CHECKS_PER_MINUTE = 2
    fetch(client, assertion_path(seal))
    fetch(client, assertion_path(seal))
    # What names no seal, every verification needs: the issuer, its keys, the status lists.
    fetch(client, "/badges/issuer")
    fetch(client, "/badges/status/revocation")
    response = fetch(client, assertion_path(seal), status=429)
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    assert "Bitte warten Sie eine Minute" in response.json()["error"]


def test_the_revocation_list_takes_one_query_however_many_seals(
    client, committee, django_assert_max_num_queries
):
    seals = [seal_approved(committee) for _ in range(6)]
    for seal in seals[:3]:
        services.seal_revoke(seal=seal, by=committee, reason="Widerrufen")
    services.seal_suspend(seal=seals[3], by=committee, reason="Ausgesetzt")
    with django_assert_max_num_queries(1):
        revocations = fetch_document(client, "/badges/revocations")["revokedAssertions"]
    assert sorted(entry["id"] for entry in revocations) == sorted(
        f"http://testserver/badges/assertions/{seal.token}" for seal in seals[:4]
    )


def test_the_documents_do_not_vary_with_the_visitors_language(client, seal):
    german = fetch_document(client, "/badges/seal")
    english = client.get("/badges/seal", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == german
    assert english["Content-Language"] == "de"
    assert (
        fetch_document(client, assertion_path(seal))
        == client.get(assertion_path(seal), HTTP_ACCEPT_LANGUAGE="en").json()
    )


def test_a_page_address_without_language_is_still_redirected(client):
    """The badge documents' 404s are final; a person's address without a language still
    finds its page."""
    response = client.get("/mitglieder/")
    assert response.status_code == 302
    assert response["Location"] == "/de/mitglieder/"
