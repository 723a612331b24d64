"""What every page type of the site shares."""

from http import HTTPMethod

from wagtail.models import Page

from cms.views import method_not_allowed


class SitePage(Page):
    """Base of the site's page types. A page that takes no form answers only to reading."""

    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]

    class Meta:
        abstract = True

    def check_request_method(self, request, *args, **kwargs):
        allowed = self.allowed_http_method_names()
        if request.method not in allowed:
            return method_not_allowed(request, allowed)
        return None
