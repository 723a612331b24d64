from functools import cached_property

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation


class LanguageNeutralLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a 404 from an address outside the language
    prefixes stays a 404: it sends every unanswered address without a language to the same
    address below /de/, where Wagtail's catch-all takes it, so an unknown badge token at
    /badges/... would be redirected to a page instead of answering "not found"."""

    def process_response(self, request, response):
        if response.status_code == 404 and getattr(request, "resolver_match", None):
            return response
        return super().process_response(request, response)


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
