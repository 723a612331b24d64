from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms.demo.loader import DemoDataError, Loader


class Command(BaseCommand):
    help = "Load the SMART REGION demo content. Safe to run again: nothing is created twice."

    def handle(self, *args, **options):
        def log(what, created):
            state = self.style.SUCCESS("created") if created else "already there"
            self.stdout.write(f"  {what}: {state}")

        try:
            with transaction.atomic():
                Loader(log).load()
        except DemoDataError as error:
            raise CommandError(f"Demo content not loaded: {error}") from None
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
