import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cms.mail import deliver_due_mail
from search.sync import apply_due_changes


class Command(BaseCommand):
    help = (
        "Publish and unpublish scheduled pages (Wagtail's publish_scheduled), retry e-mails the "
        "mail server did not take and index writes a search engine refused, every minute, "
        "until stopped. `make run` runs it beside the development server; in production run "
        "it as a service, or publish_scheduled from a timer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="seconds between runs")
        parser.add_argument(
            "--runs", type=int, default=0, help="stop after this many runs (0: never)"
        )

    def handle(self, *args, interval, runs, **options):
        completed = 0
        while True:
            call_command("publish_scheduled", stdout=self.stdout, stderr=self.stderr)
            deliver_due_mail()
            apply_due_changes()
            completed += 1
            if runs and completed >= runs:
                return
            time.sleep(interval)
