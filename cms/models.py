from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin


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


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the footer of every page shows. Settings cannot be translated, so the texts live in
    translatable snippets and the footer shows their translation for the visitor's language."""

    contact = models.ForeignKey(
        "home.ContactPerson",
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
