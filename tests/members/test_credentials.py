"""The seal as a signed Open Badges 3.0 credential: what a verifier who trusts only the
issuer's published keys concludes, for every status, after tampering and after a rotation."""

import base64
import copy
import gzip
import json
from datetime import UTC, date, datetime, timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone, translation

from members import credentials, linked_data, services, signing
from members.models import IssuerKey, Seal
from members.verification import FetchFailed, NotVerifiable, Verifier, did_web_address
from tests.factories.members import OrganisationFactory, committee_member, owner_of
from tests.helpers import parse

pytestmark = pytest.mark.django_db


def a_seal(organisation=None, **fields):
    today = timezone.localdate()
    now = timezone.now()
    defaults = {
        "serial_number": f"SR-2026-{Seal.objects.count() + 1:06d}",
        "valid_from": today - timedelta(days=30),
        "valid_until": today + timedelta(days=700),
        "issued_at": now,
        "status_changed_at": now,
    }
    return Seal.objects.create(
        organisation=organisation or OrganisationFactory(), **{**defaults, **fields}
    )


@pytest.fixture
def fetch(client):
    """What a verifier's HTTP client would get, answered by the test client."""

    def answer(url):
        parts = urlsplit(url)
        response = client.get(parts.path, HTTP_ACCEPT="application/ld+json, application/json")
        if response.status_code != 200:
            raise FetchFailed(f"{url} answered {response.status_code}")
        return response.content

    return answer


def end_of(day):
    """The moment a seal's last day ends, in Germany, written in UTC."""
    return credentials.utc_text(credentials.start_of_day(day + timedelta(days=1)))


def verdict_for(fetch, target, now=None):
    return Verifier(fetch=fetch, now=now).verify(target)


def findings(verdict):
    return " | ".join(text for _passed, text in verdict.findings)


def credential_url(seal):
    return f"http://testserver/badges/credentials/{seal.token}"


def test_a_valid_seal_verifies_from_its_badge_url(fetch):
    seal = a_seal()
    verdict = verdict_for(fetch, f"http://testserver/de/siegel/{seal.token}/")
    assert verdict.valid, findings(verdict)
    assert "The signature is valid" in findings(verdict)
    credential = verdict.credential
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["credentialSubject"]["name"] == seal.organisation.name
    assert credential["credentialSubject"]["achievement"]["type"] == ["Achievement"]
    assert credential["issuer"]["id"] == "did:web:testserver"
    assert credential["validUntil"] == end_of(seal.valid_until)


def test_the_credential_is_served_exactly_as_signed(client):
    seal = a_seal()
    first = client.get(f"/badges/credentials/{seal.token}")
    second = client.get(f"/badges/credentials/{seal.token}")
    assert first.status_code == 200
    assert first["Content-Type"] == "application/ld+json"
    assert first["Access-Control-Allow-Origin"] == "*"
    assert first.content == second.content
    seal.refresh_from_db()
    assert first.content.decode() == seal.credential
    download = client.get(f"/badges/credentials/{seal.token}?download=1")
    assert download["Content-Disposition"] == f'attachment; filename="{seal.serial_number}.json"'


@pytest.mark.parametrize("token", ["x" * 32, "not a token", "a" * 200])
def test_an_unknown_or_malformed_token_has_no_credential(client, token):
    response = client.get(f"/badges/credentials/{token}")
    assert response.status_code == 404
    assert response.json() == {"error": "Kein Siegel hat diese Adresse."}


def test_a_changed_credential_fails_its_proof(fetch, tmp_path):
    seal = a_seal()
    signed = json.loads(credentials.credential_for(seal))
    for change in (
        lambda document: document["credentialSubject"].update(name="Eine andere GmbH"),
        lambda document: document.update(validUntil="2099-01-01T00:00:00Z"),
        lambda document: document["proof"].update(created="2020-01-01T00:00:00Z"),
    ):
        tampered = copy.deepcopy(signed)
        change(tampered)
        path = tmp_path / "tampered.json"
        path.write_text(json.dumps(tampered))
        verdict = verdict_for(fetch, str(path))
        assert not verdict.valid
        assert "does not match its content" in findings(verdict)


def test_a_credential_signed_by_a_key_the_issuer_does_not_publish_fails(fetch, tmp_path):
    seal = a_seal()
    stranger = signing.private_key_from(signing.new_secret())
    unpublished = signing.SigningKey(
        record=IssuerKey(key_id="key-20260101-deadbeef"), private_key=stranger
    )
    forged = signing.sign(
        credentials.unsigned_credential(seal),
        unpublished,
        credentials.verification_method(unpublished.record),
    )
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(forged))
    verdict = verdict_for(fetch, str(path))
    assert not verdict.valid
    assert "does not publish did:web:testserver#key-20260101-deadbeef" in findings(verdict)


def test_a_forged_credential_naming_the_real_key_fails(fetch, tmp_path):
    seal = a_seal()
    real_key = signing.current_signing_key()
    stranger = signing.SigningKey(
        record=real_key.record, private_key=signing.private_key_from(signing.new_secret())
    )
    forged = signing.sign(
        credentials.unsigned_credential(seal),
        stranger,
        credentials.verification_method(real_key.record),
    )
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(forged))
    assert not verdict_for(fetch, str(path)).valid


def test_an_expired_seal_fails_on_its_dates(fetch):
    seal = a_seal(
        valid_from=date(2023, 1, 1),
        valid_until=date(2025, 1, 1),
    )
    verdict = verdict_for(fetch, credential_url(seal))
    assert not verdict.valid
    assert "The credential expired on 2025-01-01 23:00 UTC." in findings(verdict)
    # The day before it ended it was valid.
    earlier = verdict_for(fetch, credential_url(seal), now=datetime(2025, 1, 1, 12, tzinfo=UTC))
    assert "within its validity period" in findings(earlier)


def test_suspension_reinstatement_and_revocation_reach_the_status_lists(fetch):
    committee = committee_member()
    seal = a_seal()
    other = a_seal()
    url = credential_url(seal)

    services.seal_suspend(seal=seal, by=committee, reason="Prüfung läuft")
    verdict = verdict_for(fetch, url)
    assert not verdict.valid
    assert "The seal is suspended." in findings(verdict)
    assert verdict_for(fetch, credential_url(other)).valid

    services.seal_reinstate(seal=seal, by=committee)
    assert verdict_for(fetch, url).valid

    services.seal_revoke(seal=seal, by=committee, reason="Angaben unzutreffend")
    verdict = verdict_for(fetch, url)
    assert not verdict.valid
    assert "The seal is revoked." in findings(verdict)
    assert "The seal is suspended." not in findings(verdict)


def test_the_status_list_is_a_signed_bitstring_with_the_revoked_seals_bit(client):
    committee = committee_member()
    revoked = a_seal()
    standing = a_seal()
    services.seal_revoke(seal=revoked, by=committee, reason="Angaben unzutreffend")
    response = client.get("/badges/status/revocation")
    assert response.status_code == 200
    status_list = json.loads(response.content)
    assert status_list["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    subject = status_list["credentialSubject"]
    assert subject["type"] == "BitstringStatusList"
    assert subject["statusPurpose"] == "revocation"
    bits = credentials.decoded_list(subject["encodedList"])
    assert len(bits) * 8 == 131_072
    assert credentials.bit_is_set(bits, revoked.status_list_index)
    assert not credentials.bit_is_set(bits, standing.status_list_index)
    assert sum(bin(byte).count("1") for byte in bits) == 1
    assert client.get("/badges/status/revocation").content == response.content
    assert client.get("/badges/status/other").status_code == 404


def test_a_renewal_signs_the_credential_again_with_the_new_period(client):
    seal = a_seal()
    first = json.loads(credentials.credential_for(seal))
    seal.valid_until += timedelta(days=730)
    seal.save()
    renewed = json.loads(client.get(f"/badges/credentials/{seal.token}").content)
    assert renewed["validUntil"] != first["validUntil"]
    assert renewed["validUntil"] == end_of(seal.valid_until)


def test_after_a_key_rotation_old_and_new_credentials_verify(fetch, settings, tmp_path):
    settings.SEAL_SIGNING_KEY_FILE = str(tmp_path / "keys" / "seal-signing.key")
    call_command("seal_keys", "create", stdout=StringIO())
    with pytest.raises(CommandError, match="configured already"):
        call_command("seal_keys", "create", stdout=StringIO())
    old_seal = a_seal()
    credentials.credential_for(old_seal)
    old_key = json.loads(Seal.objects.get(pk=old_seal.pk).credential)["proof"]

    output = StringIO()
    call_command("seal_keys", "rotate", stdout=output)
    assert "stays published" in output.getvalue()
    assert len(list((tmp_path / "keys").glob("seal-signing.key.retired-*"))) == 1
    new_seal = a_seal()
    new_key = json.loads(credentials.credential_for(new_seal))["proof"]
    assert new_key["verificationMethod"] != old_key["verificationMethod"]

    assert verdict_for(fetch, credential_url(old_seal)).valid
    assert verdict_for(fetch, credential_url(new_seal)).valid
    did = json.loads(fetch("http://testserver/.well-known/did.json"))
    assert {old_key["verificationMethod"], new_key["verificationMethod"]} <= set(
        did["assertionMethod"]
    )
    listing = StringIO()
    call_command("seal_keys", "list", stdout=listing)
    assert "signs now" in listing.getvalue()
    assert "retired" in listing.getvalue()


def test_each_key_is_published_as_a_multikey_document(client):
    key = signing.current_signing_key()
    response = client.get(f"/badges/keys/{key.record.key_id}")
    document = json.loads(response.content)
    assert document["type"] == "Multikey"
    assert document["controller"] == "did:web:testserver"
    assert document["publicKeyMultibase"].startswith("z6Mk")
    assert client.get("/badges/keys/key-unknown").status_code == 404


def test_an_undefined_property_is_refused_before_signing():
    seal = a_seal()
    document = credentials.unsigned_credential(seal)
    document["credentialSubject"]["favouriteColour"] = "grün"
    with pytest.raises(linked_data.UndefinedTerms, match="favouriteColour"):
        signing.sign(document, signing.current_signing_key(), "did:web:testserver#key")


def test_control_characters_never_reach_what_is_signed(fetch):
    organisation = OrganisationFactory(name="Digital\x08werk\x1b GmbH")
    seal = a_seal(organisation=organisation)
    text = credentials.credential_for(seal)
    assert json.loads(text)["credentialSubject"]["name"] == "Digitalwerk GmbH"
    assert verdict_for(fetch, credential_url(seal)).valid
    document = credentials.unsigned_credential(seal)
    document["name"] = "Bell\x07"
    with pytest.raises(signing.UnsafeText):
        signing.sign(document, signing.current_signing_key(), "did:web:testserver#key")


def test_without_a_signing_key_the_credential_answers_503_and_the_badge_page_still_works(
    client, settings, tmp_path
):
    seal = a_seal()
    settings.SEAL_SIGNING_KEY_FILE = str(tmp_path / "missing.key")
    response = client.get(f"/badges/credentials/{seal.token}")
    assert response.status_code == 503
    assert "später" in response.json()["error"]
    assert client.get(f"/de/siegel/{seal.token}/").status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_verify_seal_checks_a_badge_url_over_http(live_server, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    seal = a_seal()
    badge_url = f"{live_server.url}/de/siegel/{seal.token}/"
    output = StringIO()
    call_command("verify_seal", badge_url, stdout=output)
    assert f"VALID: {seal.organisation.name}" in output.getvalue()
    assert "✓ The signature is valid" in output.getvalue()

    services.seal_revoke(seal=seal, by=committee_member(), reason="Angaben unzutreffend")
    output = StringIO()
    with pytest.raises(CommandError, match="NOT VALID"):
        call_command("verify_seal", badge_url, stdout=output)
    assert "✗ The seal is revoked." in output.getvalue()


def test_the_member_portal_offers_the_credential_for_a_wallet(client):
    seal = a_seal()
    client.force_login(owner_of(seal.organisation))
    with translation.override("de"):
        page = parse(client.get(reverse("members:organisation", args=[seal.organisation.slug])))
    link = page.find("a", string=lambda text: text and "für eine Wallet" in text)
    assert link["href"] == f"/badges/credentials/{seal.token}?download=1"
    download = client.get(link["href"])
    assert download["Content-Disposition"].startswith("attachment")
    assert json.loads(download.content)["type"][-1] == "OpenBadgeCredential"


CREDENTIALS_VOCABULARY = "https://www.w3.org/2018/credentials#"


def served(fetch, pages):
    """The site's answers, except for ``pages``, which a hostile server answers instead."""

    def answer(url):
        if url in pages:
            page = pages[url]
            return page if isinstance(page, bytes) else json.dumps(page).encode()
        return fetch(url)

    return answer


def test_a_credential_rewritten_with_full_addresses_is_refused(fetch):
    """The same RDF under other keys keeps its proof, but the verifier would read the JSON
    keys it knows: an expired seal's end and a revoked seal's status entry under their full
    addresses, or under a term of an added context."""
    expired = json.loads(
        credentials.credential_for(
            a_seal(valid_from=date(2023, 1, 1), valid_until=date(2025, 1, 1))
        )
    )
    end = expired.pop("validUntil")
    expired[CREDENTIALS_VOCABULARY + "validUntil"] = {
        "@value": end,
        "@type": "http://www.w3.org/2001/XMLSchema#dateTime",
    }
    revoked_seal = a_seal()
    revoked = json.loads(credentials.credential_for(revoked_seal))
    services.seal_revoke(seal=revoked_seal, by=committee_member(), reason="Angaben unzutreffend")
    [entry] = [e for e in revoked["credentialStatus"] if e["statusPurpose"] == "revocation"]
    revoked["credentialStatus"].remove(entry)
    revoked["@context"].append({"alsoStatus": {"@id": CREDENTIALS_VOCABULARY + "credentialStatus"}})
    revoked["alsoStatus"] = entry
    for document in (expired, revoked):
        verdict = verdict_for(
            served(fetch, {"http://elsewhere.test/c": document}), "http://elsewhere.test/c"
        )
        assert not verdict.valid


def test_a_credential_from_another_issuer_is_not_a_seal(fetch):
    seal = a_seal()
    stranger = signing.private_key_from(signing.new_secret())
    public = signing.public_multibase(stranger.public_key())
    did = "did:web:evil.example"
    key = signing.SigningKey(
        record=IssuerKey(key_id="k1", public_key_multibase=public), private_key=stranger
    )
    unsigned = credentials.unsigned_credential(seal)
    unsigned["issuer"]["id"] = did
    document = signing.sign(unsigned, key, f"{did}#k1")
    did_document = {
        "id": did,
        "verificationMethod": [
            {"id": f"{did}#k1", "type": "Multikey", "controller": did, "publicKeyMultibase": public}
        ],
        "assertionMethod": [f"{did}#k1"],
    }
    pages = {
        "https://evil.example/c": document,
        "https://evil.example/.well-known/did.json": did_document,
    }
    verdict = Verifier(fetch=served(fetch, pages), issuer="did:web:testserver").verify(
        "https://evil.example/c"
    )
    assert not verdict.valid
    assert "is issued by did:web:evil.example, not by did:web:testserver" in findings(verdict)


@pytest.mark.parametrize(
    "answer",
    [
        [],
        5,
        b"\xff\xfe not JSON",
        b"[" * 100_000 + b"]" * 100_000,
        {"credential": 5},
        {"credential": "file:///etc/passwd"},
        {"type": 5, "proof": {}},
        {"type": ["VerifiableCredential", "OpenBadgeCredential"], "@context": [5], "proof": {}},
    ],
    ids=["list", "number", "garbage", "deep", "link-number", "file-link", "type-number", "context"],
)
def test_a_hostile_answer_is_a_verdict_not_a_crash(fetch, answer):
    verdict = verdict_for(
        served(fetch, {"http://elsewhere.test/c": answer}), "http://elsewhere.test/c"
    )
    assert not verdict.valid
    assert findings(verdict)


def test_a_hostile_status_list_is_refused_without_unpacking_it():
    bomb = "u" + base64.urlsafe_b64encode(gzip.compress(b"\0" * 50_000_000)).decode()
    whole = gzip.compress(b"\0" * 16_384)
    truncated = "u" + base64.urlsafe_b64encode(whole[:-10]).decode()
    for encoded in (truncated, "u!!!!", "u", bomb):
        with pytest.raises(ValueError):
            credentials.decoded_list(encoded, max_bytes=1_000_000)


@pytest.mark.parametrize(
    "did",
    [
        "did:web:localhost%3A1@evil.com",
        "did:web:evil.com%2F..%2Fx",
        "did:web:",
        "did:web:a:b%2F..%2Fc",
    ],
)
def test_a_malformed_did_web_is_refused(did):
    with pytest.raises(NotVerifiable):
        did_web_address(did)
