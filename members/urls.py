from django.urls import path
from django.utils.translation import pgettext_lazy

from .views import directory

app_name = "members"

# Translated like the pages: /de/mitglieder/…, /en/members/…. The ambassadors come before the
# profiles, whose addresses would otherwise take theirs.
urlpatterns = [
    path(pgettext_lazy("URL", "members/"), directory.directory, name="directory"),
    path(pgettext_lazy("URL", "members/ambassadors/"), directory.ambassadors, name="ambassadors"),
    path(pgettext_lazy("URL", "members/<slug:slug>/"), directory.profile, name="profile"),
]
