from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Region pages")

    def ready(self):
        from cms import fragments

        from .models import EventPage, EventSeries, Venue

        # Event cards and pages show series and venues from the cache (see home.models.events).
        fragments.forget_when_changed(EventSeries, Venue)

        from wagtail.signals import page_published

        from .registrations import places_changed

        page_published.connect(places_changed, sender=EventPage)
