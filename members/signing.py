"""Ed25519 Data Integrity proofs (``eddsa-rdfc-2022``) and the issuer's signing keys.

The proof follows the W3C Data Integrity EdDSA Cryptosuites: the document without its proof
and the proof's options are each canonicalised (RDFC-1.0) and hashed with SHA-256, and the
signature covers the options' hash followed by the document's. Keys are written as Multikey
values (multibase base58btc of the multicodec-prefixed key)."""

import hashlib
import os
import unicodedata
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

from .linked_data import canonical_nquads, check_terms
from .models import IssuerKey

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
# Multicodec prefixes of an Ed25519 public key (0xed) and private key (0x1300), as varints.
ED25519_PUBLIC_PREFIX = b"\xed\x01"
ED25519_PRIVATE_PREFIX = b"\x80\x26"
# The control characters that PyLD and RDFC-1.0 escape alike.
SAFE_CONTROL_CHARACTERS = "\t\n\r"
BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class SigningKeyMissing(ImproperlyConfigured):
    pass


class UnsafeText(ValueError):
    pass


def base58_encode(data):
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = BASE58_ALPHABET[remainder] + encoded
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading_zeros + encoded


def base58_decode(text):
    number = 0
    for character in text:
        number = number * 58 + BASE58_ALPHABET.index(character)
    leading_zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * leading_zeros + body


def multibase_decode(value, prefix):
    """The raw key in a ``z…`` Multikey value whose multicodec prefix is ``prefix``."""
    if not isinstance(value, str) or not value.startswith("z") or len(value) > 100:
        raise ValueError("Not a base58btc multibase value.")
    try:
        decoded = base58_decode(value[1:])
    except ValueError:
        raise ValueError("Not a base58btc multibase value.") from None
    if not decoded.startswith(prefix) or len(decoded) != len(prefix) + 32:
        raise ValueError("Not an Ed25519 key.")
    return decoded[len(prefix) :]


def public_multibase(public_key):
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58_encode(ED25519_PUBLIC_PREFIX + raw)


def secret_multibase(private_key):
    raw = private_key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return "z" + base58_encode(ED25519_PRIVATE_PREFIX + raw)


def new_secret():
    return secret_multibase(Ed25519PrivateKey.generate())


def private_key_from(secret):
    try:
        raw = multibase_decode(secret.strip(), ED25519_PRIVATE_PREFIX)
    except ValueError:
        raise SigningKeyMissing(
            "The seal signing key is not an Ed25519 secret key in Multikey form (z…)."
        ) from None
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key_from(multibase):
    return Ed25519PublicKey.from_public_bytes(multibase_decode(multibase, ED25519_PUBLIC_PREFIX))


@dataclass(frozen=True)
class SigningKey:
    record: IssuerKey
    private_key: Ed25519PrivateKey


def configured_secret():
    """The private key text from ``SEAL_SIGNING_KEY`` or else the file ``SEAL_SIGNING_KEY_FILE``."""
    if settings.SEAL_SIGNING_KEY:
        return settings.SEAL_SIGNING_KEY
    path = settings.SEAL_SIGNING_KEY_FILE
    if not path:
        raise SigningKeyMissing(
            "No seal signing key: set SEAL_SIGNING_KEY or SEAL_SIGNING_KEY_FILE, "
            "or create one with manage.py seal_keys create."
        )
    try:
        return Path(path).read_text(encoding="ascii")
    except FileNotFoundError:
        raise SigningKeyMissing(
            f"No seal signing key in {path}: create one with manage.py seal_keys create."
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise SigningKeyMissing(f"The seal signing key in {path} cannot be read: {error}") from None


def key_id_for(public_key_multibase, created_at):
    fingerprint = hashlib.sha256(public_key_multibase.encode()).hexdigest()[:8]
    return f"key-{created_at:%Y%m%d}-{fingerprint}"


def register(private_key):
    """The published record of a key, created the first time the key signs: a credential
    must never name a key that verifiers cannot find."""
    public = public_multibase(private_key.public_key())
    record = IssuerKey.objects.filter(public_key_multibase=public).first()
    if record is None:
        now = timezone.now()
        try:
            with transaction.atomic():
                record = IssuerKey.objects.create(
                    key_id=key_id_for(public, now), public_key_multibase=public, created_at=now
                )
        except IntegrityError:
            record = IssuerKey.objects.get(public_key_multibase=public)
    return record


def current_signing_key():
    private_key = private_key_from(configured_secret())
    return SigningKey(record=register(private_key), private_key=private_key)


def write_secret(path, secret):
    """Writes a new private key readable by its owner only; an existing file is never
    overwritten, so that a typo cannot destroy the key in use."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(secret + "\n")


def check_signable_text(document):
    """Refuses control characters in what is signed, but tab, line feed and carriage
    return: PyLD writes the others into canonical N-Quads unescaped where RDFC-1.0 escapes
    them, so another verifier would compute other bytes and reject the proof. The credential
    builders remove them from the texts they take from members."""
    if isinstance(document, dict):
        for value in document.values():
            check_signable_text(value)
    elif isinstance(document, list):
        for value in document:
            check_signable_text(value)
    elif isinstance(document, str) and any(
        unicodedata.category(character) == "Cc" and character not in SAFE_CONTROL_CHARACTERS
        for character in document
    ):
        raise UnsafeText(f"A control character in {document!r}.")


def without_control_characters(text):
    return "".join(
        character
        for character in text
        if unicodedata.category(character) != "Cc" or character in SAFE_CONTROL_CHARACTERS
    )


def hash_data(unsecured_document, proof_options):
    return (
        hashlib.sha256(canonical_nquads(proof_options).encode()).digest()
        + hashlib.sha256(canonical_nquads(unsecured_document).encode()).digest()
    )


def sign(document, key, verification_method, created=None):
    """``document`` with an ``eddsa-rdfc-2022`` proof by ``key``, after checking that every
    term is defined and no text holds a control character."""
    check_terms(document)
    check_signable_text(document)
    created = created or timezone.now()
    proof = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = key.private_key.sign(
        hash_data(document, {**proof, "@context": document["@context"]})
    )
    return {**document, "proof": {**proof, "proofValue": "z" + base58_encode(signature)}}


def without_proof(document):
    return {name: value for name, value in document.items() if name != "proof"}


def proof_verifies(document, public_key):
    """Whether the document's single ``eddsa-rdfc-2022`` proof was made by ``public_key``
    over exactly this document."""
    proof = document.get("proof")
    if not isinstance(proof, dict) or proof.get("cryptosuite") != CRYPTOSUITE:
        return False
    value = proof.get("proofValue")
    if proof.get("type") != PROOF_TYPE or not isinstance(value, str):
        return False
    # 64 bytes are 87 or 88 base58 characters; base58 decoding is quadratic in the length.
    if not value.startswith("z") or len(value) > 100:
        return False
    try:
        signature = base58_decode(value[1:])
    except ValueError:
        return False
    unsecured = without_proof(document)
    options = {name: value for name, value in proof.items() if name != "proofValue"}
    options["@context"] = document.get("@context")
    try:
        public_key.verify(signature, hash_data(unsecured, options))
    except InvalidSignature:
        return False
    return True
