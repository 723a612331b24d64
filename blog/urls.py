from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "blog"

urlpatterns = [
    path(pgettext_lazy("URL", "member-area/posts/"), views.submissions, name="submissions"),
    path(pgettext_lazy("URL", "member-area/posts/new/"), views.submit, name="submit"),
    path(pgettext_lazy("URL", "member-area/posts/<int:pk>/"), views.revise, name="revise"),
]
