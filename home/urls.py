from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

# The addresses are translated, like the pages: /de/anmeldungen/…, /en/registrations/….
urlpatterns = [
    path(
        pgettext_lazy("URL", "registrations/<str:token>/"),
        views.registration_detail,
        name="registration_detail",
    ),
    path(
        pgettext_lazy("URL", "registrations/<str:token>/cancel/"),
        views.registration_cancel,
        name="registration_cancel",
    ),
]
