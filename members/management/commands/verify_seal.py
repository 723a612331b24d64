from django.core.management.base import BaseCommand, CommandError

from members import credentials
from members.signing import without_control_characters
from members.verification import Verifier


class Command(BaseCommand):
    help = (
        "Check a seal as any verifier would: fetch its credential from the badge URL (or read "
        "a credential file), check the signature against the issuer's published keys, the "
        "validity period and the status lists, and say whether the seal is valid and why."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help="a badge URL, a credential URL or a credential file")
        parser.add_argument("--issuer", help="the issuer's DID (default: this site's did:web)")

    def handle(self, *args, target, issuer, **options):
        verdict = Verifier(issuer=issuer or credentials.issuer_did()).verify(target)
        for passed, text in verdict.findings:
            self.stdout.write(
                ("✓ " if passed else "✗ ") + without_control_characters(text).replace("\n", " ")
            )
        subject = (verdict.credential or {}).get("credentialSubject")
        holder = subject.get("name") if isinstance(subject, dict) else None
        holder = without_control_characters(holder) if isinstance(holder, str) else ""
        if not verdict.valid:
            raise CommandError(f"NOT VALID: {holder or target}")
        self.stdout.write(self.style.SUCCESS(f"VALID: {holder}"))
