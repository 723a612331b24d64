from django.urls import path
from django.utils.translation import pgettext_lazy

from .views import account, badges, directory, portal

app_name = "members"

# Translated addresses, like the pages: /de/mitgliederbereich/…, /en/member-area/…; the
# directory at /de/mitglieder/…, /en/members/…, where the ambassadors come before the profiles,
# whose addresses would otherwise take theirs.
urlpatterns = [
    path(pgettext_lazy("URL", "member-area/"), portal.portal, name="portal"),
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
    path(
        pgettext_lazy("URL", "member-area/organisations/new/"),
        portal.organisation_create,
        name="organisation_create",
    ),
    path(
        pgettext_lazy("URL", "member-area/organisations/<slug:slug>/"),
        portal.organisation_detail,
        name="organisation",
    ),
    path(
        pgettext_lazy("URL", "member-area/organisations/<slug:slug>/edit/"),
        portal.organisation_edit,
        name="organisation_edit",
    ),
    path(
        pgettext_lazy("URL", "member-area/organisations/<slug:slug>/people/"),
        portal.organisation_people,
        name="organisation_people",
    ),
    path(
        pgettext_lazy("URL", "member-area/organisations/<slug:slug>/apply/"),
        portal.application_start,
        name="application_start",
    ),
    path(
        pgettext_lazy("URL", "member-area/applications/<int:pk>/"),
        portal.application_detail,
        name="application",
    ),
    path(
        pgettext_lazy("URL", "member-area/applications/<int:pk>/attachments/<int:attachment>/"),
        portal.attachment_download,
        name="attachment",
    ),
    path(
        pgettext_lazy("URL", "member-area/invitations/<str:secret>/"),
        portal.invitation_accept,
        name="invitation",
    ),
    path(pgettext_lazy("URL", "seal/<str:token>/"), badges.badge, name="badge"),
    path(
        pgettext_lazy("URL", "seal/<str:token>.json"),
        badges.badge,
        {"as_json": True},
        name="badge_json",
    ),
    path(pgettext_lazy("URL", "members/"), directory.directory, name="directory"),
    path(pgettext_lazy("URL", "members/ambassadors/"), directory.ambassadors, name="ambassadors"),
    path(pgettext_lazy("URL", "members/<slug:slug>/"), directory.profile, name="profile"),
]
