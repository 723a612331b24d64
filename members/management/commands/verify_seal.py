from django.core.management.base import BaseCommand, CommandError

from members.verification import Verifier


class Command(BaseCommand):
    help = (
        "Check a seal as any verifier would: fetch its credential from the badge URL (or read "
        "a credential file), check the signature against the issuer's published keys, the "
        "validity period and the status lists, and say whether the seal is valid and why."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help="a badge URL, a credential URL or a credential file")

    def handle(self, *args, target, **options):
        verdict = Verifier().verify(target)
        for passed, text in verdict.findings:
            self.stdout.write(("✓ " if passed else "✗ ") + text)
        credential = verdict.credential or {}
        holder = (credential.get("credentialSubject") or {}).get("name", "")
        if not verdict.valid:
            raise CommandError(f"NOT VALID: {holder or target}")
        self.stdout.write(self.style.SUCCESS(f"VALID: {holder}"))
