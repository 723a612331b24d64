import hashlib

from django.db import migrations, models


def fill_digests(apps, schema_editor):
    Seal = apps.get_model("members", "Seal")
    for seal in Seal.objects.all():
        seal.token_digest = hashlib.sha256(seal.token.encode()).hexdigest()
        seal.save(update_fields=["token_digest"])


class Migration(migrations.Migration):
    dependencies = [("members", "0002_private_documents")]

    operations = [
        migrations.AddField(
            model_name="seal",
            name="token_digest",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(fill_digests, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="seal",
            name="token_digest",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
