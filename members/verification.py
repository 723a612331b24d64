"""Checking a seal's credential as a third party would: from its badge URL or a credential
file, over the network, trusting nothing but the issuer's published keys and the shipped
JSON-LD contexts. ``manage.py verify_seal`` prints what this finds."""

import http.client
import json
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pyld.jsonld import JsonLdError

from . import credentials, signing
from .linked_data import CONTEXT_FILES, CREDENTIALS_V2, UndefinedTerms, UnknownContext, check_terms

ACCEPT_JSON = "application/ld+json, application/json;q=0.9"
# did:web always means HTTPS, except for a site tried out on this machine.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "testserver"}
FETCH_TIMEOUT_SECONDS = 10
FETCH_DEADLINE_SECONDS = 30
MAX_DOCUMENT_BYTES = 1_000_000
MAX_DEPTH = 20
HOST = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::[0-9]{1,5})?", re.IGNORECASE)
INDEX = re.compile(r"0|[1-9][0-9]{0,9}")
# A document signed a moment ago on a server whose clock runs slightly ahead is not "from
# the future".
CLOCK_SKEW = timedelta(minutes=5)


class FetchFailed(Exception):
    pass


class NotVerifiable(Exception):
    """A check that failed; its message says why."""


def check_fetchable(url):
    """Only https (http for a site on this machine): never file:, data:, ftp: or userinfo."""
    if not isinstance(url, str):
        raise FetchFailed(f"{url!r} is not an address.")
    parts = urlsplit(url)
    local = parts.hostname in LOCAL_HOSTS
    if not (parts.scheme == "https" or (parts.scheme == "http" and local)) or "@" in parts.netloc:
        raise FetchFailed(f"{url} is not an https address.")


class CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_fetchable(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


OPENER = urllib.request.build_opener(CheckedRedirects)


def fetch_over_http(url):
    check_fetchable(url)
    deadline = time.monotonic() + FETCH_DEADLINE_SECONDS
    request = urllib.request.Request(url, headers={"Accept": ACCEPT_JSON})  # noqa: S310
    try:
        with OPENER.open(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
            body = bytearray()
            while chunk := response.read(65_536):
                body += chunk
                if len(body) > MAX_DOCUMENT_BYTES:
                    raise FetchFailed(f"{url} answered more than {MAX_DOCUMENT_BYTES} bytes.")
                if time.monotonic() > deadline:
                    raise FetchFailed(f"{url} took longer than {FETCH_DEADLINE_SECONDS} s.")
            return bytes(body)
    except urllib.error.HTTPError as error:
        raise FetchFailed(f"{url} answered {error.code}{explanation(error)}") from error
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
        raise FetchFailed(f"{url} could not be fetched: {error}") from error


def explanation(error):
    """What the server said about a refusal, when it said it in JSON."""
    try:
        said = json.loads(error.read(2000)).get("error")
    except (ValueError, AttributeError, OSError):
        return ""
    return f": {said}" if isinstance(said, str) else ""


@dataclass
class Verdict:
    valid: bool = True
    findings: list = field(default_factory=list)
    credential: dict | None = None

    def passed(self, text):
        self.findings.append((True, text))

    def failed(self, text):
        self.valid = False
        self.findings.append((False, text))


def did_web_address(did):
    """The address of a ``did:web`` document (the method's rule: ``:`` separates path
    segments, ``%3A`` is a port's colon)."""
    if not did.startswith("did:web:"):
        raise NotVerifiable(f"The key's controller {did} is not a did:web identifier.")
    host, *path = did.removeprefix("did:web:").split(":")
    host = unquote(host)
    if not HOST.fullmatch(host) or any(
        not part or "/" in unquote(part) or unquote(part) in {".", ".."} for part in path
    ):
        raise NotVerifiable(f"{did} is not a valid did:web identifier.")
    scheme = "http" if host.split(":")[0] in LOCAL_HOSTS else "https"
    suffix = (
        "/".join(unquote(part) for part in path) + "/did.json" if path else "/.well-known/did.json"
    )
    return f"{scheme}://{host}/{suffix.lstrip('/')}"


class Verifier:
    def __init__(self, fetch=fetch_over_http, now=None, issuer=None):
        self.fetch = fetch
        self.issuer = issuer
        self.now = now or datetime.now(UTC)
        self.did_documents = {}

    def fetch_json(self, url):
        if not isinstance(url, str):
            raise FetchFailed(f"{url!r} is not an address.")
        try:
            return json.loads(self.fetch(url))
        except (ValueError, RecursionError) as error:
            raise FetchFailed(f"{url} did not answer with JSON") from error

    def load(self, target):
        """The credential named by a badge URL, a credential URL or a file."""
        if "://" not in target:
            path = Path(target)
            try:
                return json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError, RecursionError) as error:
                raise FetchFailed(f"{target} is not a readable JSON file: {error}") from error
        document = self.fetch_json(target)
        # A badge URL answers programs with its status document, which names the credential.
        if isinstance(document, dict) and "credential" in document and "proof" not in document:
            return self.fetch_json(document["credential"])  # fetch checks the address
        return document

    def public_key(self, method_id, issuer_id):
        did = method_id.split("#", 1)[0]
        if did != issuer_id:
            raise NotVerifiable(f"The key {method_id} does not belong to the issuer {issuer_id}.")
        if did not in self.did_documents:
            self.did_documents[did] = self.fetch_json(did_web_address(did))
        document = self.did_documents[did]
        if not isinstance(document, dict) or document.get("id") != did:
            raise NotVerifiable(f"The issuer's key document is not about {did}.")
        assertion = document.get("assertionMethod")
        if not isinstance(assertion, list) or method_id not in assertion:
            raise NotVerifiable(f"The issuer does not publish {method_id} for signing.")
        methods = document.get("verificationMethod")
        for method in methods if isinstance(methods, list) else []:
            if (
                isinstance(method, dict)
                and method.get("id") == method_id
                and method.get("controller") == did
                and method.get("type") == "Multikey"
            ):
                try:
                    return signing.public_key_from(method.get("publicKeyMultibase"))
                except ValueError as error:
                    raise NotVerifiable(f"The key {method_id} is not an Ed25519 key.") from error
        raise NotVerifiable(f"The issuer publishes no key {method_id}.")

    def check_signed(self, document, what):
        """Checks contexts, terms and the proof; returns the issuer's id."""
        if not isinstance(document, dict):
            raise NotVerifiable(f"The {what} is not a JSON object.")
        contexts = document.get("@context")
        if (
            not isinstance(contexts, list)
            or not contexts
            or contexts[0] != CREDENTIALS_V2
            or not all(isinstance(url, str) and url in CONTEXT_FILES for url in contexts)
        ):
            raise NotVerifiable(f"The {what} is not a Verifiable Credential 2.0.")
        if "VerifiableCredential" not in types_of(document):
            raise NotVerifiable(f"The {what} is not a Verifiable Credential.")
        try:
            check_plain(signing.without_proof(document), top=True)
            check_terms(signing.without_proof(document))
        except (UndefinedTerms, UnknownContext, JsonLdError, RecursionError) as error:
            raise NotVerifiable(f"The {what} cannot be read safely: {error}") from error
        issuer = document.get("issuer")
        issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
        if not isinstance(issuer_id, str):
            raise NotVerifiable(f"The {what} names no issuer.")
        if self.issuer and issuer_id != self.issuer:
            raise NotVerifiable(f"The {what} is issued by {issuer_id}, not by {self.issuer}.")
        proof = document.get("proof")
        if not isinstance(proof, dict) or proof.get("cryptosuite") != signing.CRYPTOSUITE:
            raise NotVerifiable(f"The {what} has no eddsa-rdfc-2022 proof.")
        if proof.get("proofPurpose") != "assertionMethod":
            raise NotVerifiable(f"The {what}'s proof is not made for assertions.")
        method_id = proof.get("verificationMethod")
        if not isinstance(method_id, str):
            raise NotVerifiable(f"The {what}'s proof names no key.")
        public_key = self.public_key(method_id, issuer_id)
        try:
            verified = signing.proof_verifies(document, public_key)
        except (JsonLdError, RecursionError) as error:
            raise NotVerifiable(f"The {what}'s proof cannot be read: {error}") from error
        if not verified:
            raise NotVerifiable(
                f"The {what}'s signature does not match its content: it was changed after "
                "signing or signed by another key."
            )
        return issuer_id, method_id

    def check_period(self, document, verdict, what):
        valid_from = parse_time(document.get("validFrom"))
        valid_until = parse_time(document.get("validUntil"))
        if valid_from and valid_from > self.now + CLOCK_SKEW:
            verdict.failed(f"The {what} is valid only from {valid_from:%Y-%m-%d %H:%M} UTC.")
        elif valid_until and valid_until <= self.now:
            verdict.failed(f"The {what} expired on {valid_until:%Y-%m-%d %H:%M} UTC.")
        else:
            ending = f" until {valid_until:%Y-%m-%d %H:%M} UTC" if valid_until else ""
            verdict.passed(f"The {what} is within its validity period{ending}.")

    def check_status(self, entry, issuer_id, verdict):
        if not isinstance(entry, dict) or "BitstringStatusListEntry" not in types_of(entry):
            raise NotVerifiable("A status entry is not a Bitstring Status List entry.")
        purpose = entry.get("statusPurpose")
        list_url = entry.get("statusListCredential")
        raw_index = entry.get("statusListIndex")
        if purpose not in ("revocation", "suspension") or entry.get("statusSize", 1) != 1:
            raise NotVerifiable(
                f"A status entry has a purpose this verifier cannot check: {purpose}."
            )
        if not isinstance(raw_index, str) or not INDEX.fullmatch(raw_index):
            raise NotVerifiable("A status entry has no valid index.")
        index = int(raw_index)
        status_list = self.fetch_json(list_url)
        list_issuer, _method = self.check_signed(status_list, f"{purpose} list")
        if list_issuer != issuer_id:
            raise NotVerifiable(f"The {purpose} list is not signed by the credential's issuer.")
        if (
            "BitstringStatusListCredential" not in types_of(status_list)
            or status_list.get("id") != list_url
        ):
            raise NotVerifiable(f"{list_url} is not a Bitstring Status List.")
        subject = status_list.get("credentialSubject")
        if (
            not isinstance(subject, dict)
            or types_of(subject) != ["BitstringStatusList"]
            or subject.get("statusPurpose") != purpose
        ):
            raise NotVerifiable(f"{list_url} is not the {purpose} list.")
        self.check_period(status_list, verdict, f"{purpose} list")
        try:
            bits = credentials.decoded_list(subject.get("encodedList"))
        except (ValueError, OSError) as error:
            raise NotVerifiable(f"The {purpose} list cannot be decoded.") from error
        if not 0 <= index < len(bits) * 8:
            raise NotVerifiable(f"The {purpose} list has no entry {index}.")
        if credentials.bit_is_set(bits, index):
            verdict.failed(
                "The seal is revoked." if purpose == "revocation" else "The seal is suspended."
            )
        else:
            verdict.passed(f"The {purpose} list (signed, {list_url}) does not list the seal.")

    def verify(self, target):
        verdict = Verdict()
        try:
            document = self.load(target)
            if not isinstance(document, dict):
                raise NotVerifiable("The credential is not a JSON object.")
            verdict.credential = document
            if "OpenBadgeCredential" not in types_of(document):
                raise NotVerifiable("This is not an Open Badges 3.0 credential.")
            issuer_id, method_id = self.check_signed(document, "credential")
            verdict.passed(f"The signature is valid, made with the issuer's key {method_id}.")
            self.check_period(document, verdict, "credential")
            entries = document.get("credentialStatus") or []
            entries = entries if isinstance(entries, list) else [entries]
            if not entries:
                verdict.failed("The credential names no status list.")
            for entry in entries:
                self.check_status(entry, issuer_id, verdict)
        except (FetchFailed, NotVerifiable) as problem:
            verdict.failed(str(problem))
        return verdict


def parse_time(value):
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise NotVerifiable(f"{value} is not a date and time.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def types_of(node):
    kinds = node.get("type") if isinstance(node, dict) else None
    kinds = [kinds] if isinstance(kinds, str) else kinds
    return kinds if isinstance(kinds, list) and all(isinstance(k, str) for k in kinds) else []


def check_plain(node, top=False, depth=0):
    """Every key a term of the shipped contexts: no keywords but the top-level @context, no
    IRIs or compact IRIs as keys, no blank node identifiers. Otherwise the JSON this verifier
    reads could say other than the RDF that is signed (a validUntil or a status entry under
    its full IRI), and blank-node cycles make RDFC-1.0 run for hours."""
    if depth > MAX_DEPTH:
        raise NotVerifiable("The document is nested too deeply.")
    if isinstance(node, list):
        for item in node:
            check_plain(item, depth=depth + 1)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@context" and top:
                continue
            if key.startswith("@") or ":" in key:
                raise NotVerifiable(f"The document uses {key} where a term is expected.")
            check_plain(value, depth=depth + 1)
    elif isinstance(node, str) and node.startswith("_:"):
        raise NotVerifiable("The document names a blank node.")
