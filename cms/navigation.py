"""Where the header menu, the language switcher and the footer lead; read by the site's template
tags. Each piece is looked up once per request, in as few queries as the page tree allows."""

from dataclasses import dataclass
from functools import reduce
from operator import or_
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.exceptions import DisallowedHost
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http.request import split_domain_port
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language, gettext
from wagtail.models import Page, PageViewRestriction, Site

from cms import answers, fragments
from cms.models import ContactPerson


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


@dataclass(frozen=True)
class Crumb:
    """One step of the breadcrumb trail."""

    title: str
    url: str


def request_cache(request):
    return request.__dict__.setdefault("_site_navigation", {})


def once_per_request(request, key, compute):
    cache = request_cache(request)
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def live_translations_by_language(page):
    """The page and its published translations, by language code."""
    pages = page.get_translations(inclusive=True).live().select_related("locale")
    return {translated.locale.language_code: translated for translated in pages}


def request_site(request):
    """The request's Wagtail site, its home page of its own type with the images it shows:
    kept with the shared pieces, where Wagtail would ask the database for the site, the page
    and its images on every request."""
    if not hasattr(request, "_wagtail_site"):

        def find():
            # Imported here: the page types import this module.
            from cms.pages import for_serving

            found = Site.find_for_request(request)
            if found is not None:
                found.root_page = for_serving(found.root_page)
            return found

        try:
            hostname = split_domain_port(request.get_host())[0]
        except DisallowedHost:
            # A page about the bad request (400) is still drawn; its host is not a key.
            return Site.find_for_request(request)
        # By what Wagtail finds the site by: the host name, checked against ALLOWED_HOSTS, and
        # the server's port (not the one the Host header names, which anybody can vary).
        key = f"site-{hostname}-{request.get_port()}"
        # Where Wagtail looks first.
        request._wagtail_site = fragments.cached(key, find)
    return request._wagtail_site


def localized_homes(request):
    """The site's home page in each language it is published in, by language code."""

    def compute():
        site = request_site(request)
        if site is None:
            return {}
        return fragments.cached(f"homes-{site.pk}", lambda: published_homes(site))

    return once_per_request(request, "homes", compute)


def published_homes(site):
    same_page = Page.objects.filter(pk=site.root_page_id).values("translation_key")
    pages = Page.objects.filter(translation_key__in=same_page).live().select_related("locale")
    return {home.locale.language_code: home for home in pages}


def site_root(request):
    """The home page of the visitor's language, or the default language's one."""
    homes = localized_homes(request)
    return homes.get(get_language()) or homes.get(settings.LANGUAGE_CODE)


def public(pages):
    """``pages`` less those behind a login or password. The few restricted subtrees come from
    the cache while nothing changed (a restriction made or removed is a change), so the
    listing's query only grows by a prefix test per restriction, and not at all without one;
    ``PageQuerySet.public()`` fetches the restrictions for every query."""
    paths = restricted_paths()
    if not paths:
        return pages
    # A restricted page's path is a prefix of those of its subtree.
    return pages.exclude(reduce(or_, (Q(path__startswith=path) for path in paths)))


def restricted_paths():
    """The paths of the pages behind a login or password, and of their aliases and the aliases
    of those (which Wagtail holds to their source's restrictions); each covers its subtree.
    Kept only in a cache that every process shares: a restriction made in one process would
    not reach the memory of the others, which would go on serving the page."""
    if not answers.is_shared(caches[DEFAULT_CACHE_ALIAS]):
        return find_restricted_paths()
    return fragments.cached("restricted-paths", find_restricted_paths)


def find_restricted_paths():
    pages = dict(
        Page.objects.filter(pk__in=PageViewRestriction.objects.values("page_id")).values_list(
            "pk", "path"
        )
    )
    sources = set(pages)
    while sources:
        aliases = dict(
            Page.objects.filter(alias_of__in=sources)
            .exclude(pk__in=pages)
            .values_list("pk", "path")
        )
        pages.update(aliases)
        sources = set(aliases)
    return sorted(set(pages.values()))


def is_in_restricted_subtree(page):
    return page.path.startswith(tuple(restricted_paths()))


@dataclass(frozen=True)
class MenuItem:
    page: Page
    # The item's own menu pages, shown as its second level.
    children: list


def menu_items(request):
    """The two menu levels below the home page: published pages marked "show in menus", less
    those behind a login or password. Both levels come from one query, however many pages
    there are."""
    root = site_root(request)
    if root is None:
        return []
    pages = public(
        root.get_descendants().filter(depth__lte=root.depth + 2).live().in_menu()
    ).order_by("path")
    items = {}
    for page in pages:
        if page.depth == root.depth + 1:
            items[page.path] = MenuItem(page=page, children=[])
        # A second-level page whose parent is not in the menu has no place in it.
        elif (parent := items.get(page.path[: -Page.steplen])) is not None:
            parent.children.append(page)
    return list(items.values())


def menu(request):
    """The menu of the visitor's language, from the cache while no page changed."""

    def compute():
        home = site_root(request)
        return fragments.cached(f"menu-{home.pk if home else None}", lambda: menu_items(request))

    return once_per_request(request, "menu", compute)


def breadcrumb(request, page):
    """The pages from the home page down to ``page``, for a trail above its content; empty on
    the home page itself and on pages outside the site's language trees."""

    def compute():
        home = next(
            (
                home
                for home in localized_homes(request).values()
                if page.path.startswith(home.path) and page.depth > home.depth
            ),
            None,
        )
        if home is None:
            return []
        ancestor_paths = [
            page.path[: depth * Page.steplen] for depth in range(home.depth + 1, page.depth)
        ]
        # The ancestors are mostly menu pages, which are at hand; only the others are fetched.
        known = {}
        for item in menu(request):
            known[item.page.path] = item.page
            known.update((child.path, child) for child in item.children)
        missing = [path for path in ancestor_paths if path not in known]
        if missing:
            known.update(
                (found.path, found) for found in Page.objects.filter(path__in=missing).live()
            )
        return [home, *(known[path] for path in ancestor_paths if path in known), page]

    return once_per_request(request, ("breadcrumb", page.pk), compute)


def breadcrumb_title(page, *, is_home):
    """The home page is "Home" in the trail, as visitors know it, whatever its title."""
    return gettext("Home") if is_home else page.title


def page_translations(request, page):
    """The page's published versions by language code; the home page's are already at hand.

    An alias (wagtail-localize's "synchronised" locales make them for untranslated pages)
    shows another language's content, so it is no translation.
    """

    def compute():
        homes = localized_homes(request)
        is_home = any(home.translation_key == page.translation_key for home in homes.values())
        versions = (
            homes
            if is_home
            else fragments.cached(
                f"translations-{page.translation_key}", lambda: live_translations_by_language(page)
            )
        )
        return {code: version for code, version in versions.items() if version.alias_of_id is None}

    return once_per_request(request, ("translations", page.pk), compute)


def content_language(request, page=None):
    """The language the page is written in. It can differ from the language in the URL: a
    language without a published home page is served the default language's, and an alias
    shows the content of the page it mirrors."""

    def compute():
        if not isinstance(page, Page):
            return get_language()
        if page.alias_of_id is not None:
            original = Page.objects.select_related("locale").get(pk=page.alias_of_id)
            return original.locale.language_code
        for code, translated in page_translations(request, page).items():
            if translated.pk == page.pk:
                return code
        # A draft shown in the admin's preview is not among the published versions.
        return page.locale.language_code

    return once_per_request(request, ("content_language", getattr(page, "pk", None)), compute)


def language_alternates(request, page=None, *, error_page=False):
    """One entry per site language: where the same content is in that language.

    An error page has no counterpart anywhere, so it offers each language's home page.
    """
    homes = localized_homes(request)
    current = content_language(request, page)
    if error_page:
        urls = {code: home.get_url(request) for code, home in homes.items()}
        translated = set()
    elif isinstance(page, Page):
        translations = page_translations(request, page)
        urls = {
            code: target.get_url(request)
            for code, _ in settings.LANGUAGES
            if (target := translations.get(code) or homes.get(code)) is not None
        }
        urls.update(
            (code, with_route(request, page, target.get_url(request)))
            for code, target in translations.items()
        )
        translated = set(translations)
    else:
        urls = {
            code: translate_url(request.get_full_path(), code) for code, _ in settings.LANGUAGES
        }
        translated = set(urls)
    return [
        LanguageAlternate(
            code=code,
            name=name,
            url=(url := urls.get(code, f"/{code}/")),
            absolute_url=request.build_absolute_uri(url),
            is_current=code == current,
            has_translation=code in translated,
        )
        for code, name in settings.LANGUAGES
    ]


def with_route(request, page, url):
    """``url``, the address of ``page`` or of a translation of it, continued by the route of
    the page's own that the request was routed to (its archive, say) in the language of
    ``url``: so that language links and the canonical address of a route lead to that route."""
    match = getattr(request, "routable_resolver_match", None)
    if match is None or not url:
        return url
    with translation.override(address_language(url)):
        return url + page.reverse_subpage(match.url_name, args=match.args, kwargs=match.kwargs)


def address_language(url):
    """The language an address is in, as LocaleMiddleware reads it from the path; the routes
    of a page (translated like "archiv/" and "archive/") are resolved in that language."""
    return translation.get_language_from_path(urlsplit(url).path) or get_language()


def in_language(candidates, locale_id):
    """One of each translatable item among ``candidates`` (pages or snippets in any of their
    languages, fetched in one query): the version in the language ``locale_id`` where there
    is one, else the first given; in the order the items first appear."""
    chosen = {}
    for candidate in candidates:
        current = chosen.get(candidate.translation_key)
        if current is None or (candidate.locale_id == locale_id and current.locale_id != locale_id):
            chosen[candidate.translation_key] = candidate
    return list(chosen.values())


def contact_persons(page):
    """The contact persons a page names (its ``contacts``, see ``cms.models.PageContact``) in
    the page's language, in the editor's order, with their offices. Those of a published page
    come from the cache until something is published or a contact changes."""
    links = page.contacts.all()
    if not isinstance(links, QuerySet):
        # A page the admin previews is not saved; its contacts are in memory, in order.
        keys = [link.contact.translation_key for link in links]
        contacts = ContactPerson.objects.filter(translation_key__in=keys)
        chosen = in_language(contacts.prefetch_related("addresses"), page.locale_id)
        return sorted(chosen, key=lambda contact: keys.index(contact.translation_key))

    def stored_contacts():
        position = links.filter(contact__translation_key=OuterRef("translation_key")).values(
            "sort_order"
        )[:1]
        contacts = (
            ContactPerson.objects.filter(
                translation_key__in=links.values("contact__translation_key")
            )
            .annotate(position=Subquery(position))
            .order_by("position")
            .prefetch_related("addresses")
        )
        return in_language(contacts, page.locale_id)

    return fragments.cached(f"contacts-{page.pk}", stored_contacts)
