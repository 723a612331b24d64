from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0004_seal_credentials"),
    ]

    operations = [
        migrations.AlterField(
            model_name="seal",
            name="status_list_index",
            field=models.PositiveIntegerField(editable=False, unique=True),
        ),
    ]
