"""Member organisations in the site search: those the public directory lists (a valid seal or
a current ambassador's term), in each language, found until their seal or term runs out."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from cms.models import District
from cms.navigation import in_language
from home.models import SectorPage
from search.entries import plain
from search.registry import Entry, Findable, register

from . import selectors
from .models import Ambassador, Organisation, Seal


def listed_until(organisation, today):
    """The last day the directory lists ``organisation``, or None when it does not now."""
    ends = [
        *selectors.valid_seals(today)
        .filter(organisation=organisation)
        .values_list("valid_until", flat=True),
        *selectors.current_ambassadors(today)
        .filter(organisation=organisation)
        .values_list("term_end", flat=True),
    ]
    return max(ends, default=None)


def organisation_named(record):
    """The organisation a seal or an ambassador's role belongs to, by its key alone: it may be
    gone already when a deletion took the record along."""
    return Organisation(pk=record.organisation_id) if record.organisation_id else None


def entries_of(organisation):
    today = timezone.localdate()
    until = listed_until(organisation, today)
    if until is None:
        return []
    chosen_sectors = organisation.sectors.values_list("translation_key", flat=True)
    sectors = list(SectorPage.objects.live().filter(translation_key__in=chosen_sectors))
    districts = list(District.objects.filter(translation_key=organisation.district.translation_key))
    statements = list(selectors.current_ambassadors(today).filter(organisation=organisation))
    entries = []
    for language, _name in settings.LANGUAGES:
        locale = Locale.objects.filter(language_code=language).first()
        locale_id = locale.pk if locale else None
        with translation.override(language):
            url = reverse("members:profile", args=[organisation.slug])
        body = " ".join(
            [
                organisation.description(language),
                organisation.city,
                *(ambassador.statement(language) for ambassador in statements),
            ]
        )
        entries.append(
            Entry(
                language=language,
                title=organisation.name,
                body=plain(body),
                url=url,
                visible_until=until,
                facets={
                    "sector": [
                        (sector.slug, sector.title) for sector in in_language(sectors, locale_id)
                    ],
                    "district": [
                        (district.slug, district.name)
                        for district in in_language(districts, locale_id)
                    ],
                },
            )
        )
    return entries


register(
    Findable(
        kind="organisation",
        label=_("Member"),
        model=Organisation,
        entries_of=entries_of,
        candidates=lambda: selectors.listed_organisations(),
        depends_on=((Seal, organisation_named), (Ambassador, organisation_named)),
    )
)
