from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.ui.tables import LocaleColumn
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import RegistrationViewSet
from .models import EventPage, EventSeries, Venue
from .registrations import source_event


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


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return RegistrationViewSet()


@hooks.register("register_page_listing_more_buttons")
def event_registration_buttons(page, user, next_url=None):
    if not issubclass(page.specific_class, EventPage) or not page.specific.takes_registrations:
        return
    if not user.has_perm("home.view_registration"):
        return
    source = source_event(page.specific)
    yield Button(
        _("Registrations"),
        f"{reverse('registrations:index')}?event={source.pk}",
        icon_name="group",
        priority=60,
    )
    yield Button(
        _("Print attendance list"),
        reverse("registrations:attendance", args=[source.pk]),
        icon_name="doc-full",
        priority=61,
    )


@hooks.register("register_log_actions")
def registration_log_actions(actions):
    actions.register_action(
        "home.registration.create",
        pgettext_lazy("log action", "Register"),
        pgettext_lazy("log action", "Registered"),
    )
    actions.register_action(
        "home.registration.wait", _("Join the waiting list"), _("Joined the waiting list")
    )
    actions.register_action(
        "home.registration.move_up", _("Move up"), _("Moved up from the waiting list")
    )
    actions.register_action(
        "home.registration.cancel", _("Cancel registration"), _("Registration cancelled")
    )
