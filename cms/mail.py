"""E-mail that survives a mail server being down.

``queue_mail`` writes the message for its recipient, in their language, into the outbox in the
caller's transaction and hands it to a background task once that transaction has committed.
Delivery claims the message for a while before it talks to the mail server, so that two workers
never send it twice and no database lock is held during the conversation; a failed attempt is
recorded and tried again later by ``deliver_due_mail``, which the scheduler runs every minute,
as is a mail whose task was lost.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import Truncator

from cms.models import OutgoingMail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
# Longer than the mail server's timeout: a worker that holds a message is still talking to it.
CLAIM = timedelta(seconds=settings.EMAIL_TIMEOUT * 3)
# A mail that no worker tried for this long has lost its task.
LOST_AFTER = timedelta(minutes=10)


def absolute_url(path_or_url):
    """An address for an e-mail, which has no request to resolve a path against: the site's
    public address (``WAGTAILADMIN_BASE_URL``) before the path. A page outside every site has
    no address; the site's home takes its place."""
    if path_or_url and "://" in path_or_url:
        return path_or_url
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path_or_url or '/'}"


def queue_mail(*, to, template, context, language):
    """Write the mail ``template`` (``<template>_subject.txt``, ``.txt`` and ``.html``) for ``to``
    in ``language`` and send it after the current transaction commits."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        text_body = render_to_string(f"{template}.txt", context)
        html_body = render_to_string(f"{template}.html", context)
    return queue_rendered_mail(to=to, subject=subject, text_body=text_body, html_body=html_body)


def queue_rendered_mail(*, to, subject, text_body, html_body=""):
    """Put a mail that is already written (django-allauth writes its own) into the outbox and
    send it after the current transaction commits."""
    subject = Truncator(" ".join(subject.split())).chars(
        OutgoingMail._meta.get_field("subject").max_length
    )
    mail = OutgoingMail.objects.create(
        recipient=to, subject=subject, text_body=text_body, html_body=html_body
    )
    from cms.tasks import deliver_mail

    transaction.on_commit(partial(deliver_mail.enqueue, mail.pk))
    return mail


def deliver(mail_id):
    """Send one queued mail unless it is sent, claimed by another worker, or not due yet.
    Returns whether the mail server took it; raises ``MailNotSent`` when it refused."""
    now = timezone.now()
    claimed = (
        OutgoingMail.objects.filter(pk=mail_id, sent_at__isnull=True)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(next_attempt_at=now + CLAIM)
    )
    if not claimed:
        return False
    mail = OutgoingMail.objects.get(pk=mail_id)
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.recipient],
    )
    if mail.html_body:
        message.attach_alternative(mail.html_body, "text/html")
    try:
        message.send()
    except Exception as error:
        record_failure(mail, error)
        raise MailNotSent(mail.pk) from error
    OutgoingMail.objects.filter(pk=mail.pk).update(
        sent_at=timezone.now(), attempts=mail.attempts + 1, last_error=""
    )
    return True


def record_failure(mail, error):
    attempts = mail.attempts + 1
    retry = attempts < MAX_ATTEMPTS
    OutgoingMail.objects.filter(pk=mail.pk).update(
        attempts=attempts,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        # Waits from one to 60 minutes, doubling; after the last attempt the mail stays in the
        # outbox, logged as an error, for an operator to look at.
        next_attempt_at=timezone.now() + timedelta(minutes=min(2 ** (attempts - 1), 60))
        if retry
        else timezone.now() + timedelta(days=3650),
    )
    log = logger.warning if retry else logger.error
    log("Mail %s to its recipient failed (attempt %s): %s", mail.pk, attempts, error)


def due_mail(now=None):
    """Mails to try again: those the mail server refused, once their wait is over, and those
    whose task was lost (written a while ago and never tried)."""
    now = now or timezone.now()
    unsent = OutgoingMail.objects.filter(sent_at__isnull=True)
    refused = Q(attempts__gt=0, next_attempt_at__lte=now)
    lost = Q(attempts=0, created_at__lte=now - LOST_AFTER) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    return unsent.filter(refused | lost)


def deliver_due_mail():
    """Send again, here and now, every mail whose time has come; returns how many the mail
    server took. The scheduler runs this in a process of its own, so no visitor waits."""
    delivered = 0
    for mail_id in due_mail().order_by("created_at").values_list("pk", flat=True):
        try:
            delivered += deliver(mail_id)
        except MailNotSent:
            continue
    return delivered


def forget_mail(*, days):
    """Delete mails written more than ``days`` ago, sent or given up: they hold their
    recipients' personal data."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _by_model = OutgoingMail.objects.filter(created_at__lt=cutoff).delete()
    return deleted


class MailNotSent(Exception):
    """The mail server did not take a message; it stays queued for the next attempt."""
