"""Every change to the seal registry, one function per action.

Each function checks the current state against the transition tables below and the actor's
permission (raising a ``PermissionDenied`` subclass), then saves in one transaction with the row
locked, records the audit entry through Wagtail's ``log`` under an action registered in
``members.wagtail_hooks``, and queues its e-mails for after the commit. Views, the admin,
commands, the demo loader and tests all call these functions; none of them changes a state
itself.
"""

import hashlib
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from guardian.shortcuts import assign_perm, remove_perm
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection

from cms import fragments
from cms.storage import MediaStoreUnavailable, discarded_on_failure, store_unavailable_message
from cms.tasks import delete_stored_file
from search.sync import request_reindex

from . import badge_answers, badge_pictures, selectors
from .models import (
    REVIEWER_GROUP,
    Ambassador,
    ApplicationAttachment,
    ApplicationState,
    Invitation,
    Membership,
    Organisation,
    Profile,
    Recommendation,
    ReviewerAssignment,
    Role,
    Seal,
    SealApplication,
    SealSerialCounter,
    SealStatus,
)
from .notifications import (
    notify_committee,
    notify_organisation,
    notify_reviewers,
    send_invitation,
)
from .uploads import UploadRefused, check_attachment, check_logo, named_by_content

State = ApplicationState


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str
    actor: str
    """Who may take it: ``applicant`` (an owner of the organisation), ``reviewer`` (assigned to
    the application, or on the committee) or ``committee``."""


APPLICATION_TRANSITIONS = {
    "submit": Transition(frozenset({State.DRAFT}), State.SUBMITTED, "applicant"),
    "start_review": Transition(frozenset({State.SUBMITTED}), State.IN_REVIEW, "reviewer"),
    "request_changes": Transition(
        frozenset({State.IN_REVIEW}), State.CHANGES_REQUESTED, "reviewer"
    ),
    "answer": Transition(frozenset({State.CHANGES_REQUESTED}), State.IN_REVIEW, "applicant"),
    "approve": Transition(frozenset({State.IN_REVIEW}), State.APPROVED, "committee"),
    "reject": Transition(frozenset({State.IN_REVIEW}), State.REJECTED, "committee"),
    "withdraw": Transition(
        frozenset({State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.CHANGES_REQUESTED}),
        State.WITHDRAWN,
        "applicant",
    ),
}
EDITABLE_STATES = frozenset({State.DRAFT, State.CHANGES_REQUESTED})
REVIEW_STATES = frozenset({State.SUBMITTED, State.IN_REVIEW, State.CHANGES_REQUESTED})

SEAL_TRANSITIONS = {
    "suspend": (frozenset({SealStatus.ACTIVE}), SealStatus.SUSPENDED),
    "reinstate": (frozenset({SealStatus.SUSPENDED}), SealStatus.ACTIVE),
    "revoke": (frozenset({SealStatus.ACTIVE, SealStatus.SUSPENDED}), SealStatus.REVOKED),
}

MEMBERS_COLLECTION = "Logos der Mitglieder"


class ActionNotAllowed(PermissionDenied):
    """The actor may not do this. The message says why, in the actor's language."""

    def __init__(self, message=None):
        self.message = message or _("You may not do this.")
        super().__init__(self.message)


class NotInThisState(ActionNotAllowed):
    """The record's state does not allow the action (any more)."""


class EditConflict(Exception):
    """Someone else changed the record since the form was opened."""

    message = _(
        "Someone else changed this in the meantime. Please reload the page, check their "
        "changes and enter yours again."
    )


class InvalidInput(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(message)


# Accounts


def profile_for(user):
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def profile_update(*, user, language):
    profile = profile_for(user)
    if language not in dict(settings.LANGUAGES):
        raise InvalidInput(_("Please choose one of the offered languages."))
    profile.language = language
    profile.save(update_fields=["language"])
    return profile


def organisations_left_without_owner(user):
    """The organisations in which ``user`` is the only owner."""
    owned = Membership.objects.filter(user=user, role=Role.OWNER).values("organisation")
    other_owners = Membership.objects.filter(role=Role.OWNER).exclude(user=user)
    return Organisation.objects.filter(pk__in=owned).exclude(
        pk__in=other_owners.values("organisation")
    )


def account_delete(*, user):
    """Delete the account and everything personal in it. The last owner of an organisation hands
    it over first, so that no organisation is left without anyone to answer for it. Other apps
    that keep something of a member forget it in the same transaction, through the
    ``before_member_account_delete`` hook: a function of the user."""
    with transaction.atomic():
        for organisation_id in Membership.objects.filter(user=user, role=Role.OWNER).values_list(
            "organisation", flat=True
        ):
            lock_organisation(organisation_id)
        stranded = list(organisations_left_without_owner(user))
        if stranded:
            names = ", ".join(organisation.name for organisation in stranded)
            raise ActionNotAllowed(
                _(
                    "You are the last owner of %(organisations)s. Make another member an owner "
                    "first, then delete your account."
                )
                % {"organisations": names}
            )
        Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()
        for forget in hooks.get_hooks("before_member_account_delete"):
            forget(user)
        user.delete()


# Organisations and their people


OWNER_PERMISSIONS = (
    "members.view_organisation",
    "members.change_organisation",
    "members.manage_organisation_members",
    "members.apply_for_seal",
)
EDITOR_PERMISSIONS = ("members.view_organisation", "members.change_organisation")


def permissions_of(role):
    return OWNER_PERMISSIONS if role == Role.OWNER else EDITOR_PERMISSIONS


def grant_role(user, organisation, role):
    for permission in OWNER_PERMISSIONS:
        if permission in permissions_of(role):
            assign_perm(permission, user, organisation)
        else:
            remove_perm(permission, user, organisation)


def require(user, permission, obj=None, message=None):
    if not (user and user.is_active and user.has_perm(permission, obj)):
        raise ActionNotAllowed(message)


ORGANISATION_FIELDS = (
    "name",
    "kind",
    "legal_form",
    "street",
    "postal_code",
    "city",
    "district",
    "website",
    "logo",
    "description_de",
    "description_en",
    "contact_name",
    "contact_email",
    "contact_phone",
)


def organisation_create(*, by, sectors, logo_upload=None, **fields):
    """A new organisation with ``by`` as its first owner."""
    if not (by and by.is_authenticated and by.is_active):
        raise ActionNotAllowed()
    with discarded_on_failure(), transaction.atomic():
        if logo_upload:
            fields["logo"] = stored_logo(logo_upload, fields["name"])
        organisation = Organisation(**fields)
        organisation.slug = unique_slug(organisation.name)
        organisation.save()
        organisation.sectors.set(sectors)
        Membership.objects.create(user=by, organisation=organisation, role=Role.OWNER)
        grant_role(by, organisation, Role.OWNER)
        log(instance=organisation, action="members.organisation.create", user=by)
    return organisation


def stored_logo(upload, organisation_name):
    """The uploaded logo as an image of the media library, in the members' collection, after
    the same checks as the form's."""
    try:
        content_type = check_logo(upload)
    except UploadRefused as refusal:
        raise InvalidInput(refusal.message) from None
    collection = members_collection()
    with refused_while_store_unavailable():
        return get_image_model().objects.create(
            title=f"Logo {organisation_name}"[:255],
            description=f"Logo {organisation_name}"[:255],
            file=named_by_content(upload, "logo", content_type),
            collection=collection,
        )


@contextmanager
def refused_while_store_unavailable():
    """An upload the store cannot keep now refuses the whole change; the caller's transaction
    undoes what it wrote, and the form keeps what the member typed."""
    try:
        yield
    except MediaStoreUnavailable:
        raise InvalidInput(store_unavailable_message()) from None


def members_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=MEMBERS_COLLECTION).first()
    return existing or root.add_child(name=MEMBERS_COLLECTION)


# Addresses of the directory's own pages, which a profile's address must not take.
RESERVED_SLUGS = {"ambassadors", "botschafter"}


def unique_slug(name):
    base = slugify(name)[:180] or "organisation"
    slug, number = base, 1
    while slug in RESERVED_SLUGS or Organisation.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def organisation_update(
    *, organisation, by, version, sectors=None, logo_upload=None, remove_logo=False, **fields
):
    """Save the changed profile, unless someone else saved theirs since ``version`` was read."""
    require(by, "members.change_organisation", organisation)
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"not an organisation's field: {', '.join(sorted(unknown))}")
    with discarded_on_failure(), transaction.atomic():
        replaced_logo = organisation.logo if (logo_upload or remove_logo) else None
        if logo_upload:
            fields["logo"] = stored_logo(logo_upload, fields.get("name", organisation.name))
        elif remove_logo:
            fields["logo"] = None
        changed = Organisation.objects.filter(pk=organisation.pk, version=version).update(
            version=version + 1, updated_at=timezone.now(), **fields
        )
        if not changed:
            raise EditConflict()
        organisation.refresh_from_db()
        if replaced_logo is not None:
            replaced_logo.delete()
        if sectors is not None:
            organisation.sectors.set(sectors)
        # Saved without a save() (for the version check): the search and the kept pages are
        # told here.
        request_reindex(organisation)
        fragments.forget_all()
        seal = selectors.seal_of(organisation)
        if seal is not None:
            badge_pictures.draw_ahead_after_commit(seal)
        log(
            instance=organisation,
            action="members.organisation.change",
            user=by,
            data={"fields": sorted(fields) + (["sectors"] if sectors is not None else [])},
        )
    return organisation


def membership_set_role(*, membership, role, by):
    """Make a member an owner or an editor. An organisation keeps at least one owner."""
    require(by, "members.manage_organisation_members", membership.organisation)
    with transaction.atomic():
        lock_organisation(membership.organisation_id)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.role == role:
            return membership
        if role != Role.OWNER and is_last_owner(membership):
            raise ActionNotAllowed(
                _("The organisation needs an owner. Make someone else an owner first.")
            )
        membership.role = role
        membership.save(update_fields=["role"])
        grant_role(membership.user, membership.organisation, role)
        log(
            instance=membership.organisation,
            action="members.membership.role",
            user=by,
            data={"member": membership.user_id, "role": role},
        )
    return membership


def lock_organisation(pk):
    """Taken first by every change to an organisation's people, so that two owners who leave
    at once cannot both count the other as the one who stays."""
    return Organisation.objects.select_for_update().get(pk=pk)


def is_last_owner(membership):
    return (
        membership.role == Role.OWNER
        and not Membership.objects.filter(organisation=membership.organisation, role=Role.OWNER)
        .exclude(pk=membership.pk)
        .exists()
    )


def membership_remove(*, membership, by):
    """An owner removes a colleague, or a member leaves. The last owner cannot go."""
    if by != membership.user:
        require(by, "members.manage_organisation_members", membership.organisation)
    with transaction.atomic():
        lock_organisation(membership.organisation_id)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if is_last_owner(membership):
            raise ActionNotAllowed(
                _("The organisation needs an owner. Make someone else an owner first.")
            )
        for permission in OWNER_PERMISSIONS:
            remove_perm(permission, membership.user, membership.organisation)
        membership.delete()
        log(
            instance=membership.organisation,
            action="members.membership.remove",
            user=by,
            data={"member": membership.user_id},
        )


def secret_digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


class InvitationProblem(ActionNotAllowed):
    def __init__(self, kind, message):
        self.kind = kind
        super().__init__(message)


def invitation_create(*, organisation, by, email, role=Role.EDITOR, language=None):
    """Invite ``email`` into the organisation; an earlier open invitation of the same address
    gives way to this one. Returns the invitation; its link goes out by e-mail only."""
    require(by, "members.manage_organisation_members", organisation)
    email = email.strip()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise InvalidInput(_("This person already belongs to the organisation."))
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        lock_organisation(organisation.pk)
        sent_today = organisation.invitations.filter(
            created_at__gte=timezone.now() - timedelta(days=1)
        ).count()
        if sent_today >= settings.MEMBER_INVITATIONS_PER_DAY:
            raise InvalidInput(
                _(
                    "Your organisation has sent %(count)d invitations within a day, as many as "
                    "it may. Please try again tomorrow."
                )
                % {"count": sent_today}
            )
        organisation.invitations.open().filter(email__iexact=email).delete()
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            language=language or profile_for(by).language,
            secret_digest=secret_digest(secret),
            invited_by=by,
            expires_at=timezone.now() + timedelta(days=settings.MEMBER_INVITATION_DAYS),
        )
        log(
            instance=organisation,
            action="members.invitation.create",
            user=by,
            data={"email": email, "role": role},
        )
        send_invitation(invitation, secret)
    return invitation


def invitation_for(secret):
    """The invitation behind a link, whatever its state; ``None`` for a link that never was."""
    return (
        Invitation.objects.select_related("organisation")
        .filter(secret_digest=secret_digest(secret))
        .first()
    )


def invitation_accept(*, secret, user):
    """``user`` joins the organisation with the invited role. A link works once and only until
    it expires."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .filter(secret_digest=secret_digest(secret))
            .first()
        )
        if invitation is None:
            raise InvitationProblem("unknown", _("This invitation link is not valid."))
        if invitation.accepted_at is not None:
            raise InvitationProblem("used", _("This invitation has already been accepted."))
        if invitation.expires_at <= timezone.now():
            raise InvitationProblem(
                "expired",
                _("This invitation has expired. Please ask for a new one."),
            )
        if not has_address(user, invitation.email):
            raise InvitationProblem(
                "other_account",
                _(
                    "This invitation is for %(email)s. Please log in with the account of that "
                    "address, or add and confirm the address in your account."
                )
                % {"email": invitation.email},
            )
        membership, created = Membership.objects.get_or_create(
            user=user,
            organisation=invitation.organisation,
            defaults={"role": invitation.role},
        )
        if created:
            grant_role(user, invitation.organisation, invitation.role)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        log(
            instance=invitation.organisation,
            action="members.invitation.accept",
            user=user,
            data={"email": invitation.email, "role": membership.role},
        )
    return membership


def has_address(user, email):
    """Whether ``email`` is the user's address: their login, or another one they confirmed."""
    from allauth.account.models import EmailAddress

    return user.email.lower() == email.lower() or (
        EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
    )


def invitation_withdraw(*, invitation, by):
    require(by, "members.manage_organisation_members", invitation.organisation)
    with transaction.atomic():
        invitation.delete()
        log(
            instance=invitation.organisation,
            action="members.invitation.withdraw",
            user=by,
            data={"email": invitation.email},
        )


# Seal applications


ANSWER_FIELDS = ("digital_activities", "references", "regional_commitment")


def application_create(*, organisation, by, renews=None, **answers):
    """A draft application of the organisation, or of the renewal of its seal."""
    require(
        by,
        "members.apply_for_seal",
        organisation,
        _("Only an owner of the organisation can apply for the seal."),
    )
    if renews is not None and (
        renews.organisation_id != organisation.pk or renews.status != SealStatus.ACTIVE
    ):
        raise ActionNotAllowed(_("Only an active seal of your organisation can be renewed."))
    if renews is None and organisation.seals.exclude(status=SealStatus.REVOKED).exists():
        raise ActionNotAllowed(
            _("Your organisation holds the seal already. Apply for its renewal instead.")
        )
    with transaction.atomic():
        if organisation.applications.exclude(
            state__in=[State.APPROVED, State.REJECTED, State.WITHDRAWN]
        ).exists():
            raise ActionNotAllowed(_("Your organisation has an open application already."))
        try:
            with transaction.atomic():
                application = SealApplication.objects.create(
                    organisation=organisation, renews=renews, created_by=by, **answers
                )
        except IntegrityError:
            raise ActionNotAllowed(
                _("Your organisation has an open application already.")
            ) from None
        log(instance=application, action="members.application.create", user=by)
    return application


def application_update(*, application, by, version, **answers):
    """Change the answers of a draft, or of an application whose changes were requested."""
    check_applicant(application, by)
    unknown = set(answers) - set(ANSWER_FIELDS)
    if unknown:
        raise TypeError(f"not an answer: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        changed = SealApplication.objects.filter(
            pk=application.pk, version=version, state__in=EDITABLE_STATES
        ).update(version=version + 1, **answers)
        if not changed:
            current = SealApplication.objects.get(pk=application.pk)
            if current.state not in EDITABLE_STATES:
                raise NotInThisState(_("This application can no longer be changed."))
            raise EditConflict()
        application.refresh_from_db()
        log(
            instance=application,
            action="members.application.change",
            user=by,
            data={"fields": sorted(answers)},
        )
    return application


def belongs_to(user, organisation):
    return Membership.objects.filter(user=user, organisation=organisation).exists()


def may_change_application(application, by):
    return application.state in EDITABLE_STATES and by.has_perm(
        "members.apply_for_seal", application.organisation
    )


def check_applicant(application, by):
    require(
        by,
        "members.apply_for_seal",
        application.organisation,
        _("Only an owner of the organisation can do this."),
    )


def attachment_add(*, application, by, upload):
    """Attach a document after checking what it is by its content, its size and how many the
    application has. It is stored under a name from its type, and the name the member gave it
    is kept for the download."""
    check_applicant(application, by)
    try:
        content_type = check_attachment(upload)
    except UploadRefused as refusal:
        raise InvalidInput(refusal.message) from None
    given_name = upload.name[:200]
    with discarded_on_failure(), transaction.atomic():
        locked = lock_editable(application)
        if locked.attachments.count() >= settings.MEMBER_ATTACHMENTS_PER_APPLICATION:
            raise InvalidInput(
                _("An application can have at most %(count)d attachments.")
                % {"count": settings.MEMBER_ATTACHMENTS_PER_APPLICATION}
            )
        with refused_while_store_unavailable():
            attachment = ApplicationAttachment.objects.create(
                application=application,
                file=named_by_content(upload, "document", content_type),
                name=given_name,
                content_type=content_type,
                size=upload.size,
                uploaded_by=by,
            )
        log(
            instance=application,
            action="members.application.attach",
            user=by,
            data={"name": attachment.name},
        )
    return attachment


def attachment_remove(*, attachment, by):
    application = attachment.application
    check_applicant(application, by)
    with transaction.atomic():
        lock_editable(application)
        attachment.delete()
        # By the task worker: a store that cannot be reached just now delays the file's
        # deletion, not the member's removal.
        transaction.on_commit(
            partial(delete_stored_file.enqueue, "member_files", attachment.file.name)
        )
        log(
            instance=application,
            action="members.application.detach",
            user=by,
            data={"name": attachment.name},
        )


def lock_editable(application):
    """The application, locked against a step taken at the same time, if it may still change."""
    locked = SealApplication.objects.select_for_update().get(pk=application.pk)
    if locked.state not in EDITABLE_STATES:
        raise NotInThisState(_("This application can no longer be changed."))
    return locked


def may_take(application, by, actor):
    if not (by and by.is_active):
        return False
    if actor == "applicant":
        return by.has_perm("members.apply_for_seal", application.organisation)
    if belongs_to(by, application.organisation):
        # Nobody reviews or decides on their own organisation's application.
        return False
    if actor == "reviewer":
        return by.has_perm("members.review_sealapplication", application) or by.has_perm(
            "members.decide_sealapplication"
        )
    return by.has_perm("members.decide_sealapplication")


def allowed_transitions(application, by):
    """The transitions ``by`` may take now, for the buttons a screen offers."""
    return [
        name
        for name, transition in APPLICATION_TRANSITIONS.items()
        if application.state in transition.sources and may_take(application, by, transition.actor)
    ]


def transition_application(name, *, application, by, comment="", then=None):
    """Move the application along ``name`` of the table; ``then(application)`` runs inside the
    transaction, after the state changed."""
    transition = APPLICATION_TRANSITIONS[name]
    if not may_take(application, by, transition.actor):
        raise ActionNotAllowed()
    with transaction.atomic():
        locked = SealApplication.objects.select_for_update().get(pk=application.pk)
        if locked.state not in transition.sources:
            raise NotInThisState(
                _("This application is “%(state)s” now; this step is no longer possible.")
                % {"state": locked.get_state_display()}
            )
        source = locked.state
        now = timezone.now()
        changes = {"state": transition.target, "version": locked.version + 1}
        if transition.target == State.SUBMITTED:
            changes["submitted_at"] = now
        if transition.target in {State.APPROVED, State.REJECTED}:
            changes["decided_at"] = now
        if transition.target == State.CHANGES_REQUESTED:
            changes["recommendation"] = ""
        # The state it was read in is part of the condition, so that of two decisions taken at
        # once only one can win, whatever the database's locking.
        if not SealApplication.objects.filter(pk=locked.pk, state=source).update(**changes):
            raise NotInThisState(_("Someone else decided on this application in the meantime."))
        for field, value in changes.items():
            setattr(application, field, value)
        log(
            instance=application,
            action=f"members.application.{name}",
            user=by,
            data={"from": source, "to": transition.target, "comment": comment},
        )
        if then:
            then(application)
    return application


def application_submit(*, application, by):
    def after(application):
        assign_reviewers(application)
        notify_organisation(
            application.organisation, "application_submitted", application=application
        )
        notify_reviewers(application, "application_for_review")

    return transition_application("submit", application=application, by=by, then=after)


def application_start_review(*, application, by):
    def after(application):
        notify_organisation(
            application.organisation, "application_in_review", application=application
        )

    return transition_application("start_review", application=application, by=by, then=after)


def application_request_changes(*, application, by, comment):
    comment = required_comment(comment, _("Please say which changes you request."))

    def after(application):
        notify_organisation(
            application.organisation,
            "application_changes_requested",
            application=application,
            comment=comment,
        )

    return transition_application(
        "request_changes", application=application, by=by, comment=comment, then=after
    )


def application_answer(*, application, by, comment):
    """The applicant answers a change request; the application goes back into review."""
    comment = required_comment(comment, _("Please describe what you changed."))

    def after(application):
        notify_reviewers(application, "application_answered", comment=comment)

    return transition_application(
        "answer", application=application, by=by, comment=comment, then=after
    )


def application_approve(*, application, by, comment="", today=None):
    """Approve, and issue the seal or extend the renewed one in the same transaction."""

    def after(application):
        seal = issue_or_extend_seal(application, by, today or timezone.localdate())
        notify_organisation(
            application.organisation, "application_approved", application=application, seal=seal
        )

    return transition_application(
        "approve", application=application, by=by, comment=comment, then=after
    )


def application_reject(*, application, by, comment):
    comment = required_comment(comment, _("Please give the reason for the rejection."))

    def after(application):
        notify_organisation(
            application.organisation,
            "application_rejected",
            application=application,
            comment=comment,
        )

    return transition_application(
        "reject", application=application, by=by, comment=comment, then=after
    )


def application_withdraw(*, application, by):
    return transition_application("withdraw", application=application, by=by)


def required_comment(comment, message):
    comment = (comment or "").strip()
    if not comment:
        raise InvalidInput(message)
    return comment


def application_comment(*, application, by, comment, for_applicant=False):
    """A reviewer's note: for the committee only, or also for the applicant to read."""
    if not may_take(application, by, "reviewer"):
        raise ActionNotAllowed()
    comment = required_comment(comment, _("Please write a comment."))
    if application.state not in REVIEW_STATES:
        raise NotInThisState(_("This application is no longer under review."))
    with transaction.atomic():
        log(
            instance=application,
            action="members.application.comment",
            user=by,
            data={"comment": comment, "for_applicant": for_applicant},
        )


def application_recommend(*, application, by, recommendation, comment=""):
    """A reviewer recommends a decision to the committee; the application stays in review."""
    if not may_take(application, by, "reviewer"):
        raise ActionNotAllowed()
    if recommendation not in Recommendation.values:
        raise InvalidInput(_("Please recommend approval or rejection."))
    with transaction.atomic():
        locked = SealApplication.objects.select_for_update().get(pk=application.pk)
        if locked.state != State.IN_REVIEW:
            raise NotInThisState(_("Only an application in review can be recommended."))
        SealApplication.objects.filter(pk=locked.pk).update(recommendation=recommendation)
        application.recommendation = recommendation
        log(
            instance=application,
            action="members.application.recommend",
            user=by,
            data={"recommendation": recommendation, "comment": (comment or "").strip()},
        )
        notify_committee(
            application,
            "application_recommended",
            recommendation=Recommendation(recommendation).label,
            comment=(comment or "").strip(),
        )
    return application


# Reviewers


def matching_assignments(application):
    organisation = application.organisation
    return ReviewerAssignment.objects.filter(
        Q(district_id=organisation.district_id) | Q(sector__in=organisation.sectors.values("pk"))
    )


def assign_reviewers(application):
    """Give every reviewer of the organisation's district or sectors the application."""
    reviewers = (
        get_user_model()
        .objects.filter(pk__in=matching_assignments(application).values("reviewer"), is_active=True)
        .exclude(memberships__organisation=application.organisation)
    )
    for reviewer in reviewers:
        assign_perm("members.review_sealapplication", reviewer, application)
        assign_perm("members.view_sealapplication", reviewer, application)


def reviewer_assign(*, reviewer, by, district=None, sector=None):
    """Make ``reviewer`` responsible for a district or a sector, including the applications
    already open there."""
    require(by, "members.add_reviewerassignment")
    with transaction.atomic():
        assignment, _created = ReviewerAssignment.objects.get_or_create(
            reviewer=reviewer, district=district, sector=sector
        )
        reviewer.groups.add(Group.objects.get(name=REVIEWER_GROUP))
        open_here = SealApplication.objects.exclude(
            state__in=[State.DRAFT, State.APPROVED, State.REJECTED, State.WITHDRAWN]
        ).filter(
            Q(organisation__district=district) if district else Q(organisation__sectors=sector)
        )
        for application in open_here.exclude(organisation__memberships__user=reviewer).distinct():
            assign_perm("members.review_sealapplication", reviewer, application)
            assign_perm("members.view_sealapplication", reviewer, application)
        log(
            instance=assignment,
            action="members.reviewer.assign",
            user=by,
        )
    return assignment


def reviewer_unassign(*, assignment, by):
    """Take a district or a sector from a reviewer, and with it the open applications there that
    none of the reviewer's other assignments covers. Decided applications stay readable to the
    reviewer who worked on them."""
    require(by, "members.delete_reviewerassignment")
    with transaction.atomic():
        assignment = (
            ReviewerAssignment.objects.select_for_update(of=("self",))
            .select_related("reviewer", "district", "sector")
            .get(pk=assignment.pk)
        )
        reviewer = assignment.reviewer
        others = ReviewerAssignment.objects.filter(reviewer=reviewer).exclude(pk=assignment.pk)
        still_covered = SealApplication.objects.filter(
            Q(organisation__district__in=others.values("district"))
            | Q(organisation__sectors__in=others.values("sector"))
        )
        here = (
            Q(organisation__district=assignment.district_id)
            if assignment.district_id
            else Q(organisation__sectors=assignment.sector_id)
        )
        released = (
            SealApplication.objects.filter(here)
            .exclude(state__in=[State.DRAFT, State.APPROVED, State.REJECTED, State.WITHDRAWN])
            .exclude(pk__in=still_covered.values("pk"))
            .distinct()
        )
        for application in released:
            remove_perm("members.review_sealapplication", reviewer, application)
            remove_perm("members.view_sealapplication", reviewer, application)
        # Logged before the row goes, so that the entry can name it.
        log(
            instance=assignment,
            action="members.reviewer.unassign",
            user=by,
            data={
                "reviewer": reviewer.get_username(),
                "applications": sorted(application.pk for application in released),
            },
        )
        assignment.delete()


# Seals


def issue_or_extend_seal(application, by, today):
    validity = relativedelta(months=settings.SEAL_VALIDITY_MONTHS)
    now = timezone.now()
    if application.renews_id:
        seal = Seal.objects.select_for_update().get(pk=application.renews_id)
        if seal.status == SealStatus.REVOKED:
            raise NotInThisState(
                _("The seal this application renews has been revoked; it cannot be renewed.")
            )
        # A renewal decided before the end adds a full period to it; one decided after starts
        # the new period on the day of the decision.
        seal.valid_until = max(seal.valid_until, today) + validity
        seal.reminded_for = None
        seal.save(update_fields=["valid_until", "reminded_for"])
        transaction.on_commit(partial(badge_answers.forget, seal.token))
        badge_pictures.draw_ahead_after_commit(seal)
        log(
            instance=seal,
            action="members.seal.renew",
            user=by,
            data={"valid_until": seal.valid_until.isoformat(), "application": application.pk},
        )
        return seal
    # A decision recorded for an earlier day (the demo's history) is issued on that day, so
    # that no credential says it was issued after it expired.
    issued_at = timezone.make_aware(datetime.combine(today, timezone.localtime(now).time()))
    seal = Seal.objects.create(
        organisation=application.organisation,
        serial_number=next_serial_number(today.year),
        valid_from=today,
        valid_until=today + validity,
        issued_at=issued_at,
        status_changed_at=issued_at,
    )
    badge_pictures.draw_ahead_after_commit(seal)
    log(
        instance=seal,
        action="members.seal.issue",
        user=by,
        data={
            "serial_number": seal.serial_number,
            "valid_from": seal.valid_from.isoformat(),
            "valid_until": seal.valid_until.isoformat(),
            "application": application.pk,
        },
    )
    return seal


def next_serial_number(year):
    """``SR-<year>-<six digits>``, the next of the year, under a lock on the year's counter that
    holds until the issuing transaction ends."""
    SealSerialCounter.objects.bulk_create([SealSerialCounter(year=year)], ignore_conflicts=True)
    counter = SealSerialCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"SR-{year}-{counter.last_number:06d}"


def change_seal_status(name, *, seal, by, reason):
    require(by, "members.manage_seal", message=_("Only the seal committee can do this."))
    sources, target = SEAL_TRANSITIONS[name]
    with transaction.atomic():
        locked = Seal.objects.select_for_update().get(pk=seal.pk)
        if locked.status not in sources:
            raise NotInThisState(
                _("This seal is “%(status)s”; this step is not possible.")
                % {"status": locked.get_status_display()}
            )
        source = locked.status
        locked.status = target
        locked.status_changed_at = timezone.now()
        locked.status_reason = reason if target != SealStatus.ACTIVE else ""
        locked.save(update_fields=["status", "status_changed_at", "status_reason"])
        transaction.on_commit(partial(badge_answers.forget, locked.token))
        badge_pictures.draw_ahead_after_commit(locked)
        log(
            instance=locked,
            action=f"members.seal.{name}",
            user=by,
            data={"from": source, "to": target, "reason": reason},
        )
        notify_organisation(locked.organisation, f"seal_{name}", seal=locked, reason=reason)
    for field in ("status", "status_changed_at", "status_reason"):
        setattr(seal, field, getattr(locked, field))
    return seal


def seal_suspend(*, seal, by, reason):
    return change_seal_status(
        "suspend",
        seal=seal,
        by=by,
        reason=required_comment(reason, _("Please give the reason for the suspension.")),
    )


def seal_reinstate(*, seal, by, reason=""):
    return change_seal_status("reinstate", seal=seal, by=by, reason=(reason or "").strip())


def seal_revoke(*, seal, by, reason):
    return change_seal_status(
        "revoke",
        seal=seal,
        by=by,
        reason=required_comment(reason, _("Please give the reason for the revocation.")),
    )


def seal_reminders_send(*, today=None):
    """Remind the owners of every active seal that ends within the reminder period, once per
    period: a second run on the same day, or any later one, sends nothing again."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.SEAL_REMINDER_DAYS)
    due = Seal.objects.filter(
        status=SealStatus.ACTIVE, valid_until__gte=today, valid_until__lte=horizon
    ).exclude(reminded_for=F("valid_until"))
    sent = 0
    for seal in due.select_related("organisation"):
        with transaction.atomic():
            claimed = (
                Seal.objects.filter(pk=seal.pk)
                .exclude(reminded_for=F("valid_until"))
                .update(reminded_for=seal.valid_until)
            )
            if not claimed:
                continue
            log(
                instance=seal,
                action="members.seal.remind",
                data={"valid_until": seal.valid_until.isoformat()},
            )
            notify_organisation(seal.organisation, "seal_expiry_reminder", seal=seal)
            sent += 1
    return sent


# Ambassadors


def ambassador_appoint(*, by, **fields):
    require(by, "members.appoint_ambassador", message=_("Only the seal committee can do this."))
    ambassador = Ambassador(appointed_by=by, **fields)
    ambassador.full_clean()
    with transaction.atomic():
        ambassador.save()
        log(instance=ambassador, action="members.ambassador.appoint", user=by)
    return ambassador


def ambassador_end(*, ambassador, by, on=None):
    """End a term early, on ``on`` (today by default)."""
    require(by, "members.appoint_ambassador", message=_("Only the seal committee can do this."))
    on = on or timezone.localdate()
    with transaction.atomic():
        Ambassador.objects.filter(pk=ambassador.pk).update(
            term_end=max(on, ambassador.term_start + timedelta(days=1))
        )
        ambassador.refresh_from_db()
        fragments.forget_all()
        if ambassador.organisation_id:
            request_reindex(ambassador.organisation)
        log(
            instance=ambassador,
            action="members.ambassador.end",
            user=by,
            data={"term_end": ambassador.term_end.isoformat()},
        )
    return ambassador
