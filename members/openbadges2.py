"""The seal as an Open Badges 2.0 badge with hosted verification: each seal's Assertion, the one
BadgeClass all seals share, the Issuer profile and its RevocationList. Pure builders over a seal
and the settings; the views in members/views/openbadges2.py serve them.

A hosted Assertion is checked by fetching its ``id``: the verifier trusts what the issuer's
server answers now, so these documents are built afresh from the seal at every request, and a
status change shows at the next check."""

import datetime
import functools

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cms.mail import absolute_url

from .models import SealStatus

CONTEXT = "https://w3id.org/openbadges/v2"


def assertion_url(seal):
    return absolute_url(reverse("badges:assertion", args=[seal.token]))


def badge_class_url():
    return absolute_url(reverse("badges:badge_class"))


def issuer_url():
    return absolute_url(reverse("badges:issuer"))


def revocation_list_url():
    return absolute_url(reverse("badges:revocation_list"))


def in_default_language(build):
    """The documents are the same for every visitor, in the site's source language: German
    strings, German addresses."""

    @functools.wraps(build)
    def built_in_default_language(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return build(*args, **kwargs)

    return built_in_default_language


@in_default_language
def assertion(seal):
    """The seal's hosted Assertion, whatever its status: the view answers a withdrawn seal with
    ``revocation_notice`` instead, and the baked PNG carries this document."""
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": assertion_url(seal),
        # The holder is an organisation, named by its directory profile on this site: every
        # holder has one (a website is optional), and it stays under the issuer's control.
        # Not hashed: the holder's name and profile are public on the badge page anyway, so a
        # hash would hide nothing, and a verifier sees who holds the seal without having to
        # know the identity beforehand.
        "recipient": {
            "type": "url",
            "identity": absolute_url(reverse("members:profile", args=[seal.organisation.slug])),
            "hashed": False,
        },
        "badge": badge_class_url(),
        "verification": {"type": "hosted"},
        "issuedOn": timezone.localtime(seal.issued_at).isoformat(timespec="seconds"),
        "expires": end_of_day(seal.valid_until).isoformat(timespec="seconds"),
        "image": absolute_url(reverse("badges:baked_png", args=[seal.token])),
        # The badge page states the seal's status today, for people.
        "evidence": absolute_url(reverse("members:badge", args=[seal.token])),
    }


def end_of_day(day):
    """``valid_until`` is the last day the seal is valid, in the region's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def is_withdrawn(seal):
    """Open Badges 2.0 knows no suspension, only revocation: a suspended seal is shown as
    revoked (with a reason saying it is suspended) for as long as it is suspended, and its
    assertion comes back when the committee reinstates it. A verifier must not accept a
    suspended seal, and "revoked" is the only word OB 2.0 has for that."""
    return seal.status in (SealStatus.SUSPENDED, SealStatus.REVOKED)


@in_default_language
def revocation_notice(seal):
    """What a withdrawn seal's assertion address answers, with ``410 Gone``: the assertion
    marked ``revoked``, with the reason if there is one. Verifiers count a 410 as a revocation
    only if the body is an Assertion (the 1EdTech validator does so), and a complete one
    spares them reports of missing properties beside the one that matters."""
    notice = assertion(seal) | {"revoked": True}
    reason = revocation_reason(seal)
    if reason:
        notice["revocationReason"] = reason
    return notice


def revocation_reason(seal):
    """The committee's public reason, if it gave one. A suspension always says so, since a
    verifier would otherwise take it for a final revocation."""
    if seal.status == SealStatus.SUSPENDED:
        if seal.status_reason:
            return _("Suspended for the time being: %(reason)s") % {"reason": seal.status_reason}
        return _("Suspended for the time being.")
    return seal.status_reason


@in_default_language
def badge_class():
    return {
        "@context": CONTEXT,
        "@language": settings.LANGUAGE_CODE,
        "type": "BadgeClass",
        "id": badge_class_url(),
        # The seal's name, as the directory and the badge page show it; a name, not translated.
        "name": "Part of SMART REGION",
        "description": _(
            "Companies and institutions of the region that are digitally active, can name "
            "references for their work and take part in the region's digital change carry the "
            "seal. The seal committee awards it on application for a limited period."
        ),
        "image": absolute_url(reverse("badges:class_image")),
        "criteria": {"narrative": criteria_narrative()},
        "issuer": issuer_url(),
        "tags": [
            pgettext("badge tag", "digitalisation"),
            pgettext("badge tag", "region"),
            pgettext("badge tag", "seal"),
            settings.WAGTAIL_SITE_NAME,
        ],
    }


def criteria_narrative():
    """The three questions the application asks (members.models.SealApplication), as the
    criteria the committee checks, in Markdown as Open Badges expects."""
    return "\n".join(
        [
            _("The organisation applies in the member area and shows:"),
            "",
            "1. "
            + _("**Digital activities**: what it does digitally – products, services, processes."),
            "2. " + _("**References**: projects, customers or partners who can confirm its work."),
            "3. "
            + _("**Commitment to the region**: how it takes part in the region's digital change."),
            "",
            _(
                "A reviewer for its district or sector examines the application, and the seal "
                "committee decides. The seal is valid for %(months)s months and can be renewed "
                "with a new application."
            )
            % {"months": settings.SEAL_VALIDITY_MONTHS},
        ]
    )


@in_default_language
def issuer():
    return {
        "@context": CONTEXT,
        "@language": settings.LANGUAGE_CODE,
        "type": "Issuer",
        "id": issuer_url(),
        "name": settings.WAGTAIL_SITE_NAME,
        "url": absolute_url("/"),
        "email": settings.BADGE_ISSUER_EMAIL,
        "description": _(
            "The SMART REGION connects companies, institutions and districts of the region in "
            "its digital change. It awards the seal “Part of SMART REGION” to its members."
        ),
        "image": absolute_url(static("img/logo.svg")),
        "revocationList": revocation_list_url(),
    }


@in_default_language
def revocation_list(withdrawn_seals):
    """The issuer's list of revoked assertions: every revoked seal, and every suspended one
    for as long as it is suspended (see ``is_withdrawn``). ``withdrawn_seals`` is
    ``selectors.withdrawn_seals()``."""
    revoked = []
    for seal in withdrawn_seals:
        entry = {"id": assertion_url(seal)}
        reason = revocation_reason(seal)
        if reason:
            entry["revocationReason"] = reason
        revoked.append(entry)
    return {
        "@context": CONTEXT,
        "type": "RevocationList",
        "id": revocation_list_url(),
        "issuer": issuer_url(),
        "revokedAssertions": revoked,
    }
