"""Credentials that verifiers no one here wrote accept: Digital Bazaar's Verifiable
Credentials libraries (tests/verifier, installed by scripts/test-all) check the seals'
credentials and status lists, offline, with the contexts the project ships."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from members import credentials, linked_data
from tests.conftest import service_missing
from tests.members.test_credentials import a_seal

pytestmark = pytest.mark.django_db

VERIFIER = Path(__file__).resolve().parents[1] / "verifier"


@pytest.fixture
def outside_verifier(tmp_path):
    node = shutil.which("node")
    if node is None or not (VERIFIER / "node_modules" / "@digitalbazaar" / "vc").exists():
        service_missing(f"Node.js and npm ci --prefix {VERIFIER} are needed")
    contexts = tmp_path / "contexts.json"
    contexts.write_text(json.dumps(linked_data.CONTEXT_FILES))

    def verify(document):
        did = tmp_path / "did.json"
        did.write_text(json.dumps(credentials.did_document()))
        credential = tmp_path / "credential.json"
        credential.write_text(document if isinstance(document, str) else json.dumps(document))
        finished = subprocess.run(
            [node, VERIFIER / "verify.mjs", linked_data.CONTEXT_FOLDER, contexts, did, credential],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return json.loads(finished.stdout)

    return verify


def test_an_outside_verifier_accepts_the_credential_and_the_status_lists(outside_verifier):
    seal = a_seal()
    text = credentials.credential_for(seal)
    assert outside_verifier(text) == {"verified": True, "errors": []}
    for purpose in ("revocation", "suspension"):
        assert outside_verifier(credentials.status_list_for(purpose))["verified"]

    tampered = json.loads(text)
    tampered["credentialSubject"]["name"] = "Eine andere GmbH"
    assert not outside_verifier(tampered)["verified"]
