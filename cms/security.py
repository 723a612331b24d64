"""Who is asking: the client's address as the proxies in front report it, the account a login
names, and one log line per staff login, so that an operator sees attacks on the admin."""

import ipaddress
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import Q
from django.dispatch import receiver

logger = logging.getLogger("cms.security")


def client_address(request):
    """The client's IP address. Behind ``TRUSTED_PROXY_COUNT`` proxies it is the address the
    outermost trusted proxy saw; entries further left were written by the client itself."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies and len(forwarded) >= proxies and is_ip_address(forwarded[-proxies]):
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def is_ip_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def login_name(request, credentials=None):
    """The account a login attempt names, for django-axes: the admin's form sends a user name,
    the members' form (django-allauth) an e-mail address, compared without case as allauth
    does, so that "Anna@…" and "anna@…" count as one."""
    if credentials is None:
        credentials = {"username": request.POST.get("username"), "email": request.POST.get("login")}
    if credentials.get("email"):
        return credentials["email"].strip().lower()
    return credentials.get("username")


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    username = login_name(request, credentials) or ""
    # What was typed is named only when it is an account: a password typed into the user name
    # field must not end up in the log.
    known = (
        bool(username)
        and get_user_model()
        .objects.filter(Q(username=username) | Q(email__iexact=username))
        .exists()
    )
    logger.warning(
        "login failed for %s from %s at %s",
        f"user name {username!r}" if known else "an unknown user name",
        client_address(request),
        request.path,
    )


@receiver(user_logged_in)
def log_staff_login(sender, request, user, **kwargs):
    # Logins made in code (a test's force_login, a shell) come with no client.
    if request is None or not request.META.get("REMOTE_ADDR"):
        return
    if not (user.is_staff or user.has_perm("wagtailadmin.access_admin")):
        return
    logger.info(
        "login of %r from %s at %s", user.get_username(), client_address(request), request.path
    )
