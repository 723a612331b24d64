from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import InlinePanel
from wagtail.contrib.routable_page.models import path

from cms import seo
from cms.models import PageContact
from cms.navigation import contact_persons, in_language, public
from cms.pages import ContentPage, RoutableSitePageMixin, as_cards
from home.calendars import build_calendar, calendar_response

from .events import EventPage, event_index_in_language
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
        context["sectors"] = as_cards(
            SectorPage.objects.live().child_of(self).select_related("listing_image")
        )
        return context


class SectorPage(RoutableSitePageMixin, ContentPage):
    """One sector: what it is about, who to ask, and its lead projects and upcoming events,
    listed automatically; the events also as a calendar to subscribe to."""

    # How many of its upcoming events the page lists; the event index has them all.
    events_shown = 6

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
        return in_language(as_cards(projects), self.locale_id)

    def upcoming_events(self):
        """The published upcoming events of this sector, each in the page's language where it
        is translated, the soonest first."""
        return in_language(self.upcoming_events_of_all_languages(), self.locale_id)

    def upcoming_events_of_all_languages(self):
        # Whole rows: the calendar file shows more of each event than its card.
        return (
            public(EventPage.objects.live())
            .filter(sectors__translation_key=self.translation_key)
            .upcoming()
            .select_related("listing_image")
            .distinct()
        )

    def next_events(self):
        events = as_cards(self.upcoming_events_of_all_languages())
        return in_language(events, self.locale_id)[: self.events_shown]

    def event_index(self):
        """Where the visitor finds all of the sector's events, past ones too."""
        return event_index_in_language(self.locale_id)

    @path(pgettext_lazy("URL", "calendar.ics/"), name="calendar")
    def calendar(self, request):
        calendar = build_calendar(
            self.upcoming_events(),
            request=request,
            name=gettext("%(site)s: events in %(sector)s")
            % {"site": seo.site_name(request), "sector": self.title},
            uid=f"sector-events-{self.translation_key}",
        )
        return calendar_response(calendar, f"{self.slug}.ics")

    def contact_persons(self):
        return contact_persons(self)


class SectorContact(PageContact):
    page = ParentalKey(SectorPage, related_name="contacts")
