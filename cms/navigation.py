"""Where the header menu, the language switcher and the footer lead; read by the site's template
tags. Each piece is looked up once per request, in as few queries as the page tree allows."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page, PageViewRestriction, Site


@dataclass(frozen=True)
class LanguageAlternate:
    code: str
    name: str
    url: str
    absolute_url: str
    is_current: bool
    # False when the page has no published translation and ``url`` leads to that
    # language's home page instead.
    has_translation: bool


def once_per_request(request, key, compute):
    cache = request.__dict__.setdefault("_site_navigation", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def live_translations_by_language(page):
    """The page and its published translations, by language code."""
    pages = page.get_translations(inclusive=True).live().select_related("locale")
    return {translated.locale.language_code: translated for translated in pages}


def localized_homes(request):
    """The site's home page in each language it is published in, by language code."""

    def compute():
        site = Site.find_for_request(request)
        if site is None:
            return {}
        same_page = Page.objects.filter(pk=site.root_page_id).values("translation_key")
        pages = Page.objects.filter(translation_key__in=same_page).live().select_related("locale")
        return {home.locale.language_code: home for home in pages}

    return once_per_request(request, "homes", compute)


def site_root(request):
    """The home page of the visitor's language, or the default language's one."""
    homes = localized_homes(request)
    return homes.get(get_language()) or homes.get(settings.LANGUAGE_CODE)


def menu_items(request):
    """Published pages below the home page marked "show in menus", less those behind a login
    or password (checked in the same query, unlike ``PageQuerySet.public()``)."""
    root = site_root(request)
    if root is None:
        return []
    # A restriction on a page covers its subtree: its path is a prefix of the item's path.
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return list(root.get_children().live().in_menu().exclude(Exists(restricted)))


def language_alternates(request, page=None):
    """One entry per site language: where the same content is in that language."""
    return once_per_request(request, "alternates", lambda: _language_alternates(request, page))


def _language_alternates(request, page):
    current = get_language()
    if not isinstance(page, Page):
        urls = {
            code: translate_url(request.get_full_path(), code) for code, _ in settings.LANGUAGES
        }
        translated = set(urls)
    else:
        homes = localized_homes(request)
        is_home = any(home.translation_key == page.translation_key for home in homes.values())
        translations = homes if is_home else live_translations_by_language(page)
        urls = {}
        for code, _ in settings.LANGUAGES:
            target = translations.get(code) or homes.get(code)
            urls[code] = target.get_url(request) if target else f"/{code}/"
        translated = set(translations)
    return [
        LanguageAlternate(
            code=code,
            name=name,
            url=urls[code],
            absolute_url=request.build_absolute_uri(urls[code]),
            is_current=code == current,
            has_translation=code in translated,
        )
        for code, name in settings.LANGUAGES
    ]


def localized_instance(instance):
    """The translation of a snippet into the visitor's language, else the snippet itself."""
    if instance is None:
        return None
    language = get_language()
    if instance.locale.language_code == language:
        return instance
    pk, model = instance.pk, type(instance)
    same_object = model.objects.filter(pk=pk).values("translation_key")
    candidates = model.objects.filter(
        Q(pk=pk) | Q(translation_key__in=same_object, locale__language_code=language)
    ).select_related("locale")
    by_language = {candidate.locale.language_code: candidate for candidate in candidates}
    return by_language.get(language) or next(c for c in by_language.values() if c.pk == pk)
