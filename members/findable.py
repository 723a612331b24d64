"""Member organisations in the site search: those the public directory lists (a valid seal or
a current ambassador's term), in each language, found from the day their seal or term begins
until the day it runs out, without a write on either day."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from cms.models import District
from cms.navigation import in_language
from home.models import SectorPage
from search.entries import plain
from search.registry import Entry, Findable, filed_under, register
from search.sync import entries_filed_under

from . import selectors
from .models import Ambassador, Organisation, Seal, SealStatus


def listed_between(organisation, today):
    """The first and last day the directory lists ``organisation``, from its seals and terms
    that have not ended (the first is None while it is listed today), or None when none."""
    seals = Seal.objects.filter(
        organisation=organisation, status=SealStatus.ACTIVE, valid_until__gte=today
    ).values_list("valid_from", "valid_until")
    terms = Ambassador.objects.filter(organisation=organisation, term_end__gte=today).values_list(
        "term_start", "term_end"
    )
    periods = [*seals, *terms]
    if not periods:
        return None
    first = min(start for start, _end in periods)
    return (first if first > today else None), max(end for _start, end in periods)


def organisation_named(record):
    """The organisation a seal or an ambassador's role belongs to, by its key alone: it may be
    gone already when a deletion took the record along."""
    return [Organisation(pk=record.organisation_id)] if record.organisation_id else []


def entries_of(organisation):
    today = timezone.localdate()
    listed = listed_between(organisation, today)
    if listed is None:
        return []
    since, until = listed
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
                visible_from=since,
                visible_until=until,
                facets={
                    "sector": [
                        filed_under(sector, sector.title)
                        for sector in in_language(sectors, locale_id)
                    ],
                    "district": [
                        filed_under(district, district.name)
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
        candidates=lambda: Organisation.objects.all(),
        depends_on=(
            (Seal, organisation_named),
            (Ambassador, organisation_named),
            (District, entries_filed_under),
        ),
    )
)
