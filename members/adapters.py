"""How django-allauth's member accounts fit the site: its e-mails go through the outbox in their
recipient's language, with links to the site's public address, and a login that django-axes
has locked out gets the site's lockout page."""

from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import filter_users_by_email
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from cms.mail import absolute_url, queue_rendered_mail
from cms.security import client_address

from .notifications import language_of


def user_display(user):
    """How allauth names a member on its pages: by name, else by address (members never see
    the user name allauth makes up for them)."""
    return user.get_full_name() or user.email


def account_of(email):
    return next(iter(filter_users_by_email(email, prefer_verified=True)), None)


def recipient_language(user):
    """The member's own choice of language; for an address without an account, the language of
    the page the mail was asked for on."""
    return (
        (user is not None and language_of(user))
        or translation.get_language()
        or settings.LANGUAGE_CODE
    )


def link_for_mail(url, language):
    """allauth builds a mail's links from the request, in the language of the page; the mail
    links to the site's public address, in the recipient's language."""
    parts = urlsplit(translate_url(url, language))
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Write allauth's mail (``<prefix>_subject.txt``, ``_message.txt``, ``_message.html``)
        in the recipient's language and queue it in the outbox, which retries it while the mail
        server is away."""
        # Some of allauth's mails (to an address that has an account already) name no user.
        user = context.get("user") or account_of(email)
        language = recipient_language(user)
        # The links are resolved in the page's language before that language is left.
        links = {
            name: link_for_mail(value, language)
            for name, value in context.items()
            if name.endswith("_url") and isinstance(value, str)
        }
        with translation.override(language):
            message = self.render_mail(
                template_prefix, email, {**context, **links, "email": email, "user": user}
            )
        html_bodies = [body for body, kind in message.alternatives if kind == "text/html"]
        queue_rendered_mail(
            to=email,
            subject=message.subject,
            text_body=message.body,
            html_body=html_bodies[0] if html_bodies else "",
        )

    def pre_authenticate(self, request, **credentials):
        # django-axes counts the failures of the admin's and the members' logins together and
        # answers a locked-out login with the site's lockout page; allauth's own, smaller count
        # per address would otherwise answer first, with a form error.
        if AxesProxyHandler.is_locked(request, credentials):
            request.axes_locked_out = True
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def get_client_ip(self, request):
        """The address allauth's rate limits count by: the same one django-axes counts."""
        return client_address(request)
