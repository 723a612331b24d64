import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cms.files import write_private_file


class Command(BaseCommand):
    help = (
        "Make sure an administrator account exists for local use and print how to log in. "
        "Its password is DJANGO_ADMIN_PASSWORD, or one generated once and kept in var/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, username, url, **options):
        password_file = settings.BASE_DIR / "var" / "admin-password"
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            password = os.environ.get("DJANGO_ADMIN_PASSWORD") or self.generate(password_file)
            get_user_model().objects.create_superuser(
                username=username, email="", password=password
            )
        elif not (user.is_superuser and user.is_active):
            raise CommandError(f"The account {username!r} exists but is not an active admin.")

        user = get_user_model().objects.get(username=username)
        candidates = [os.environ.get("DJANGO_ADMIN_PASSWORD", "")]
        if password_file.exists():
            candidates.append(password_file.read_text().strip())
        known = next((p for p in candidates if p and user.check_password(p)), None)
        if known:
            self.stdout.write(f"Log in at {url} as {username!r} with the password {known!r}.")
        else:
            self.stdout.write(f"Log in at {url} as {username!r} with the password you set.")

    @staticmethod
    def generate(password_file):
        password = secrets.token_urlsafe(12)
        write_private_file(password_file, password)
        return password
