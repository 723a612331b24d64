from django.core.management.base import BaseCommand, CommandError

from cms import backups


class Command(BaseCommand):
    help = (
        "Back up the site into a new folder: the database (pg_dump, or a consistent copy of "
        "the SQLite file), both media folders or buckets and the seal signing key, with a "
        "manifest of checksums. Safe while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="where the backup goes; must not exist yet")
        parser.add_argument(
            "--without-signing-key",
            action="store_true",
            help="leave the signing key out, for a key kept with the other secrets instead",
        )

    def handle(self, *args, folder, without_signing_key, **options):
        try:
            manifest = backups.back_up(folder, with_signing_key=not without_signing_key)
        except backups.BackupError as error:
            raise CommandError(error) from error
        for name in manifest["files"]:
            self.stdout.write(f"  {name}")
        self.stdout.write(self.style.SUCCESS(f"Backed up into {folder}"))
