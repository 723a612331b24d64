"""Who is asking: the client's address as the proxies in front report it, and one log line per
staff login, so that an operator sees attacks on the admin."""

import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("cms.security")


def client_address(request):
    """The client's IP address. Behind ``TRUSTED_PROXY_COUNT`` proxies it is the address the
    outermost trusted proxy saw; entries further left were written by the client itself."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    logger.warning(
        "login failed for user name %r from %s at %s",
        credentials.get("username", ""),
        client_address(request),
        request.path,
    )


@receiver(user_logged_in)
def log_staff_login(sender, request, user, **kwargs):
    if not (user.is_staff or user.has_perm("wagtailadmin.access_admin")):
        return
    logger.info(
        "login of %r from %s at %s", user.get_username(), client_address(request), request.path
    )
