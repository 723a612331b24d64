"""The public directory: the seal's holders and the ambassadors, each listed organisation's
profile, and the current ambassadors. What is listed is decided in ``members.selectors``; these
views name sectors and districts in the visitor's language and filter with plain GET forms, by
the same rules as the event index."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from wagtail.models import Locale

from cms import fragments, seo
from cms.answers import keep_for_visitors
from cms.filters import chosen_by_slug, chosen_filter, removable_filters
from cms.models import District
from cms.navigation import Crumb, in_language
from cms.page_answers import understood
from cms.pagination import requested_page
from home.models import SectorPage

from .. import selectors
from ..models import OrganisationKind

PAGE_SIZE = 12

# The pages' introductions, which search engines and link previews show as well.
DIRECTORY_DESCRIPTION = _(
    "Companies and institutions of the region that hold the seal “Part of SMART REGION”, and "
    "the ambassadors the seal committee has named."
)
AMBASSADORS_DESCRIPTION = _(
    "Organisations and people the seal committee has named to speak for the digital change "
    "of the region in a sector or a district."
)


@dataclass(frozen=True)
class Kind:
    """A kind of organisation as a filter choice, named like the sectors and districts are."""

    slug: str
    title: str


@dataclass(frozen=True)
class Names:
    """The sectors and districts in the visitor's language where translated, in the order the
    filters offer them, and by translation key for the organisations, which name the German
    ones."""

    sectors: list
    districts: list
    sector_by_key: dict
    district_by_key: dict
    # A sector filter's slug in any language, to its translation key: a link copied from the
    # German directory still filters the English one after the language switch.
    sector_key_by_slug: dict


def names_in_language():
    """From the cache until a page or a district changes (see ``cms.fragments``)."""

    def collect():
        locale = Locale.objects.filter(language_code=get_language()).first()
        locale_id = locale.pk if locale else None
        every_sector = list(SectorPage.objects.live().order_by("path"))
        sectors = in_language(every_sector, locale_id)
        districts = in_language(District.objects.order_by("name", "kind"), locale_id)
        return Names(
            sectors=sectors,
            districts=districts,
            sector_by_key={sector.translation_key: sector for sector in sectors},
            district_by_key={district.translation_key: district for district in districts},
            sector_key_by_slug={sector.slug: sector.translation_key for sector in every_sector},
        )

    return fragments.cached("members-directory-names", collect)


def kinds():
    return [Kind(slug=value, title=capfirst(label)) for value, label in OrganisationKind.choices]


@dataclass(frozen=True)
class Card:
    """An organisation as the directory shows it, in the visitor's language."""

    organisation: object
    district: object
    sectors: list
    description: str
    # The description's own language: the German one stands in for a missing translation.
    description_language: str


def language_of(shown, english, language):
    """The language of a text the member wrote in German and maybe in English: the German one
    stands in where there is no English, and says so to screen readers (``lang``)."""
    return language if english and shown == english else settings.LANGUAGE_CODE


def cards(organisations, names):
    language = get_language()
    sector_keys = selectors.sector_keys_of(organisations)
    return [
        Card(
            organisation=organisation,
            district=names.district_by_key.get(
                organisation.district.translation_key, organisation.district
            ),
            sectors=[
                names.sector_by_key[key]
                for key in sector_keys.get(organisation.pk, [])
                if key in names.sector_by_key
            ],
            description=(description := organisation.description(language)),
            description_language=language_of(description, organisation.description_en, language),
        )
        for organisation in organisations
    ]


def chosen_filters(request, names):
    """The filters the GET parameters name; a value that names nothing filters nothing."""
    sector_slug = request.GET.get("sector")
    # A sector's slug in another language names it too.
    sector = chosen_by_slug(names.sectors, sector_slug) or names.sector_by_key.get(
        names.sector_key_by_slug.get(sector_slug)
    )
    if sector is not None:
        understood(request, "sector")
    chosen = {
        "sector": sector,
        "district": chosen_filter(request, "district", names.districts),
        "kind": chosen_filter(request, "kind", kinds()),
    }
    return {name: choice for name, choice in chosen.items() if choice is not None}


def directory_breadcrumb(*below):
    return [Crumb(title=gettext("Members"), url=reverse("members:directory")), *below]


@require_safe
@keep_for_visitors
def directory(request):
    names = names_in_language()
    active = chosen_filters(request, names)
    organisations = selectors.directory_organisations(
        sector_key=getattr(active.get("sector"), "translation_key", None),
        district_key=getattr(active.get("district"), "translation_key", None),
        kind=getattr(active.get("kind"), "slug", None),
    )
    listing = requested_page(organisations, request, PAGE_SIZE)
    listing.object_list = cards(list(listing.object_list), names)
    title = gettext("Members")
    return TemplateResponse(
        request,
        "members/directory.html",
        {
            "title": title,
            "intro": DIRECTORY_DESCRIPTION,
            "listing": listing,
            "sectors": names.sectors,
            "districts": names.districts,
            "kinds": kinds(),
            "chosen_sector": active.get("sector"),
            "chosen_district": active.get("district"),
            "chosen_kind": active.get("kind"),
            "active_filters": removable_filters(request, active),
            "view_metadata": seo.view_metadata(
                request, title=title, description=str(DIRECTORY_DESCRIPTION)
            ),
            "view_breadcrumb": directory_breadcrumb(),
        },
    )


@dataclass(frozen=True)
class AmbassadorEntry:
    """An ambassador's role as the public sees it, in the visitor's language."""

    ambassador: object
    sector: object
    district: object
    statement: str
    statement_language: str


def ambassador_entries(ambassadors, names):
    language = get_language()
    return [
        AmbassadorEntry(
            ambassador=ambassador,
            sector=ambassador.sector
            and names.sector_by_key.get(ambassador.sector.translation_key, ambassador.sector),
            district=ambassador.district
            and names.district_by_key.get(ambassador.district.translation_key, ambassador.district),
            statement=(statement := ambassador.statement(language)),
            statement_language=language_of(statement, ambassador.statement_en, language),
        )
        for ambassador in ambassadors
    ]


def website_label(url):
    """The address as people say it: "www.example.org/team" for "https://www.example.org/team/"."""
    return re.sub(r"^https?://", "", url).rstrip("/")


@require_safe
@keep_for_visitors
def profile(request, slug):
    organisation = selectors.listed_organisation(slug)
    names = names_in_language()
    (card,) = cards([organisation], names)
    return TemplateResponse(
        request,
        "members/profile.html",
        {
            "card": card,
            "organisation": organisation,
            "seal": selectors.public_seal_of(organisation),
            "roles": ambassador_entries(selectors.ambassador_roles_of(organisation), names),
            "website_label": website_label(organisation.website),
            "phone_number": re.sub(r"[^+\d]", "", organisation.contact_phone),
            "view_metadata": seo.view_metadata(
                request, title=organisation.name, description=card.description
            ),
            "view_breadcrumb": directory_breadcrumb(Crumb(title=organisation.name, url="")),
        },
    )


@dataclass(frozen=True)
class AmbassadorGroup:
    """The ambassadors of one sector or one district."""

    area: object
    entries: list


@require_safe
@keep_for_visitors
def ambassadors(request):
    """The current ambassadors by sector, then by district; one named for a sector in a
    district is listed under the sector, and names the district."""
    names = names_in_language()
    entries = ambassador_entries(selectors.public_ambassadors(), names)
    by_sector = {}
    by_district = {}
    for entry in entries:
        if entry.sector:
            by_sector.setdefault(entry.sector.translation_key, []).append(entry)
        else:
            by_district.setdefault(entry.district.translation_key, []).append(entry)
    title = gettext("Ambassadors")
    return TemplateResponse(
        request,
        "members/ambassadors.html",
        {
            "title": title,
            "intro": AMBASSADORS_DESCRIPTION,
            "ambassador_count": len(entries),
            "sector_groups": groups(by_sector, names.sectors),
            "district_groups": groups(by_district, names.districts),
            "view_metadata": seo.view_metadata(
                request, title=title, description=str(AMBASSADORS_DESCRIPTION)
            ),
            "view_breadcrumb": directory_breadcrumb(Crumb(title=title, url="")),
        },
    )


def groups(entries_by_key, areas):
    """The groups in the order of ``areas`` (the filters' order); an area that is no longer
    published (a sector taken offline) keeps its ambassadors, under its German name, last."""
    ordered = [
        AmbassadorGroup(area=area, entries=entries_by_key.pop(area.translation_key))
        for area in areas
        if area.translation_key in entries_by_key
    ]
    ordered += [
        AmbassadorGroup(area=entries[0].sector or entries[0].district, entries=entries)
        for entries in entries_by_key.values()
    ]
    return ordered
