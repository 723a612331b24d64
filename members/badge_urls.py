"""The seal's documents for programs: Open Badges 2.0 and 3.0, the issuer's keys, the status
lists and the badge images. They are the same in every language, so they live outside the
language prefixes, at addresses that stay fixed once a credential names them."""

from django.urls import path

from .views import credentials, openbadges2

app_name = "badges"

urlpatterns = [
    path("credentials/<str:token>", credentials.credential, name="credential"),
    path("status/<str:purpose>", credentials.status_list, name="status_list"),
    path("keys/<str:key_id>", credentials.key, name="key"),
    path("issuer", openbadges2.issuer, name="issuer"),
    path("seal", openbadges2.badge_class, name="badge_class"),
    path("revocations", openbadges2.revocation_list, name="revocation_list"),
    path("assertions/<str:token>", openbadges2.assertion, name="assertion"),
]
