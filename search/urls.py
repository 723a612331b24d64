from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "search"

urlpatterns = [
    path(pgettext_lazy("URL", "search/"), views.results, name="results"),
    path(pgettext_lazy("URL", "search/suggestions/"), views.suggestions, name="suggestions"),
]
