"""JSON-LD for the seal's credentials: the contexts the project ships, canonical N-Quads
(RDFC-1.0) and the check that every property of a document is defined by its contexts.

Contexts are read from ``members/contexts/`` and never fetched: a verifier must get the same
result offline, and a context changed on the web must not change what our signatures mean."""

import copy
import json
from functools import cache
from pathlib import Path

from pyld import jsonld

CONTEXT_FOLDER = Path(__file__).resolve().parent / "contexts"

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OPEN_BADGES_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
DID_V1 = "https://www.w3.org/ns/did/v1"

CONTEXT_FILES = {
    CREDENTIALS_V2: "credentials-v2.json",
    OPEN_BADGES_V3: "ob-v3p0-context-3.0.3.json",
    MULTIKEY_V1: "multikey-v1.json",
    DATA_INTEGRITY_V2: "data-integrity-v2.json",
    DID_V1: "did-v1.json",
}

# Where a term that no context defines ends up when the check below expands a document.
UNDEFINED_TERM_BASE = "urn:smart-region:undefined-term:"


class UnknownContext(ValueError):
    pass


class UndefinedTerms(ValueError):
    def __init__(self, terms):
        self.terms = sorted(terms)
        super().__init__("Not defined by the document's contexts: " + ", ".join(self.terms))


@cache
def context_document(url):
    try:
        name = CONTEXT_FILES[url]
    except KeyError:
        raise UnknownContext(f"The context {url} is not one the project ships.") from None
    return json.loads((CONTEXT_FOLDER / name).read_text(encoding="utf-8"))


def load_shipped_document(url, options=None):
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": copy.deepcopy(context_document(url)),
    }


def processing_options(**extra):
    return {"documentLoader": load_shipped_document, **extra}


def canonical_nquads(document):
    """The document as canonical N-Quads (RDFC-1.0, which PyLD calls URDNA2015; its default
    is the older URGNA2012, which no verifier uses)."""
    return jsonld.normalize(
        document,
        processing_options(algorithm="URDNA2015", format="application/n-quads"),
    )


def undefined_terms(document):
    """The properties and types of ``document`` that its contexts do not define.

    PyLD silently drops such a property from what it canonicalises, so a signature would not
    cover it while other verifiers reject the credential. Expanding once more with a fallback
    vocabulary makes every undefined term visible under ``UNDEFINED_TERM_BASE``."""
    probe = copy.deepcopy(document)
    contexts = probe.get("@context", [])
    if not isinstance(contexts, list):
        contexts = [contexts]
    probe["@context"] = [*contexts, {"@vocab": UNDEFINED_TERM_BASE}]
    expanded = jsonld.expand(probe, processing_options())
    found = set()
    collect_undefined(expanded, found)
    return found


def collect_undefined(node, found):
    if isinstance(node, list):
        for item in node:
            collect_undefined(item, found)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key.startswith(UNDEFINED_TERM_BASE):
                found.add(key.removeprefix(UNDEFINED_TERM_BASE))
            if key == "@type":
                for kind in value if isinstance(value, list) else [value]:
                    if isinstance(kind, str) and kind.startswith(UNDEFINED_TERM_BASE):
                        found.add(kind.removeprefix(UNDEFINED_TERM_BASE))
            collect_undefined(value, found)


def check_terms(document):
    terms = undefined_terms(document)
    if terms:
        raise UndefinedTerms(terms)
