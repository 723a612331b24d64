"""What the search finds, kept in the database: one entry per findable thing and language, the
facet values it is filed under, and the index changes still to be written."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """A post, page or organisation as both engines index it, in one language. The database
    engine searches these rows (its full-text index follows them, see the migrations); the
    Elasticsearch engine indexes the same fields."""

    key = models.CharField(_("object"), max_length=100)
    language = models.CharField(_("language"), max_length=10)
    kind = models.CharField(_("kind"), max_length=30)
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("text"), blank=True)
    # What else the database's full-text index reads: the names of the entry's facet values,
    # and its words spelled as a visitor without a German keyboard types them ("ue" for "ü")
    # and without accents, so that it finds "Lüneburg" for "Lueneburg" and "Luneburg".
    folded = models.TextField(blank=True)
    # The entry's facet values again, one "facet<TAB>value<TAB>name" line each: read with
    # every match, so that the database engine counts them without a second query.
    facet_lines = models.TextField(blank=True)
    url = models.CharField(_("address"), max_length=500)
    date = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    # Seals and terms begin and end on their own days: an organisation is found between them,
    # without a write on either day.
    visible_from = models.DateField(null=True, blank=True)
    visible_until = models.DateField(null=True, blank=True)
    indexed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="search_entry_per_language")
        ]
        indexes = [
            models.Index(fields=["language", "kind"]),
            models.Index(fields=["language", "year"], name="search_entry_language_year"),
            models.Index(fields=["date"]),
        ]

    def __str__(self):
        return self.title


class SearchFacet(models.Model):
    """A value an entry is filed under: a sector, a district or a tag, with its name in the
    entry's language."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=255)
    label = models.CharField(max_length=255)
    # The key of the object the value comes from (search.registry.key_of): its change writes
    # the entry again.
    source = models.CharField(max_length=100, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["facet", "value"]),
            models.Index(fields=["source"], name="search_facet_source"),
        ]

    def __str__(self):
        return f"{self.facet}={self.value}"


class IndexChange(models.Model):
    """An object whose entries must be written again to every engine, kept until each took
    it: written in the transaction that changed the object, applied after it committed, and
    retried with growing waits when an engine refused."""

    key = models.CharField(max_length=100, unique=True)
    requested_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("index change")
        verbose_name_plural = _("index changes")

    def __str__(self):
        return self.key
