"""The entries' facet values, also as one column read with every match (the database engine
counts them without a second query), filled in from the facet rows already there."""

from django.db import migrations, models

# Added by hand, not by AddField: on SQLite, AddField of a column that is not null copies the
# table into a new one, which would drop the full-text index's triggers on it
# (0002_full_text.py).
ADD_COLUMN = "ALTER TABLE search_searchentry ADD COLUMN facet_lines text NOT NULL DEFAULT ''"
DROP_COLUMN = "ALTER TABLE search_searchentry DROP COLUMN facet_lines"
BATCH = 500


def fill_facet_lines(apps, schema_editor):
    SearchEntry = apps.get_model("search", "SearchEntry")
    SearchFacet = apps.get_model("search", "SearchFacet")
    lines = {}
    for entry_id, facet, value, label in SearchFacet.objects.order_by("pk").values_list(
        "entry_id", "facet", "value", "label"
    ):
        lines.setdefault(entry_id, []).append(f"{facet}\t{value}\t{' '.join(label.split())}")
    entries = [
        SearchEntry(pk=entry_id, facet_lines="\n".join(entry_lines))
        for entry_id, entry_lines in lines.items()
    ]
    SearchEntry.objects.bulk_update(entries, ["facet_lines"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_visible_from")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(ADD_COLUMN, DROP_COLUMN)],
            state_operations=[
                migrations.AddField(
                    model_name="searchentry",
                    name="facet_lines",
                    field=models.TextField(blank=True),
                )
            ],
        ),
        migrations.RunPython(fill_facet_lines, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["language", "year"], name="search_entry_language_year"),
        ),
    ]
