from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms.demo.loader import DemoDataError, Loader


class Command(BaseCommand):
    help = "Load the SMART REGION demo content. Safe to run again: nothing is created twice."

    def handle(self, *args, **options):
        created = []

        def log(what, was_created):
            state = self.style.SUCCESS("created") if was_created else "already there"
            self.stdout.write(f"  {what}: {state}")
            if was_created:
                created.append(what)

        try:
            with transaction.atomic():
                Loader(log).load()
        except DemoDataError as error:
            raise CommandError(f"Demo content not loaded: {error}") from None
        changes = f"{len(created)} things created" if created else "nothing changed"
        self.stdout.write(self.style.SUCCESS(f"Demo content is loaded: {changes}."))
