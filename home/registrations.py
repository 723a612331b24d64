"""The rules of registering for events, one function per action.

The registration form, the confirmation page, the cancellation link and the admin all call
these functions. Registrations belong to the event in the site's default language, whichever
language the visitor registered in, so that both languages fill the same places. Every action
takes a row lock on the event (on PostgreSQL; SQLite runs write transactions one at a time), so
that confirmed places never exceed the capacity; a database constraint allows one active
registration per e-mail address and event. E-mails are written into the outbox inside the
transaction and sent after it commits.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from cms.mail import absolute_url, queue_mail

from .models import EventPage, Registration, RegistrationStatus
from .models.events import ACTIVE_STATUSES

LINK_SALT = "home.registration"


class RegistrationState:
    NOT_TAKEN = "not_taken"
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"


class RegistrationRefused(Exception):
    """The visitor cannot register; the message says why, in their language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class LinkInvalid(Exception):
    """A registration link that was never issued, or was changed."""


class EventHasBegun(Exception):
    """A registration of an event that has begun no longer changes; its links have expired."""


class AlreadyCancelled(Exception):
    """The registration was cancelled before."""


# Reads


def event_version(event, language_code, *, live=False):
    """``event`` in the language ``language_code`` (only a published version if ``live``),
    or ``None`` where it has none."""
    if event.locale.language_code == language_code and (event.live or not live):
        return event
    versions = EventPage.objects.live() if live else EventPage.objects.all()
    return (
        versions.filter(translation_key=event.translation_key, locale__language_code=language_code)
        .select_related("locale")
        .first()
    )


def source_event(event):
    """The event in the site's default language, which holds the registrations."""
    return event_version(event, settings.LANGUAGE_CODE) or event


def matching_workshop(event, workshop):
    """The workshop of ``event`` that ``workshop``, of another version of it, stands for."""
    if workshop is None or workshop.page_id == event.pk:
        return workshop
    return event.workshops.filter(translation_key=workshop.translation_key).first()


def registration_state(event, now=None):
    now = now or timezone.now()
    if not event.takes_registrations:
        return RegistrationState.NOT_TAKEN
    if event.start <= now or (event.registration_closes_at and event.registration_closes_at <= now):
        return RegistrationState.CLOSED
    if event.registration_opens_at and now < event.registration_opens_at:
        return RegistrationState.NOT_YET_OPEN
    return RegistrationState.OPEN


def confirmed_counts(event):
    """Confirmed places of ``event``, a page in any language: ``{None: all, workshop's
    translation key: of that workshop}``, so that the workshops of a translation find their
    counts too. Registrations belong to one version of the event, which shares its key."""
    rows = (
        Registration.objects.filter(
            event__translation_key=event.translation_key, status=RegistrationStatus.CONFIRMED
        )
        .values("workshop__translation_key")
        .annotate(taken=Count("pk"))
        .order_by()
    )
    counts = {None: 0}
    for row in rows:
        counts[None] += row["taken"]
        if row["workshop__translation_key"] is not None:
            counts[row["workshop__translation_key"]] = row["taken"]
    return counts


class Places:
    """Free places of an event and its workshops."""

    def __init__(self, event, counts):
        self.event = event
        self.counts = counts

    @classmethod
    def of(cls, event):
        """The places of ``event``, a page in any language."""
        return cls(event, confirmed_counts(event))

    @property
    def left(self):
        return max((self.event.capacity or 0) - self.counts[None], 0)

    def left_in(self, workshop):
        return max(workshop.capacity - self.counts.get(workshop.translation_key, 0), 0)

    def has_place(self, workshop=None):
        if not self.left:
            return False
        return workshop is None or self.left_in(workshop) > 0

    def take(self, workshop):
        self.counts[None] += 1
        if workshop is not None:
            key = workshop.translation_key
            self.counts[key] = self.counts.get(key, 0) + 1


def waiting_list(event):
    return Registration.objects.filter(event=event, status=RegistrationStatus.WAITING).order_by(
        "created_at", "pk"
    )


# Links


def registration_token(registration):
    """The signed part of the registration's links; the same in every mail, since they expire
    with the event, not with time."""
    return signing.Signer(salt=LINK_SALT).sign(str(registration.public_id))


def registration_for_link(token):
    """The registration a link names; ``LinkInvalid`` for a made-up or changed link,
    ``EventHasBegun`` once its event has begun."""
    try:
        public_id = uuid.UUID(signing.Signer(salt=LINK_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        raise LinkInvalid from None
    registration = (
        Registration.objects.select_related("event", "workshop").filter(public_id=public_id).first()
    )
    if registration is None:
        raise LinkInvalid
    if registration.event.start <= timezone.now():
        raise EventHasBegun
    return registration


def registration_path(registration, language=None):
    """The address of the registration's own page, with its cancellation button."""
    with translation.override(language or registration.language):
        return reverse("registration_detail", args=[registration_token(registration)])


# Actions


def registration_create(
    *,
    event,
    workshop=None,
    name,
    email,
    organisation="",
    note="",
    language,
    submission_key,
    now=None,
):
    """Register ``email`` for ``event`` (a page in any language) and optionally one workshop.
    The registration is confirmed while there is a place, else it waits. The same form sent
    twice (a double click, a reload) returns the registration it made the first time."""
    event = source_event(event)
    chosen = workshop
    workshop = matching_workshop(event, workshop)
    if chosen is not None and workshop is None:
        raise RegistrationRefused(_("Please choose one of the event's workshops."))
    with transaction.atomic():
        event = lock_event(event.pk)
        earlier = sent_before(submission_key, event, email)
        if earlier is not None:
            return earlier
        if Registration.objects.filter(submission_key=submission_key).exists():
            # The browser sent a key it kept (Back, then another address): a new submission.
            submission_key = uuid.uuid4()
        if registration_state(event, now) != RegistrationState.OPEN:
            raise RegistrationRefused(_("Registration for this event is closed."))
        if workshop is not None and workshop.page_id != event.pk:
            raise RegistrationRefused(_("Please choose one of the event's workshops."))
        if active_registrations(event, email).exists():
            raise RegistrationRefused(already_registered_message())
        # Places that a larger capacity freed go to those waiting first.
        places, _moved_up = promote_waiting(event)
        status = (
            RegistrationStatus.CONFIRMED
            if places.has_place(workshop)
            else RegistrationStatus.WAITING
        )
        registration = Registration.objects.create(
            event=event,
            workshop=workshop,
            name=name,
            email=email,
            organisation=organisation,
            note=note,
            language=language,
            status=status,
            consented_at=timezone.now(),
            submission_key=submission_key,
        )
        confirmed = status == RegistrationStatus.CONFIRMED
        log(
            instance=registration,
            action="home.registration.create" if confirmed else "home.registration.wait",
        )
        notify(registration, "registration_confirmed" if confirmed else "registration_waiting")
    return registration


def lock_event(pk):
    """The event, locked until the transaction ends: every change to its registrations takes
    this lock first. Only the event's own row is locked, not the page tree or its locale."""
    return EventPage.objects.select_for_update(of=("self",), no_key=True).get(pk=pk)


def sent_before(submission_key, event, email):
    """The registration that this form, sent before for the same event and address, made."""
    return (
        Registration.objects.filter(submission_key=submission_key, event=event)
        .annotate(address=Lower("email"))
        .filter(address=email.lower())
        .first()
    )


def active_registrations(event, email):
    return (
        Registration.objects.filter(event=event, status__in=ACTIVE_STATUSES)
        .annotate(address=Lower("email"))
        .filter(address=email.lower())
    )


def registration_cancel(*, registration, by=None, now=None):
    """Cancel a registration, through its link or by an organiser (``by``); the first people
    waiting move up into the place it frees. Returns the registrations that moved up."""
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = Registration.objects.select_related("workshop").get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            raise AlreadyCancelled
        if event.start <= (now or timezone.now()):
            raise EventHasBegun
        registration.event = event
        registration.status = RegistrationStatus.CANCELLED
        registration.status_changed_at = timezone.now()
        registration.save(update_fields=["status", "status_changed_at"])
        log(instance=registration, action="home.registration.cancel", user=by)
        notify(registration, "registration_cancelled")
        _places, moved_up = promote_waiting(event)
    return moved_up


def places_changed(sender, instance, **kwargs):
    """When an editor publishes an event with more places, the people waiting move up at
    once, not only when the next person registers or cancels."""
    event = source_event(instance)
    if event.pk != instance.pk or event.start <= timezone.now():
        return
    with transaction.atomic():
        promote_waiting(lock_event(event.pk))


def promote_waiting(event):
    """Give free places to the people waiting, in the order they registered: someone waiting
    for a full workshop keeps waiting while a later registration without that workshop moves
    up. Runs under the event's lock; returns the places left and who moved up."""
    places = Places.of(event)
    moved_up = []
    if not places.left:
        return places, moved_up
    for waiting in waiting_list(event).select_related("workshop"):
        if not places.left:
            break
        if not places.has_place(waiting.workshop):
            continue
        waiting.status = RegistrationStatus.CONFIRMED
        waiting.status_changed_at = timezone.now()
        waiting.save(update_fields=["status", "status_changed_at"])
        waiting.event = event
        places.take(waiting.workshop)
        moved_up.append(waiting)
        log(instance=waiting, action="home.registration.move_up")
        notify(waiting, "registration_moved_up")
    return places, moved_up


def registrations_forget(*, days, now=None):
    """Delete the registrations of events that ended more than ``days`` ago, with their
    personal data. Returns how many were deleted; a second run finds nothing more."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    expired = Registration.objects.filter(event__end__lt=cutoff)
    # The admin's history names each registration it changed.
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Registration),
        object_id__in=[str(pk) for pk in expired.values_list("pk", flat=True)],
    ).delete()
    deleted, _by_model = expired.delete()
    return deleted


def already_registered_message():
    return _(
        "This e-mail address is already registered for this event. The confirmation e-mail "
        "has a link to your registration."
    )


def notify(registration, template):
    event = event_in_language(registration)
    queue_mail(
        to=registration.email,
        template=f"home/emails/{template}",
        context={
            "registration": registration,
            "event": event,
            "workshop": workshop_in_language(registration, event),
            "event_url": absolute_url(event.get_url()),
            "registration_url": absolute_url(registration_path(registration)),
        },
        language=registration.language,
    )


def event_in_language(registration):
    """The event page in the registrant's language where it is published, else the source."""
    event = registration.event
    return event_version(event, registration.language, live=True) or event


def workshop_in_language(registration, event):
    """The registration's workshop as ``event``, a version of its event, names it."""
    return matching_workshop(event, registration.workshop) or registration.workshop
