from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
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

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("funding notice")
        verbose_name_plural = _("funding notices")

    def __str__(self):
        return self.name


class ContactPerson(TranslatableMixin, models.Model):
    """Someone visitors can turn to; pages and the footer point to them."""

    name = models.CharField(_("name"), max_length=255)
    role = models.CharField(_("role"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    street = models.CharField(_("street and number"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    fax = models.CharField(_("fax"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("street"),
                FieldPanel("postal_code"),
                FieldPanel("city"),
            ],
            heading=_("Address"),
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("fax"), FieldPanel("email")],
            heading=_("Reachable at"),
        ),
    ]

    # Only the role is language-dependent; names, addresses and numbers stay as they are.
    translatable_fields = [
        TranslatableField("role"),
        SynchronizedField("name"),
        SynchronizedField("organisation"),
        SynchronizedField("street"),
        SynchronizedField("postal_code"),
        SynchronizedField("city"),
        SynchronizedField("phone"),
        SynchronizedField("fax"),
        SynchronizedField("email"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


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

    panels = [
        HelpPanel(template="cms/panels/footer_help.html"),
        FieldPanel("contact"),
        FieldPanel("funding_notice"),
    ]
    select_related = ["contact__locale", "funding_notice__locale"]

    class Meta:
        verbose_name = _("site settings")


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
