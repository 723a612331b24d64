import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from members import signing
from members.models import IssuerKey


class Command(BaseCommand):
    help = (
        "The issuer's signing keys for the seals' credentials. 'create' makes the first key, "
        "'rotate' a new one that signs from now on (old keys stay published, so everything "
        "they signed still verifies), 'list' shows the published keys. Keys are written to "
        "SEAL_SIGNING_KEY_FILE, readable by its owner only, or printed with --print for "
        "SEAL_SIGNING_KEY."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "rotate", "list"])
        parser.add_argument(
            "--print",
            action="store_true",
            dest="print_secret",
            help="print the new private key instead of writing it to SEAL_SIGNING_KEY_FILE",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="with create: do nothing but publish the key when one is configured already",
        )

    def handle(self, *args, action, print_secret, if_missing, **options):
        if action == "list":
            return self.list_keys()
        if action == "create":
            return self.create(print_secret, if_missing)
        return self.rotate(print_secret)

    def configured(self):
        try:
            return signing.private_key_from(signing.configured_secret())
        except signing.SigningKeyMissing:
            return None

    def create(self, print_secret, if_missing):
        existing = self.configured()
        if existing is not None:
            if not if_missing:
                raise CommandError(
                    "A signing key is configured already; 'rotate' replaces it by a new one."
                )
            record = signing.register(existing)
            self.stdout.write(f"The signing key {record.key_id} is configured and published.")
            return
        self.store_new_key(print_secret, replacing=None)

    def rotate(self, print_secret):
        old = self.configured()
        if old is None:
            raise CommandError("No signing key is configured: 'create' makes the first one.")
        old_record = signing.register(old)
        record = self.store_new_key(print_secret, replacing=old)
        IssuerKey.objects.exclude(pk=record.pk).filter(retired_at=None).update(
            retired_at=timezone.now()
        )
        self.stdout.write(
            f"{old_record.key_id} is retired; it stays published, so what it signed still "
            f"verifies. {record.key_id} signs from now on."
        )

    def store_new_key(self, print_secret, replacing):
        secret = signing.new_secret()
        private_key = signing.private_key_from(secret)
        if print_secret:
            record = signing.register(private_key)
            self.stdout.write(
                f"New signing key {record.key_id}. Set SEAL_SIGNING_KEY to the next line, "
                "keep a copy in your password safe, and restart the site:"
            )
            self.stdout.write(secret)
            return record
        if settings.SEAL_SIGNING_KEY:
            raise CommandError(
                "SEAL_SIGNING_KEY is set, so the key does not come from a file: use --print."
            )
        path = Path(settings.SEAL_SIGNING_KEY_FILE or "")
        if not settings.SEAL_SIGNING_KEY_FILE:
            raise CommandError("Set SEAL_SIGNING_KEY_FILE to where the key shall be kept.")
        if replacing is None:
            signing.write_secret(path, secret)
        else:
            # The new key is written beside the old one and takes its place in one step, so
            # that signing never finds no key. The old key goes aside, not away: the operator
            # decides when to destroy it.
            new = path.with_name(f"{path.name}.new")
            signing.write_secret(new, secret)
            aside = path.with_name(f"{path.name}.retired-{timezone.now():%Y%m%d%H%M%S%f}")
            os.link(path, aside)
            os.replace(new, path)
            self.stdout.write(f"The old key file is kept as {aside}.")
        record = signing.register(private_key)
        self.stdout.write(
            f"New signing key {record.key_id} in {path} (readable by its owner only). "
            "Back this file up: a lost key cannot sign again."
        )
        return record

    def list_keys(self):
        current = self.configured()
        current_public = signing.public_multibase(current.public_key()) if current else None
        for key in IssuerKey.objects.all():
            state = (
                "signs now"
                if key.public_key_multibase == current_public
                else f"retired {key.retired_at:%Y-%m-%d}"
                if key.retired_at
                else "published"
            )
            self.stdout.write(f"{key.key_id}  {key.created_at:%Y-%m-%d}  {state}")
