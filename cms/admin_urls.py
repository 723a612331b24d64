"""Admin addresses answered by the site's own views instead of Wagtail's or wagtail-localize's,
included ahead of the admin so that they win; see cms.admin_views for why each one differs."""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.utils.urlpatterns import decorate_urlpatterns

from . import admin_views

urlpatterns = [
    path("choose-external-link/", admin_views.ExternalLink.as_view()),
    path("choose-email-link/", admin_views.EmailLink.as_view()),
    path("choose-phone-link/", admin_views.PhoneLink.as_view()),
    path("choose-anchor-link/", admin_views.AnchorLink.as_view()),
    path("localize/submit/page/<int:page_id>/", admin_views.SubmitPageForTranslation.as_view()),
    path(
        "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
        admin_views.SubmitSnippetForTranslation.as_view(),
    ),
]
urlpatterns = decorate_urlpatterns(urlpatterns, require_admin_access)
urlpatterns = decorate_urlpatterns(urlpatterns, never_cache)
