from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.humanize.templatetags.humanize import ordinal
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField


class FundingNotice(TranslatableMixin, models.Model):
    """The funding body's required notice, shown in the footer of every page."""

    name = models.CharField(
        _("internal name"), max_length=100, help_text=_("Only shown in the admin.")
    )
    text = RichTextField(_("notice"), features=["bold", "italic", "link"])
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The funding body's emblem, e.g. the EU flag with its funding line."),
    )
    logo_alt_text = models.CharField(
        _("alternative text of the emblem"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the emblem says, for people who cannot see it, e.g. “Co-funded by the "
            "European Union”. It is translated with the notice; left empty, the image's "
            "description from the image library is read out."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("text"),
        FieldPanel("logo"),
        FieldPanel("logo_alt_text"),
    ]

    translatable_fields = [
        SynchronizedField("name"),
        TranslatableField("text"),
        SynchronizedField("logo"),
        TranslatableField("logo_alt_text"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("funding notice")
        verbose_name_plural = _("funding notices")

    def __str__(self):
        return self.name


class District(TranslatableMixin, models.Model):
    """A partner district of the initiative; lead projects, events, organisations and posts
    name the districts they belong to."""

    class Kind(models.TextChoices):
        RURAL_DISTRICT = "landkreis", _("rural district")
        URBAN_DISTRICT = "kreisfreie-stadt", _("urban district")
        HANSEATIC_CITY = "hansestadt", _("Hanseatic city")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_("The district's name in filter addresses, e.g. “lueneburg”."),
    )

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("slug")]

    translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("kind"),
        SynchronizedField("slug"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        # Lüneburg is a town and a district: the kind keeps them in one order everywhere.
        ordering = ["name", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_district_slug")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.name}"


class ContactPerson(TranslatableMixin, ClusterableModel):
    """Someone visitors can turn to; pages and the footer point to them."""

    academic_title = models.CharField(
        _("academic title"), max_length=40, blank=True, help_text=_("e.g. “Dr.”, “Prof.”, “M.A.”")
    )
    name = models.CharField(_("name"), max_length=255)
    role = models.CharField(_("role"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("academic_title"),
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("email"),
        FieldPanel("photo"),
        InlinePanel("addresses", heading=_("Offices"), label=_("Office"), min_num=1),
    ]

    # Names, addresses and numbers stay as they are; the role and office names are translated.
    translatable_fields = [
        SynchronizedField("academic_title"),
        SynchronizedField("name"),
        TranslatableField("role"),
        SynchronizedField("organisation"),
        SynchronizedField("email"),
        SynchronizedField("photo"),
        TranslatableField("addresses"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self):
        return f"{self.full_name} ({self.organisation})" if self.organisation else self.full_name

    @property
    @admin.display(description=_("name"), ordering="name")
    def full_name(self):
        return f"{self.academic_title} {self.name}" if self.academic_title else self.name


class OfficeAddress(TranslatableMixin, Orderable):
    """One office of a contact person; some work in two places."""

    contact = ParentalKey(ContactPerson, related_name="addresses", on_delete=models.CASCADE)
    unit = models.CharField(
        _("department"),
        max_length=255,
        blank=True,
        help_text=_("e.g. “Institut für Transformation, Wohnen und soziale Raumentwicklung”"),
    )
    street = models.CharField(_("street and number"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    building = models.CharField(_("building"), max_length=40, blank=True)
    room = models.CharField(_("room"), max_length=40, blank=True)
    floor = models.SmallIntegerField(
        _("floor"), null=True, blank=True, help_text=_("0 for the ground floor.")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    fax = models.CharField(_("fax"), max_length=40, blank=True)

    panels = [
        FieldPanel("unit"),
        FieldPanel("street"),
        FieldPanel("postal_code"),
        FieldPanel("city"),
        FieldPanel("building"),
        FieldPanel("room"),
        FieldPanel("floor"),
        FieldPanel("phone"),
        FieldPanel("fax"),
    ]

    translatable_fields = [
        TranslatableField("unit"),
        SynchronizedField("street"),
        SynchronizedField("postal_code"),
        SynchronizedField("city"),
        SynchronizedField("building"),
        SynchronizedField("room"),
        SynchronizedField("floor"),
        SynchronizedField("phone"),
        SynchronizedField("fax"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self):
        return ", ".join(part for part in [self.unit, self.street, self.city] if part)

    @property
    def floor_label(self):
        if self.floor is None:
            return ""
        if self.floor == 0:
            return gettext("ground floor")
        return gettext("%(ordinal)s floor") % {"ordinal": ordinal(self.floor)}


class PageContact(Orderable):
    """A contact person named on a page, in the editor's order. Subclasses add the ParentalKey
    to their page type; the contact shown is the snippet's translation for the page's language."""

    contact = models.ForeignKey(
        ContactPerson, verbose_name=_("contact person"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("contact")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the footer of every page shows. Settings cannot be translated, so the texts live in
    translatable snippets and the footer shows their translation for the visitor's language."""

    contact = models.ForeignKey(
        ContactPerson,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    funding_notice = models.ForeignKey(
        FundingNotice,
        verbose_name=_("funding notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    imprint_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("imprint"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        HelpPanel(template="cms/panels/footer_help.html"),
        FieldPanel("contact"),
        FieldPanel("funding_notice"),
        MultiFieldPanel(
            [
                PageChooserPanel("imprint_page"),
                PageChooserPanel("privacy_page"),
                PageChooserPanel("accessibility_page"),
            ],
            heading=_("Legal pages linked in the footer"),
        ),
    ]
    select_related = [
        "contact__locale",
        "funding_notice__locale",
        "imprint_page",
        "privacy_page",
        "accessibility_page",
    ]

    class Meta:
        verbose_name = _("site settings")


class LoadedDemoObject(models.Model):
    """What the demo loader created under which key of its data files, so that it creates
    nothing twice, however editors changed it since."""

    key = models.CharField(max_length=100, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=40)

    class Meta:
        verbose_name = _("loaded demo object")
        verbose_name_plural = _("loaded demo objects")

    def __str__(self):
        return self.key


class PasswordResetMail(models.Model):
    """A password-reset mail sent in the last hour, to limit how many one address receives.
    The address is kept only as a hash."""

    recipient = models.CharField(max_length=64, db_index=True)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("password reset mail")
        verbose_name_plural = _("password reset mails")

    def __str__(self):
        return f"{self.recipient[:12]}… {self.sent_at:%Y-%m-%d %H:%M}"


class OutgoingMail(models.Model):
    """An e-mail as it was written for its recipient, kept until the mail server has taken it.
    It is stored in the same transaction as what it reports, so that a mail server that is
    down delays the message and never loses it."""

    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=255)
    text_body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML"), blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"])]

    def __str__(self):
        return self.subject
