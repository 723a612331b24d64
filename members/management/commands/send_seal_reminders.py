from django.conf import settings
from django.core.management.base import BaseCommand

from members.services import seal_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail the owners of every seal that ends within SEAL_REMINDER_DAYS, once per validity "
        "period. Run it daily; running it more often, or twice, sends nothing twice."
    )

    def handle(self, *args, **options):
        sent = seal_reminders_send()
        self.stdout.write(
            f"{sent} reminder(s) for seals ending within {settings.SEAL_REMINDER_DAYS} days."
        )
