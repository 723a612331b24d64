from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from cms import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made by manage.py backup into this site's empty database, empty "
        "media folders or buckets and signing key file, then migrate, rebuild the search index "
        "and clear the cache. Start the site's processes afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="the backup's folder")

    def handle(self, *args, folder, **options):
        try:
            manifest = backups.restore(folder)
        except backups.BackupError as error:
            raise CommandError(error) from error
        self.stdout.write(f"Restored the backup of {manifest['taken_at']}; migrating ...")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Rebuilding the search index ...")
        call_command("search_index", "rebuild", stdout=self.stdout)
        # What the cache holds came from the site as it was before: kept pages, pieces of
        # pages, badge answers.
        for cache in caches.all():
            cache.clear()
        self.stdout.write(self.style.SUCCESS(f"Restored from {folder}"))
