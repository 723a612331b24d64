"""The seal as an Open Badges 3.0 ``OpenBadgeCredential`` and its status as Bitstring Status
Lists, signed with the issuer's current key; the issuer's keys as a ``did:web`` document.

Signed texts are kept as signed and served byte for byte. They are signed again only when
what they would say changes: a renewed period or a renamed holder for a credential, a change
of status for a list. A credential signed with a key since rotated stays as it is; its key
stays published."""

import base64
import binascii
import gzip
import json
import zlib
from datetime import UTC, datetime, time, timedelta
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cms.mail import absolute_url

from . import openbadges2, signing
from .linked_data import CREDENTIALS_V2, DID_V1, MULTIKEY_V1, OPEN_BADGES_V3
from .models import (
    STATUS_LIST_LENGTH,
    IssuerKey,
    Seal,
    SealStatus,
    StatusListCredential,
    StatusPurpose,
)

# Whose bit is set in which list: a revoked seal in the revocation list, a suspended one in
# the suspension list, which a reinstatement clears again.
STATUS_OF_PURPOSE = {
    StatusPurpose.REVOCATION: SealStatus.REVOKED,
    StatusPurpose.SUSPENSION: SealStatus.SUSPENDED,
}
# How long a verifier may rely on a fetched status list, in milliseconds: as long as a
# shared cache may keep it.
STATUS_LIST_TTL_MS = 60_000


def issuer_did():
    """``did:web`` of the site's public host: verifiers resolve it to
    ``/.well-known/did.json``. A port is written ``%3A``, as the method requires."""
    return "did:web:" + quote(urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc, safe="")


def verification_method(key):
    return f"{issuer_did()}#{key.key_id}"


def did_document():
    keys = list(IssuerKey.objects.all())
    did = issuer_did()
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": [multikey_document(key, with_context=False) for key in keys],
        "assertionMethod": [verification_method(key) for key in keys],
    }


def multikey_document(key, with_context=True):
    document = {
        "id": verification_method(key),
        "type": "Multikey",
        "controller": issuer_did(),
        "publicKeyMultibase": key.public_key_multibase,
    }
    return {"@context": MULTIKEY_V1, **document} if with_context else document


def utc_text(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def start_of_day(day):
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def issuer_profile():
    return {
        "id": issuer_did(),
        "type": ["Profile"],
        "name": settings.WAGTAIL_SITE_NAME,
        "url": absolute_url("/"),
    }


def achievement():
    """The seal as the Open Badges 2.0 BadgeClass describes it, in the same words."""
    badge_class = openbadges2.badge_class()
    return {
        "id": badge_class["id"],
        "type": ["Achievement"],
        "achievementType": "Membership",
        "name": badge_class["name"],
        "description": badge_class["description"],
        "criteria": badge_class["criteria"],
        "image": {"id": badge_class["image"], "type": "Image"},
    }


def status_entry(seal, purpose):
    list_url = absolute_url(reverse("badges:status_list", args=[purpose]))
    return {
        "id": f"{list_url}#{seal.status_list_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(seal.status_list_index),
        "statusListCredential": list_url,
    }


@openbadges2.in_default_language
def unsigned_credential(seal):
    organisation = seal.organisation
    holder_name = signing.without_control_characters(organisation.name)
    return {
        "@context": [CREDENTIALS_V2, OPEN_BADGES_V3],
        "id": absolute_url(reverse("badges:credential", args=[seal.token])),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{openbadges2.SEAL_NAME}: {holder_name}",
        "issuer": issuer_profile(),
        "validFrom": utc_text(start_of_day(seal.valid_from)),
        # The seal is valid through its last day.
        "validUntil": utc_text(start_of_day(seal.valid_until + timedelta(days=1))),
        "credentialSubject": {
            "id": absolute_url(reverse("members:profile", args=[organisation.slug])),
            "type": ["AchievementSubject"],
            "name": holder_name,
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": seal.serial_number,
                    "identityType": "identifier",
                    "hashed": False,
                }
            ],
            "achievement": achievement(),
        },
        "credentialStatus": [status_entry(seal, purpose) for purpose in StatusPurpose.values],
    }


def signed_text(document):
    return json.dumps(document, ensure_ascii=False, indent=2)


def credential_for(seal):
    """The seal's signed credential text, signed now if none is kept or the kept one no
    longer says what the seal says."""
    unsigned = unsigned_credential(seal)
    if seal.credential and signing.without_proof(json.loads(seal.credential)) == unsigned:
        return seal.credential
    key = signing.current_signing_key()
    text = signed_text(signing.sign(unsigned, key, verification_method(key.record)))
    Seal.objects.filter(pk=seal.pk).update(credential=text)
    seal.credential = text
    return text


def encoded_list(purpose):
    """The purpose's bitstring, GZIP-compressed and base64url-encoded with the multibase
    prefix ``u``; the seal with index 0 is the first byte's highest bit."""
    bits = bytearray(STATUS_LIST_LENGTH // 8)
    indexes = Seal.objects.filter(status=STATUS_OF_PURPOSE[purpose]).values_list(
        "status_list_index", flat=True
    )
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024


def decoded_list(encoded, max_bytes=MAX_STATUS_LIST_BYTES):
    """The bitstring of an ``encodedList``, at least 16 KiB as the specification requires
    and never more than ``max_bytes`` however well a hostile list compresses."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise ValueError("The status list is not base64url multibase.")
    body = encoded[1:]
    try:
        compressed = base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_", validate=True)
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        bits = inflater.decompress(compressed, max_bytes)
    except (binascii.Error, zlib.error) as error:
        raise ValueError("The status list is not GZIP-compressed base64url.") from error
    if not inflater.eof or inflater.unconsumed_tail:
        raise ValueError("The status list is truncated or too long.")
    if len(bits) < STATUS_LIST_LENGTH // 8:
        raise ValueError("The status list is shorter than 16 KiB.")
    return bits


def bit_is_set(bits, index):
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


@openbadges2.in_default_language
def unsigned_status_list(purpose, encoded, signed_at):
    list_url = absolute_url(reverse("badges:status_list", args=[purpose]))
    return {
        "@context": [CREDENTIALS_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(),
        "validFrom": utc_text(signed_at),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encoded,
            "ttl": STATUS_LIST_TTL_MS,
        },
    }


def status_list_for(purpose):
    """The purpose's signed status list text, signed again only when a bit has changed."""
    encoded = encoded_list(purpose)
    kept = StatusListCredential.objects.filter(purpose=purpose).first()
    if kept is not None and kept.encoded_list == encoded:
        return kept.credential
    key = signing.current_signing_key()
    now = timezone.now()
    document = signing.sign(
        unsigned_status_list(purpose, encoded, now), key, verification_method(key.record), now
    )
    text = signed_text(document)
    try:
        with transaction.atomic():
            StatusListCredential.objects.update_or_create(
                purpose=purpose,
                defaults={"encoded_list": encoded, "credential": text, "signed_at": now},
            )
    except IntegrityError:
        # Another request stored the first list of this purpose at the same moment; either
        # text is signed and says the same.
        pass
    return text
