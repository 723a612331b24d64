"""The seal registry's records: organisations and the people in them, seal applications and
their review, seals and ambassadors.

The models hold data and its invariants only. Every change of state goes through
``members.services``, which checks the transition, the actor's permission and records the audit
entry; a status is never a form field.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.models import District

from .uploads import private_storage

# The groups of the review, made by a migration: reviewers see the applications assigned to
# them, the committee decides and runs seals and ambassadors.
REVIEWER_GROUP = "Gutachter"
COMMITTEE_GROUP = "Siegelkomitee"


def in_default_language():
    """Organisations, reviewers and ambassadors name sectors and districts in the source
    language; their translations follow."""
    return Q(locale__language_code=settings.LANGUAGE_CODE)


# Bits in each Bitstring Status List: the specification's minimum, 16 KB before compression,
# which hides any one seal among many.
STATUS_LIST_LENGTH = 131_072


def public_token():
    """The seal's address in its badge URL: 192 random bits, URL-safe, 32 characters."""
    return secrets.token_urlsafe(24)


def token_digest(token):
    """What a seal is looked up by: comparing digests in the database tells nothing about how
    close a guessed token came to a real one."""
    return hashlib.sha256(token.encode()).hexdigest()


class Profile(models.Model):
    """What a member chose for themselves beyond the login: the language of their e-mails."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_profile"
    )
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("E-mails from SMART REGION come in this language."),
    )

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self):
        return str(self.user)


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("company")
    UNIVERSITY = "university", _("university")
    RESEARCH_INSTITUTE = "research-institute", _("research institute")
    MUNICIPALITY = "municipality", _("municipality")
    ASSOCIATION = "association", _("association")


class Organisation(models.Model):
    """A company or institution of the region that applies for, and may hold, the seal."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    legal_form = models.CharField(
        _("legal form"), max_length=60, blank=True, help_text=_("For example GmbH, e. V. or AöR.")
    )
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="organisations",
        limit_choices_to=in_default_language,
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sectors = models.ManyToManyField(
        "home.SectorPage",
        verbose_name=_("sectors"),
        blank=True,
        related_name="organisations",
        limit_choices_to=in_default_language,
    )
    description_de = models.TextField(_("description in German"), max_length=3000)
    description_en = models.TextField(_("description in English"), max_length=3000, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # Raised by every save through the services: a form sent with an older number was filled in
    # before someone else's change and is refused instead of overwriting it.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        permissions = [
            ("manage_organisation_members", _("Can invite and remove the organisation's people")),
            ("apply_for_seal", _("Can apply for the seal for the organisation")),
        ]

    def __str__(self):
        return self.name

    def description(self, language_code):
        """The description in the visitor's language, the German one where there is no other."""
        if language_code == "en" and self.description_en:
            return self.description_en
        return self.description_de


class Role(models.TextChoices):
    OWNER = "owner", _("owner")
    EDITOR = "editor", _("editor")


class Membership(models.Model):
    """A person's role in an organisation. The object permissions that follow from it are granted
    and taken back by the services together with the row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_user")
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class InvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An owner's invitation of a colleague by e-mail. Only a digest of the link's secret is
    stored; the link works once and until ``expires_at``."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    # The invitation mail's language: the one the owner used when inviting.
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    secret_digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self):
        return self.accepted_at is None and self.expires_at > timezone.now()


class ApplicationState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("application state", "draft")
    SUBMITTED = "submitted", pgettext_lazy("application state", "submitted")
    IN_REVIEW = "in-review", pgettext_lazy("application state", "in review")
    CHANGES_REQUESTED = "changes-requested", pgettext_lazy("application state", "changes requested")
    APPROVED = "approved", pgettext_lazy("application state", "approved")
    REJECTED = "rejected", pgettext_lazy("application state", "rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("application state", "withdrawn")


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("approve")
    REJECT = "reject", _("reject")


class SealApplication(models.Model):
    """An organisation's application for the seal, or for the renewal of its seal, with its
    answers to the criteria."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    renews = models.ForeignKey(
        "Seal",
        verbose_name=_("renews seal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewals",
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ApplicationState.choices,
        default=ApplicationState.DRAFT,
        db_index=True,
    )
    digital_activities = models.TextField(
        _("digital activities"),
        max_length=5000,
        help_text=_("What does your organisation do digitally: products, services, processes?"),
    )
    references = models.TextField(
        _("references"),
        max_length=5000,
        help_text=_("Projects, customers or partners who can confirm your work."),
    )
    regional_commitment = models.TextField(
        _("commitment to the region"),
        max_length=5000,
        help_text=_("How does your organisation take part in the region's digital change?"),
    )
    recommendation = models.CharField(
        _("reviewers' recommendation"),
        max_length=10,
        choices=Recommendation.choices,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("seal application")
        verbose_name_plural = _("seal applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=~Q(state__in=["approved", "rejected", "withdrawn"]),
                name="one_open_application_per_organisation",
            )
        ]
        permissions = [
            ("review_sealapplication", _("Can review the seal application")),
            ("decide_sealapplication", _("Can approve or reject seal applications")),
        ]

    def __str__(self):
        return _("Application of %(organisation)s") % {"organisation": self.organisation}

    @property
    def is_open(self):
        return self.state not in {
            ApplicationState.APPROVED,
            ApplicationState.REJECTED,
            ApplicationState.WITHDRAWN,
        }


def attachment_path(attachment, filename):
    # A random folder: the stored name says nothing and cannot be guessed.
    return f"applications/{attachment.application_id}/{secrets.token_hex(8)}/{filename}"


class ApplicationAttachment(models.Model):
    """A document that supports an application; it is served only to the organisation's people
    and its reviewers, never from the public media address."""

    application = models.ForeignKey(
        SealApplication, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("file"), upload_to=attachment_path, storage=private_storage, max_length=300
    )
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.name


class ReviewerAssignment(models.Model):
    """A reviewer's responsibility for the applications from a district or in a sector."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="review_assignments",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to=in_default_language,
    )
    sector = models.ForeignKey(
        "home.SectorPage",
        verbose_name=_("sector"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to=in_default_language,
    )

    class Meta:
        verbose_name = _("reviewer assignment")
        verbose_name_plural = _("reviewer assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(district__isnull=False, sector__isnull=True)
                | Q(district__isnull=True, sector__isnull=False),
                name="reviewer_for_district_or_sector",
            ),
            models.UniqueConstraint(
                fields=["reviewer", "district"], name="one_assignment_per_district"
            ),
            models.UniqueConstraint(
                fields=["reviewer", "sector"], name="one_assignment_per_sector"
            ),
        ]

    def __str__(self):
        return f"{self.reviewer}: {self.district or self.sector}"


class SealStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("seal status", "active")
    SUSPENDED = "suspended", pgettext_lazy("seal status", "suspended")
    REVOKED = "revoked", pgettext_lazy("seal status", "revoked")


class Seal(models.Model):
    """The seal "Part of SMART REGION" held by an organisation. Expiry is not a status: a seal
    past ``valid_until`` is expired whatever its status says."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("holder"), on_delete=models.PROTECT, related_name="seals"
    )
    serial_number = models.CharField(_("serial number"), max_length=20, unique=True)
    token = models.CharField(max_length=64, unique=True, default=public_token, editable=False)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=SealStatus.choices, default=SealStatus.ACTIVE
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    issued_at = models.DateTimeField(_("issued"))
    status_changed_at = models.DateTimeField(_("status changed"))
    status_reason = models.TextField(
        _("public reason"),
        blank=True,
        help_text=_("Shown on the badge page of a suspended or revoked seal."),
    )
    # valid_until of the period a reminder was sent for: the reminder command sends one per
    # period however often it runs, and again after a renewal.
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    # The seal's bit in the published status lists, drawn at random so that a neighbouring
    # bit says nothing about when another seal was issued.
    status_list_index = models.PositiveIntegerField(unique=True, editable=False)
    # The signed Open Badges 3.0 credential exactly as signed: served byte for byte, since
    # any rebuilt text (a date written differently) would no longer match its proof.
    credential = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("seal")
        verbose_name_plural = _("seals")
        ordering = ["-issued_at"]
        permissions = [("manage_seal", _("Can suspend, reinstate and revoke seals"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("valid_from")), name="seal_period_not_empty"
            ),
            # One seal an organisation holds or held without revocation; a renewal extends it.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=~Q(status="revoked"),
                name="one_standing_seal_per_organisation",
            ),
        ]

    def __str__(self):
        return self.serial_number

    def save(self, *args, **kwargs):
        self.token_digest = token_digest(self.token)
        if self.status_list_index is None:
            self.status_list_index = unused_status_list_index()
        super().save(*args, **kwargs)

    def is_expired(self, today=None):
        return self.valid_until < (today or timezone.localdate())

    def is_valid(self, today=None):
        return self.status == SealStatus.ACTIVE and not self.is_expired(today)


def unused_status_list_index():
    taken = set(Seal.objects.values_list("status_list_index", flat=True))
    if len(taken) >= STATUS_LIST_LENGTH:
        raise RuntimeError("The status lists are full.")
    while True:
        index = secrets.randbelow(STATUS_LIST_LENGTH)
        if index not in taken:
            return index


class IssuerKey(models.Model):
    """A key the issuer signs credentials with. Only its public half is stored here; it stays
    published after a rotation, so that every credential it signed still verifies. The
    private half comes from the environment or a file outside the repository."""

    key_id = models.CharField(_("key id"), max_length=40, unique=True)
    public_key_multibase = models.CharField(_("public key"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["created_at"]

    def __str__(self):
        return self.key_id


class StatusPurpose(models.TextChoices):
    REVOCATION = "revocation", _("revocation")
    SUSPENSION = "suspension", _("suspension")


class StatusListCredential(models.Model):
    """The signed Bitstring Status List of one purpose, kept as signed and signed again when
    a seal's status changes what it says."""

    purpose = models.CharField(max_length=10, choices=StatusPurpose.choices, primary_key=True)
    encoded_list = models.TextField()
    credential = models.TextField()
    signed_at = models.DateTimeField()

    def __str__(self):
        return self.purpose


class SealSerialCounter(models.Model):
    """The last serial number given in a year. Taken under a row lock in the transaction that
    issues the seal, so numbers are unique and, since a failed issue rolls the counter back,
    without gaps."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Ambassador(models.Model):
    """An organisation or a person the committee named to speak for the seal in a sector or a
    district, for a term."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ambassador_roles",
    )
    person_name = models.CharField(
        _("person"), max_length=200, blank=True, help_text=_("Leave empty for an organisation.")
    )
    person_role = models.CharField(_("role of the person"), max_length=200, blank=True)
    sector = models.ForeignKey(
        "home.SectorPage",
        verbose_name=_("sector"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=in_default_language,
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=in_default_language,
    )
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    statement_de = models.TextField(_("statement in German"), max_length=1000)
    statement_en = models.TextField(_("statement in English"), max_length=1000, blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    appointed_at = models.DateTimeField(_("appointed"), auto_now_add=True)

    class Meta:
        verbose_name = _("ambassador")
        verbose_name_plural = _("ambassadors")
        ordering = ["term_start"]
        permissions = [("appoint_ambassador", _("Can name and end ambassadors"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(person_name=""),
                name="ambassador_is_organisation_or_person",
            ),
            models.CheckConstraint(
                condition=Q(sector__isnull=False) | Q(district__isnull=False),
                name="ambassador_for_sector_or_district",
            ),
            models.CheckConstraint(
                condition=Q(term_end__gt=models.F("term_start")), name="ambassador_term_not_empty"
            ),
        ]

    def __str__(self):
        return self.person_name or str(self.organisation)

    def statement(self, language_code):
        if language_code == "en" and self.statement_en:
            return self.statement_en
        return self.statement_de
