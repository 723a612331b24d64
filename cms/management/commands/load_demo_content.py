from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

# Each app's demo content, in the order they depend on each other.
DEMO_LOADERS = ["home.demo.load"]


class Command(BaseCommand):
    help = "Load the SMART REGION demo content. Safe to run again: nothing is created twice."

    def handle(self, *args, **options):
        def log(what, created):
            state = self.style.SUCCESS("created") if created else "already there"
            self.stdout.write(f"  {what}: {state}")

        with transaction.atomic():
            for loader in DEMO_LOADERS:
                import_string(loader)(log)
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
