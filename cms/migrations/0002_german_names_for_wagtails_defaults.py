"""Wagtail's migrations name its default groups and workflow in English; an editor of this
German site meets them in the admin, so they are renamed where they still carry those names."""

from django.db import migrations

RENAMES = {
    "auth.Group": {"Editors": "Redaktion", "Moderators": "Moderation"},
    "wagtailcore.Workflow": {"Moderators approval": "Freigabe durch die Moderation"},
    "wagtailcore.Task": {"Moderators approval": "Freigabe durch die Moderation"},
}


def rename(apps, renames):
    for model_name, names in renames.items():
        model = apps.get_model(model_name)
        for old, new in names.items():
            if not model.objects.filter(name=new).exists():
                model.objects.filter(name=old).update(name=new)


def to_german(apps, schema_editor):
    rename(apps, RENAMES)


def to_english(apps, schema_editor):
    rename(apps, {model: {new: old for old, new in names.items()} for model, names in RENAMES.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_german, to_english)]
