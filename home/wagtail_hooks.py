from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import LocaleColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import EventSeries, Venue


class EventSeriesViewSet(SnippetViewSet):
    model = EventSeries
    icon = "list-ul"
    list_display = ["title", "motto", LocaleColumn(label=_("Language"))]
    search_fields = ["title", "motto"]


register_snippet(EventSeriesViewSet)


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "pick"
    list_display = ["name", "city", LocaleColumn(label=_("Language"))]
    search_fields = ["name", "city"]


register_snippet(VenueViewSet)
