import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from cms.models import PasswordResetMail

logger = logging.getLogger("cms.security")

PASSWORD_RESET_WINDOW = timedelta(hours=1)


class LoginForm(WagtailLoginForm):
    """Wagtail's login form leaves the password field without a label, so it reads "Password"
    in every language; the German admin must say "Passwort"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")


class PasswordResetForm(WagtailPasswordResetForm):
    """Sends at most ``PASSWORD_RESET_MAILS_PER_ADDRESS`` reset mails to one address per hour,
    so that the form cannot be used to flood someone's inbox. The page says the same whether a
    mail went out or not, as it does for unknown addresses."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        recipient = hashlib.sha256(to_email.strip().lower().encode()).hexdigest()
        PasswordResetMail.objects.filter(
            sent_at__lt=timezone.now() - PASSWORD_RESET_WINDOW
        ).delete()
        # Recorded before counting, so that requests arriving together cannot all pass.
        mail = PasswordResetMail.objects.create(recipient=recipient)
        earlier = PasswordResetMail.objects.filter(recipient=recipient, pk__lt=mail.pk).count()
        if earlier >= settings.PASSWORD_RESET_MAILS_PER_ADDRESS:
            mail.delete()
            logger.warning("password reset mail not sent: limit reached for one address")
            return
        super().send_mail(
            subject_template_name,
            email_template_name,
            context,
            from_email,
            to_email,
            html_email_template_name,
        )
