from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWERS = "Gutachter"
COMMITTEE = "Siegelkomitee"
COMMITTEE_CODENAMES = [
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


def create_review_groups(apps, schema_editor):
    """Reviewers reach the admin and see only the applications assigned to them (object
    permissions given per application); the seal committee decides, and runs seals and
    ambassadors."""
    # Permissions are made after all migrations ran; these are needed now.
    app_config = apps.get_app_config("members")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    reviewers.permissions.add(access_admin)
    committee, _ = Group.objects.get_or_create(name=COMMITTEE)
    committee.permissions.add(
        access_admin,
        *Permission.objects.filter(
            content_type__app_label="members", codename__in=COMMITTEE_CODENAMES
        ),
    )


def remove_review_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[REVIEWERS, COMMITTEE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_review_groups, remove_review_groups)]
