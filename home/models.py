from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.blocks import BodyBlock
from cms.pages import SitePage
from cms.panels import TranslationStatusPanel


class HomePage(SitePage):
    """The start page of one language of the site."""

    heading = models.CharField(
        _("heading"),
        max_length=255,
        blank=True,
        help_text=_("The main heading of the page; the page title when left empty."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("content"), blank=True)

    parent_page_types = ["wagtailcore.Page"]

    content_panels = [
        TranslationStatusPanel(),
        *Page.content_panels,
        FieldPanel("heading"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("heading"),
        index.SearchField("intro"),
        index.SearchField("body"),
        # The admin's page search matches autocomplete fields only.
        index.AutocompleteField("heading"),
        index.AutocompleteField("intro"),
        index.AutocompleteField("body"),
    ]

    class Meta:
        verbose_name = _("home page")

    @property
    def display_heading(self):
        return self.heading or self.title

    def get_admin_display_title(self):
        """Both home pages are titled like the site; the admin names their language too."""
        return f"{super().get_admin_display_title()} ({self.locale.get_display_name()})"


class StandardPage(SitePage):
    """A page of text and media anywhere in the tree: about us, imprint, background pages."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("content"), blank=True)

    content_panels = [
        TranslationStatusPanel(),
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    # A page added below the home page belongs in the menu unless the editor says otherwise.
    show_in_menus_default = True

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.AutocompleteField("intro"),
        index.AutocompleteField("body"),
    ]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


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
