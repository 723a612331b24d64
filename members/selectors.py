"""Reads of the registry that need care: who may see what, what the public directory shows and
what a member's history and personal data are. Views and the admin read through these."""

import hmac
import re
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user, get_users_with_perms
from wagtail import hooks
from wagtail.models import ModelLogEntry

from cms import fragments

from .models import (
    COMMITTEE_GROUP,
    Ambassador,
    ApplicationState,
    Invitation,
    Membership,
    Organisation,
    Profile,
    Role,
    Seal,
    SealApplication,
    SealStatus,
    token_digest,
)


def owners_of(organisation):
    return get_user_model().objects.filter(
        memberships__organisation=organisation, memberships__role=Role.OWNER, is_active=True
    )


def reviewers_of(application):
    return get_users_with_perms(
        application, only_with_perms_in=["review_sealapplication"], with_group_users=False
    ).filter(is_active=True)


def committee_members():
    return get_user_model().objects.filter(groups__name=COMMITTEE_GROUP, is_active=True)


def memberships_of(user):
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def open_application_of(organisation):
    return organisation.applications.exclude(
        state__in=[ApplicationState.APPROVED, ApplicationState.REJECTED, ApplicationState.WITHDRAWN]
    ).first()


def portal_overview(user, memberships):
    """For the portal's start: each of the member's organisations with the member's role, its
    seal and its open application, read in three queries however many there are."""
    memberships = list(memberships)
    organisations = [membership.organisation for membership in memberships]
    seals = {
        seal.organisation_id: seal
        for seal in Seal.objects.filter(organisation__in=organisations).exclude(
            status=SealStatus.REVOKED
        )
    }
    applications = {
        application.organisation_id: application
        for application in SealApplication.objects.filter(organisation__in=organisations).exclude(
            state__in=[
                ApplicationState.APPROVED,
                ApplicationState.REJECTED,
                ApplicationState.WITHDRAWN,
            ]
        )
    }
    return [
        {
            "membership": membership,
            "organisation": membership.organisation,
            "seal": seals.get(membership.organisation_id),
            "application": applications.get(membership.organisation_id),
        }
        for membership in memberships
    ]


def organisation_of_member(user, slug, permission="members.view_organisation"):
    """The organisation at ``slug`` if ``user`` holds ``permission`` on it; otherwise a 404, as
    for an address that does not exist, so that no one learns about others' organisations."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not user.has_perm(permission, organisation):
        raise Http404
    return organisation


def application_of_member(user, pk):
    application = (
        SealApplication.objects.select_related("organisation", "renews").filter(pk=pk).first()
    )
    if application is None or not user.has_perm(
        "members.view_organisation", application.organisation
    ):
        raise Http404
    return application


def applications_for_review(user):
    """What a reviewer sees in the admin: the applications assigned to them; the committee sees
    every application that was submitted. Drafts stay with their organisations."""
    submitted = SealApplication.objects.exclude(state=ApplicationState.DRAFT).select_related(
        "organisation", "organisation__district"
    )
    if user.has_perm("members.decide_sealapplication"):
        return submitted
    assigned = get_objects_for_user(
        user,
        "members.review_sealapplication",
        klass=SealApplication,
        accept_global_perms=False,
        with_superuser=False,
    )
    return submitted.filter(pk__in=assigned.values("pk"))


def history_of(instance):
    """The audit entries of an application or a seal, oldest first."""
    return ModelLogEntry.objects.for_instance(instance).select_related("user").order_by("timestamp")


APPLICANT_VISIBLE_ACTIONS = {
    "members.application.create",
    "members.application.submit",
    "members.application.start_review",
    "members.application.request_changes",
    "members.application.answer",
    "members.application.approve",
    "members.application.reject",
    "members.application.withdraw",
    "members.application.comment",
}


def history_for_applicant(application):
    """What the applicant sees of the review: every change of state with its comment and the
    reviewers' comments addressed to them, but neither internal notes nor recommendations, nor
    the reviewers' names."""
    entries = []
    for entry in history_of(application).filter(action__in=APPLICANT_VISIBLE_ACTIONS):
        data = entry.data or {}
        if entry.action == "members.application.comment" and not data.get("for_applicant"):
            continue
        entries.append(entry)
    return entries


TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{32}")


def seals_with_organisation():
    return Seal.objects.select_related("organisation", "organisation__logo")


def seal_with_organisation(pk):
    return seals_with_organisation().filter(pk=pk).first()


def seal_for_token(token):
    """The seal behind a badge address, or ``None``. A token of the wrong shape is not looked
    up; a found one is compared in constant time."""
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    seal = seals_with_organisation().filter(token_digest=token_digest(token)).first()
    if seal is None or not hmac.compare_digest(seal.token, token):
        return None
    return seal


@dataclass(frozen=True)
class SealState:
    """What a verifier learns of a seal today: one word, whether it is valid, and since when it
    is what it is."""

    name: str
    since: date

    @property
    def is_valid(self):
        return self.name == "valid"


def seal_state(seal, today=None):
    today = today or timezone.localdate()
    if seal.status != SealStatus.ACTIVE:
        return SealState(seal.status, timezone.localdate(seal.status_changed_at))
    if seal.is_expired(today):
        return SealState("expired", seal.valid_until)
    return SealState("valid", seal.valid_from)


def seal_of(organisation):
    """The seal the organisation holds or held, unless revoked."""
    return organisation.seals.exclude(status=SealStatus.REVOKED).first()


def valid_seals(today=None):
    today = today or timezone.localdate()
    return Seal.objects.filter(
        status=SealStatus.ACTIVE, valid_from__lte=today, valid_until__gte=today
    )


def current_ambassadors(today=None):
    today = today or timezone.localdate()
    return Ambassador.objects.filter(term_start__lte=today, term_end__gte=today)


def listed_organisations(today=None):
    """The organisations the public directory lists: holders of a valid seal and current
    ambassadors, each marked ``holds_seal`` and ``is_ambassador``. A seal suspended, revoked
    or past its end takes its holder out at once."""
    today = today or timezone.localdate()
    return Organisation.objects.annotate(
        holds_seal=Exists(valid_seals(today).filter(organisation=OuterRef("pk"))),
        is_ambassador=Exists(current_ambassadors(today).filter(organisation=OuterRef("pk"))),
    ).filter(Q(holds_seal=True) | Q(is_ambassador=True))


def listed_organisation_ids(today=None):
    """The ids of ``listed_organisations``, kept with the shared pieces for the day: a page that
    names an organisation leads to its profile while the directory lists it."""
    today = today or timezone.localdate()
    return fragments.cached(
        f"listed-organisations-{today.isoformat()}",
        lambda: frozenset(listed_organisations(today).values_list("pk", flat=True)),
    )


def directory_organisations(*, sector_key=None, district_key=None, kind=None, today=None):
    """The directory's organisations by name, those in the sector and district of the given
    translation keys and of ``kind`` where given, with the district and logo (and the logo's
    renditions) that their cards show fetched along."""
    organisations = listed_organisations(today)
    if sector_key:
        # A condition rather than a join, so that no organisation is listed twice.
        organisations = organisations.filter(
            Exists(
                Organisation.sectors.through.objects.filter(
                    organisation=OuterRef("pk"), sectorpage__translation_key=sector_key
                )
            )
        )
    if district_key:
        organisations = organisations.filter(district__translation_key=district_key)
    if kind:
        organisations = organisations.filter(kind=kind)
    return (
        organisations.select_related("district", "logo")
        .prefetch_related("logo__renditions")
        .order_by("name", "pk")
    )


def sector_keys_of(organisations):
    """The translation keys of the sectors each of ``organisations`` works in, by the
    organisation's id, in one query: the directory names them in the visitor's language."""
    links = Organisation.sectors.through.objects.filter(
        organisation__in=[organisation.pk for organisation in organisations]
    ).order_by("sectorpage__path")
    keys = {}
    for organisation_id, key in links.values_list("organisation_id", "sectorpage__translation_key"):
        keys.setdefault(organisation_id, []).append(key)
    return keys


def listed_organisation(slug, today=None):
    """The organisation at ``slug`` if the directory lists it; otherwise a 404, as for an
    address that does not exist, so that no one learns which organisations are registered."""
    organisation = directory_organisations(today=today).filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation


def public_seal_of(organisation, today=None):
    """The seal the directory shows for the organisation: a valid one, or none."""
    return valid_seals(today).filter(organisation=organisation).first()


def ambassador_roles_of(organisation, today=None):
    return (
        current_ambassadors(today)
        .filter(organisation=organisation)
        .select_related("sector", "district")
        .order_by("term_start", "pk")
    )


def public_ambassadors(today=None):
    """The current ambassadors, organisations and persons, with their sector, district and
    the organisation's logo fetched along."""
    return (
        current_ambassadors(today)
        .select_related("organisation", "organisation__logo", "sector", "district")
        .prefetch_related("organisation__logo__renditions")
        .order_by("term_start", "pk")
    )


def personal_data(user):
    """Everything the site keeps about ``user``, for the download of their own data. Other apps
    that keep something of a member add their part through the ``personal_data_of_member``
    hook: a function of the user that returns a dictionary of sections."""
    profile = Profile.objects.filter(user=user).first()
    data = {
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "preferred_language": profile.language if profile else None,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in user.emailaddress_set.all()
        ],
        "memberships": [
            {
                "organisation": membership.organisation.name,
                "role": membership.role,
                "joined_at": membership.joined_at.isoformat(),
            }
            for membership in memberships_of(user)
        ],
        "invitations_sent": [
            {
                "organisation": invitation.organisation.name,
                "email": invitation.email,
                "created_at": invitation.created_at.isoformat(),
            }
            for invitation in Invitation.objects.filter(invited_by=user).select_related(
                "organisation"
            )
        ],
        "activity": [
            {
                "action": entry.action,
                "object": entry.label,
                "timestamp": entry.timestamp.isoformat(),
            }
            for entry in ModelLogEntry.objects.filter(user=user)
            .filter(content_type__app_label="members")
            .order_by("timestamp")
        ],
    }
    for sections_of in hooks.get_hooks("personal_data_of_member"):
        data.update(sections_of(user))
    return data


def withdrawn_seals():
    """The seals that no verifier may accept whatever their dates say: suspended and revoked
    ones, in one query, with only what the revocation list needs."""
    return (
        Seal.objects.filter(status__in=[SealStatus.SUSPENDED, SealStatus.REVOKED])
        .only("token", "status", "status_reason")
        .order_by("status_changed_at", "pk")
    )
