from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Region pages")

    def ready(self):
        from cms import fragments

        from .models import EventSeries, Venue

        # Event cards and pages show series and venues from the cache (see home.models.events).
        fragments.forget_when_changed(EventSeries, Venue)
