"""The site's editors and moderators (the groups Wagtail made, under their German names)
choose the promoted search results, which otherwise only superusers could."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Redaktion", "Moderation")
ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    # Permissions are made after all migrations ran; this one needs them now.
    promotions = apps.get_app_config("wagtailsearchpromotions")
    promotions.models_module = True
    create_permissions(promotions, apps=apps, verbosity=0)
    promotions.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailsearchpromotions",
        codename__in=[f"{action}_searchpromotion" for action in ACTIONS],
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="wagtailsearchpromotions")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_full_text"),
        ("cms", "0002_german_names_for_wagtails_defaults"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
