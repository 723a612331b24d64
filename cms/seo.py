"""What search engines and link previews read: the page's metadata (canonical address, Open
Graph and Twitter tags, schema.org JSON-LD), the sitemap with each page's translations, robots.txt
and the favicon at the address browsers ask for."""

import json
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.staticfiles import finders
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, to_locale
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail import hooks
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page

from cms import navigation

# Open Graph wants a territory with the language; the site's English is British, as the EU's is.
OPEN_GRAPH_LOCALES = {"de": "de_DE", "en": "en_GB"}
# The size link previews show best (Facebook, LinkedIn, Mastodon and X all crop to about this).
SHARE_IMAGE_FILTER = "fill-1200x630"
SHARE_IMAGE_DEFAULT = "img/social-card.png"
DESCRIPTION_LENGTH = 200


@dataclass(frozen=True)
class ShareImage:
    url: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class PageMetadata:
    title: str
    description: str
    canonical_url: str
    open_graph_locale: str
    open_graph_alternate_locales: list
    image: ShareImage


def open_graph_locale(language_code):
    return OPEN_GRAPH_LOCALES.get(language_code, to_locale(language_code))


def absolute_url(request, page):
    """The page's address with scheme and host, as the language alternates have it."""
    return request.build_absolute_uri(page.get_url(request))


def page_description(page):
    """The editor's search description, else the page's introduction, cut to snippet length."""
    text = page.search_description or getattr(page, "intro", "") or ""
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH)


def share_image(request, page):
    """The page's listing image cut to the preview size, else the initiative's card (also when
    the image's file is lost, which must not take the page down with it)."""
    image = getattr(page, "listing_image", None)
    try:
        rendition = image and image.get_rendition(SHARE_IMAGE_FILTER)
    except SourceImageIOError:
        rendition = None
    if not rendition:
        return default_share_image(request)
    return ShareImage(
        url=request.build_absolute_uri(rendition.url),
        width=rendition.width,
        height=rendition.height,
        alt=image.default_alt_text,
    )


def default_share_image(request):
    return ShareImage(
        url=request.build_absolute_uri(static(SHARE_IMAGE_DEFAULT)),
        width=1200,
        height=630,
        alt=gettext("SMART REGION logo"),
    )


def canonical_page(request, page):
    """The page search engines should index for this content: an alias (an untranslated page
    mirrored into another language's tree) points to the page it mirrors."""
    if page.alias_of_id is None:
        return page
    language = navigation.content_language(request, page)
    return navigation.page_translations(request, page).get(language, page)


def page_metadata(request, page):
    language = navigation.content_language(request, page)
    canonical = canonical_page(request, page)
    return PageMetadata(
        title=page.seo_title or page.title,
        description=page_description(page),
        canonical_url=request.build_absolute_uri(
            navigation.with_route(request, page, canonical.get_url(request))
        ),
        open_graph_locale=open_graph_locale(language),
        open_graph_alternate_locales=[
            open_graph_locale(code)
            for code in navigation.page_translations(request, page)
            if code != language
        ],
        image=share_image(request, page),
    )


def view_metadata(request, *, title, description=""):
    """The metadata of a page that a view answers rather than the page tree (a feature app's
    listing, say), which it passes to its template as ``view_metadata``. Its address exists in
    every site language; filters and page numbers in the query only vary it, so the canonical
    address leaves the query out, as a page's routes do."""
    language = get_language()
    return PageMetadata(
        title=title,
        description=Truncator(" ".join(description.split())).chars(DESCRIPTION_LENGTH),
        canonical_url=request.build_absolute_uri(request.path),
        open_graph_locale=open_graph_locale(language),
        open_graph_alternate_locales=[
            open_graph_locale(code) for code, _name in settings.LANGUAGES if code != language
        ],
        image=default_share_image(request),
    )


def site_name(request):
    site = navigation.request_site(request)
    return (site and site.site_name) or "SMART REGION"


def structured_data(request, page):
    """schema.org JSON-LD: the initiative as an Organization, and the page's breadcrumb trail."""
    home = navigation.site_root(request)
    home_url = absolute_url(request, home) if home else request.build_absolute_uri("/")
    graph = [
        {
            "@type": "Organization",
            "@id": f"{home_url}#organization",
            "name": site_name(request),
            "url": home_url,
            "logo": request.build_absolute_uri(static("img/logo-512.png")),
        }
    ]
    trail = navigation.breadcrumb(request, page) if isinstance(page, Page) else []
    if trail:
        graph.append(
            {
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": position,
                        "name": navigation.breadcrumb_title(crumb, is_home=position == 1),
                        "item": absolute_url(request, crumb),
                    }
                    for position, crumb in enumerate(trail, start=1)
                ],
            }
        )
    return {"@context": "https://schema.org", "@graph": graph}


# The characters that could end the script element or start markup inside it; JSON reads the
# escaped forms as the same characters.
JSON_IN_HTML = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


def json_ld_script(data):
    """A data block, which browsers never run, so the Content-Security-Policy allows it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(JSON_IN_HTML)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


class PageSitemap(Sitemap):
    """Every published, public page of the site in each language it is translated into, each
    naming its translations (``xhtml:link`` alternates), as the pages' own heads do. Aliases
    show another language's text, so they are neither listed nor named as translations."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def pages(self):
        homes = navigation.localized_homes(self.request).values()
        if not homes:
            return []
        in_a_language_tree = Q()
        for home in homes:
            in_a_language_tree |= Q(path__startswith=home.path)
        pages = (
            Page.objects.filter(in_a_language_tree, alias_of__isnull=True)
            .live()
            .public()
            .select_related("locale")
            .order_by("path")
        )
        return list(pages)

    @cached_property
    def versions(self):
        """The listed pages by translation key, then language code."""
        versions = {}
        for page in self.pages:
            versions.setdefault(page.translation_key, {})[page.locale.language_code] = page
        return versions

    def items(self):
        return self.pages

    def location(self, page):
        return page.get_url(self.request)

    def lastmod(self, page):
        return page.last_published_at

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            translations = self.versions[url["item"].translation_key]
            if len(translations) > 1:
                url["alternates"] = [
                    {"lang_code": code, "location": absolute_url(self.request, translated)}
                    for code, translated in translations.items()
                ]
        return urls


@require_safe
def sitemap(request):
    """The pages of the tree, and the sections the feature apps add: each app registers a
    ``register_sitemaps`` hook that takes the request and returns its sitemaps by section
    name, so that ``cms`` need not know the apps."""
    sections = {"pages": PageSitemap(request)}
    for app_sitemaps in hooks.get_hooks("register_sitemaps"):
        sections.update(app_sitemaps(request))
    return sitemap_views.sitemap(request, sections)


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('wagtailadmin_home')}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page's head says."""
    path = finders.find("img/favicon.ico")
    if path is None:
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/x-icon")
