"""The review's groups and what they may do. Made after every migrate, and after a test run's
flush, as Django makes permissions: a deployment, a fresh clone and an emptied test database
all have them."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from .models import COMMITTEE_GROUP, REVIEWER_GROUP

COMMITTEE_PERMISSIONS = [
    "decide_sealapplication",
    "view_sealapplication",
    "manage_seal",
    "view_seal",
    "appoint_ambassador",
    "view_ambassador",
    "view_organisation",
    "add_reviewerassignment",
    "view_reviewerassignment",
    "delete_reviewerassignment",
]


def ensure_review_groups(**kwargs):
    """Reviewers reach the admin and see only the applications assigned to them (object
    permissions given per application); the seal committee decides, and runs seals,
    ambassadors and reviewer assignments."""
    using = kwargs.get("using", "default")
    # The permissions are made by the same signal, perhaps after this receiver: make sure.
    for label in ("members", "wagtailadmin"):
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    access_admin = Permission.objects.using(using).get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    reviewers, _created = Group.objects.using(using).get_or_create(name=REVIEWER_GROUP)
    reviewers.permissions.add(access_admin)
    committee, _created = Group.objects.using(using).get_or_create(name=COMMITTEE_GROUP)
    committee.permissions.add(
        access_admin,
        *Permission.objects.using(using).filter(
            content_type__app_label="members", codename__in=COMMITTEE_PERMISSIONS
        ),
    )
