"""The site's URLs and one bare view beside them: the floor that the middleware, gunicorn and
the load generator cost, against which the badge's figures are read."""

from django.http import HttpResponse
from django.urls import path

from cms import urls as site_urls
from cms.urls import (  # noqa: F401  (Django looks for the error views in the root URLconf)
    handler400,
    handler403,
    handler404,
    handler429,
    handler500,
)


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


# The site's own list, not an include(): LocaleMiddleware finds the language prefixes only at
# the top level of the root URLconf.
urlpatterns = [path("bench/bare/", bare), *site_urls.urlpatterns]
