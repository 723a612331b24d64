from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.utils.translation import pgettext_lazy
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import seo
from members.views import credentials as member_credentials

urlpatterns = [
    path("admin/", include("cms.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Crawlers and browsers look for these at the root, in no language.
    path("sitemap.xml", seo.sitemap, name="sitemap"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("favicon.ico", seo.favicon, name="favicon"),
    path("badges/", include("members.badge_urls")),
    # The issuer's did:web document: its keys, by which verifiers check the seals' credentials.
    path(".well-known/did.json", member_credentials.did_document, name="did_document"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page lives below its language: /de/... and /en/...; a bare path is redirected to
# the visitor's language by LocaleMiddleware.
urlpatterns += i18n_patterns(
    path("", include("home.urls")),
    path("", include("members.urls")),
    path("", include("blog.urls")),
    path("", include("search.urls")),
    # Members' accounts (django-allauth): sign-up, login, password, e-mail addresses.
    path(pgettext_lazy("URL", "account/"), include("allauth.urls")),
    path("", include(wagtail_urls)),
    # A page's files (its calendar …/kalender.ics, the blog's feeds …/feed.rss and …/feed.atom),
    # which Wagtail's page addresses, all ending in a slash, leave out; the page answers each as
    # one of its routes.
    re_path(r"^((?:[\w\-]+/)+[\w\-]+\.(?:ics|rss|atom))$", wagtail_views.serve, name="page_file"),
    prefix_default_language=True,
)

handler400 = "cms.views.bad_request"
handler403 = "cms.views.permission_denied"
handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"
# django-allauth answers a request over one of its rate limits with this.
handler429 = "cms.views.too_many_requests"
