from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cms.demo.loader import DemoDataError, Loader


class Command(BaseCommand):
    help = (
        "Load the SMART REGION demo content and print how to log in to its accounts. Safe to "
        "run again: nothing is created twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            help="The site's address in the printed logins; WAGTAILADMIN_BASE_URL by default.",
        )

    def handle(self, *args, base_url, **options):
        created = []

        def log(what, was_created):
            state = self.style.SUCCESS("created") if was_created else "already there"
            self.stdout.write(f"  {what}: {state}")
            if was_created:
                created.append(what)

        loader = Loader(log, base_url=base_url)
        try:
            with transaction.atomic():
                loader.load()
        except DemoDataError as error:
            raise CommandError(f"Demo content not loaded: {error}") from None
        changes = f"{len(created)} things created" if created else "nothing changed"
        self.stdout.write(self.style.SUCCESS(f"Demo content is loaded: {changes}."))
        for login in loader.logins:
            self.stdout.write(str(login))
