from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import InlinePanel

from cms.models import PageContact
from cms.navigation import contact_persons, in_language
from cms.pages import ContentPage

from .lead_projects import LeadProjectPage


class SectorIndexPage(ContentPage):
    """The sectors (Kompetenzfelder) of the region, as tiles."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.SectorPage"]
    max_count_per_parent = 1
    show_in_menus_default = True

    class Meta:
        verbose_name = _("sector index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sectors"] = (
            SectorPage.objects.live().child_of(self).select_related("listing_image")
        )
        return context


class SectorPage(ContentPage):
    """One sector: what it is about, who to ask, and its lead projects, listed automatically."""

    parent_page_types = ["home.SectorIndexPage"]
    subpage_types = ["home.StandardPage", "home.IdeaCallPage"]

    content_panels = [
        *ContentPage.content_panels,
        InlinePanel("contacts", heading=_("Contact persons"), label=_("Contact person")),
    ]

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def lead_projects(self):
        """The published lead projects of this sector, each in the page's language where it is
        translated: they name the sector in any of its languages, as translations copy it."""
        projects = (
            LeadProjectPage.objects.live()
            .filter(sectors__translation_key=self.translation_key)
            .select_related("listing_image")
            .order_by("title")
            .distinct()
        )
        return in_language(projects, self.locale_id)

    def contact_persons(self):
        return contact_persons(self)


class SectorContact(PageContact):
    page = ParentalKey(SectorPage, related_name="contacts")
