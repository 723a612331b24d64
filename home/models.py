from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

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
