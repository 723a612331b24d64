from django.contrib.auth.management import create_permissions
from django.db import migrations

ORGANISERS = ["Redaktion", "Moderation"]
CODENAMES = ["view_registration", "change_registration"]


def let_editors_organise(apps, schema_editor):
    """The editors and moderators see, correct and cancel registrations of the events they
    publish."""
    # Permissions are made after all migrations ran; these are needed now.
    app_config = apps.get_app_config("home")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="home", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=ORGANISERS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_events"),
        ("cms", "0002_german_names_for_wagtails_defaults"),
    ]

    operations = [migrations.RunPython(let_editors_organise, migrations.RunPython.noop)]
