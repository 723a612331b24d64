from django.urls import path
from django.utils.translation import pgettext_lazy

from .views import account

app_name = "members"

# Translated addresses, like the pages: /de/mitgliederbereich/…, /en/member-area/….
urlpatterns = [
    path(pgettext_lazy("URL", "member-area/account/"), account.account, name="account"),
    path(
        pgettext_lazy("URL", "member-area/account/data/"),
        account.account_export,
        name="account_export",
    ),
    path(
        pgettext_lazy("URL", "member-area/account/delete/"),
        account.account_delete,
        name="account_delete",
    ),
]
