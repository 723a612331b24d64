from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from cms.navigation import public
from cms.pages import ContentPage, as_cards, for_serving

from .events import EventPage, event_index_in_language
from .lead_projects import LeadProjectPage
from .sectors import SectorPage


class HomePage(ContentPage):
    """The start page of one language of the site: a portal into sectors and lead projects."""

    heading = models.CharField(
        _("claim"),
        max_length=255,
        blank=True,
        help_text=_("The main heading over the hero image; the page title when left empty."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "home.SectorIndexPage",
        "home.LeadProjectIndexPage",
        "home.EventIndexPage",
        "home.IdeaCallPage",
        "blog.BlogIndexPage",
    ]
    max_count_per_parent = 1
    upcoming_events_shown = 3
    served_with = ("listing_image", "hero_image")

    content_panels = [
        *ContentPage.content_panels[:2],
        FieldPanel("heading"),
        FieldPanel("hero_image"),
        *ContentPage.content_panels[2:],
    ]
    search_fields = [
        *ContentPage.search_fields,
        index.SearchField("heading"),
        index.AutocompleteField("heading"),
    ]

    class Meta:
        verbose_name = _("home page")

    @property
    def display_heading(self):
        return self.heading or self.title

    def get_admin_display_title(self):
        """Both home pages are titled like the site; the admin names their language too."""
        return f"{super().get_admin_display_title()} ({self.locale.get_display_name()})"

    def route(self, request, path_components):
        """Find the page the URL names in one query by its URL path, where Wagtail asks the
        database level by level. What follows the deepest page found is that page's to answer
        (an archive or a calendar file of its own); a path that names no page at all goes
        Wagtail's way."""
        if not path_components:
            return super().route(request, path_components)
        url_paths = [
            f"{self.url_path}{'/'.join(path_components[:length])}/"
            for length in range(1, len(path_components) + 1)
        ]
        page = (
            Page.objects.filter(url_path__in=url_paths, path__startswith=self.path)
            .only("depth", "live", "content_type_id")
            .order_by("-depth")
            .first()
        )
        if page is None:
            return super().route(request, path_components)
        rest = path_components[page.depth - self.depth :]
        if not rest and not page.live:
            raise Http404
        found = for_serving(page)
        return found.route(request, rest) if rest else RouteResult(found)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sectors"] = as_cards(
            SectorPage.objects.live().descendant_of(self).select_related("listing_image")
        )
        context["lead_projects"] = as_cards(
            LeadProjectPage.objects.live()
            .descendant_of(self)
            .select_related("listing_image")
            .order_by("-first_published_at")[:3]
        )
        context["upcoming_events"] = as_cards(
            public(EventPage.objects.live().descendant_of(self))
            .upcoming()
            .select_related("listing_image")[: self.upcoming_events_shown]
        )
        context["event_index"] = event_index_in_language(self.locale_id)
        return context


class StandardPage(ContentPage):
    """A page of text and media anywhere in the tree: about us, imprint, background pages."""

    # A page added below the home page belongs in the menu unless the editor says otherwise.
    show_in_menus_default = True

    parent_page_types = [
        "home.HomePage",
        "home.StandardPage",
        "home.SectorPage",
        "home.LeadProjectPage",
    ]
    subpage_types = ["home.StandardPage", "home.IdeaCallPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
