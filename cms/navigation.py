"""Where the header menu and the language switcher lead; read by the site's template tags."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site


@dataclass(frozen=True)
class LanguageAlternate:
    code: str
    name: str
    url: str
    is_current: bool
    # False when the page has no published translation and ``url`` leads to that
    # language's home page instead.
    has_translation: bool
    absolute_url: str


def site_root(request):
    """The home page of the visitor's language, or None on a site without one."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    return root.get_translation_or_none(Locale.get_active()) or root


def menu_items(request):
    root = site_root(request)
    if root is None:
        return []
    return list(root.get_children().live().in_menu().public())


def live_translations_by_language(page):
    """The page and its published translations, by language code."""
    pages = page.get_translations(inclusive=True).live().select_related("locale")
    return {translated.locale.language_code: translated for translated in pages}


def language_alternates(request, page=None):
    """One entry per site language: where the same content is in that language."""
    current = get_language()
    if not isinstance(page, Page):
        return [
            LanguageAlternate(
                code=code,
                name=name,
                url=(url := translate_url(request.get_full_path(), code)),
                is_current=code == current,
                has_translation=True,
                absolute_url=request.build_absolute_uri(url),
            )
            for code, name in settings.LANGUAGES
        ]
    translations = live_translations_by_language(page)
    site = Site.find_for_request(request)
    homes = live_translations_by_language(site.root_page) if site else {}
    alternates = []
    for code, name in settings.LANGUAGES:
        translation = translations.get(code)
        target = translation or homes.get(code)
        url = target.get_url(request) if target else f"/{code}/"
        alternates.append(
            LanguageAlternate(
                code=code,
                name=name,
                url=url,
                is_current=code == current,
                has_translation=translation is not None,
                absolute_url=request.build_absolute_uri(url),
            )
        )
    return alternates
