"""Each facet value names the object it comes from, so that a renamed or deleted sector,
district or tag writes the entries filed under it again; the values already there are traced
to their objects."""

from django.db import migrations, models

BATCH = 500


def trace_sources(apps, schema_editor):
    SearchFacet = apps.get_model("search", "SearchFacet")
    SectorPage = apps.get_model("home", "SectorPage")
    District = apps.get_model("cms", "District")
    Tag = apps.get_model("taggit", "Tag")
    sources = {
        "sector": {
            (slug, language): f"page:{pk}"
            for pk, slug, language in SectorPage.objects.values_list(
                "pk", "slug", "locale__language_code"
            )
        },
        "district": {
            (slug, language): f"cms.district:{pk}"
            for pk, slug, language in District.objects.values_list(
                "pk", "slug", "locale__language_code"
            )
        },
    }
    tags = {slug: f"taggit.tag:{pk}" for pk, slug in Tag.objects.values_list("pk", "slug")}
    traced = []
    for facet in SearchFacet.objects.filter(source="").select_related("entry"):
        if facet.facet == "tag":
            facet.source = tags.get(facet.value, "")
        else:
            facet.source = sources.get(facet.facet, {}).get((facet.value, facet.entry.language), "")
        if facet.source:
            traced.append(facet)
    SearchFacet.objects.bulk_update(traced, ["source"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_facet_lines"),
        ("home", "0001_initial"),
        ("cms", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchfacet",
            name="source",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddIndex(
            model_name="searchfacet",
            index=models.Index(fields=["source"], name="search_facet_source"),
        ),
        migrations.RunPython(trace_sources, migrations.RunPython.noop),
    ]
