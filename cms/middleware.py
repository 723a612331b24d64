from functools import cached_property

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.middleware import locale
from django.urls import reverse
from django.utils import translation
from wagtail import views as wagtail_views

from cms import fragments, navigation
from cms.logging import current_request_id, request_id_from


class AdminLanguageMiddleware:
    """The admin speaks the site's default language whatever the browser asks for.

    Editors who prefer another language choose it in their account settings; Wagtail applies
    that choice per user, on top of this default.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def admin_prefix(self):
        return reverse("wagtailadmin_home")

    def __call__(self, request):
        if request.path.startswith(self.admin_prefix):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)


class SharedPiecesMiddleware:
    """Each request reads the pieces every page repeats under one version (``cms.fragments``),
    and Wagtail is handed the request's site from them (``navigation.request_site``) before it
    serves a page, where it would look the site up in the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with fragments.one_version():
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_views.serve:
            navigation.request_site(request)


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, except that a 404 a view gave at an address outside the language prefixes
    (an unknown token at /badges/…) is final. Django's would redirect it to /de/badges/…,
    since the Wagtail pages' catch-all route makes every path below a language look valid, and
    a verifier asking for a document would get a redirect to a page instead of a 404."""

    def process_response(self, request, response):
        if (
            response.status_code == 404
            and request.resolver_match is not None
            and not translation.get_language_from_path(request.path_info)
        ):
            return response
        return super().process_response(request, response)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site's policy everywhere, except in the Wagtail admin: its editors still rely on
    inline scripts and styles, which the public pages never need."""

    @cached_property
    def admin_prefix(self):
        return reverse("wagtailadmin_home")

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path.startswith(self.admin_prefix):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN
        return parts


class RequestIdMiddleware:
    """Names each request: the id a proxy in front sent as ``X-Request-ID``, when it is a
    plain one, or a new one. Every log record written while the request is answered carries
    it, and so does the response, so that a visitor's report, the proxy's log and the site's
    meet."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request_id_from(request.headers.get("X-Request-ID"))
        token = current_request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request.id
        return response
