from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.mail import forget_mail
from home.registrations import registrations_forget


class Command(BaseCommand):
    help = (
        "Delete the registrations, with their personal data, of events that ended more than "
        "--days days ago (REGISTRATION_RETENTION_DAYS), and the e-mails written as long ago. Safe "
        "to run daily: a second run finds nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.REGISTRATION_RETENTION_DAYS,
            help="days after an event ends (default: %(default)s)",
        )

    def handle(self, *args, days, **options):
        if days < 0:
            raise CommandError("--days must not be negative")
        registrations = registrations_forget(days=days)
        mails = forget_mail(days=days)
        self.stdout.write(
            f"{registrations} registrations of events that ended more than {days} days ago "
            f"and {mails} e-mails written before then deleted."
        )
