from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site-wide settings")

    def ready(self):
        from cms import fragments, security  # noqa: F401  (security connects the login log)

        fragments.connect_signals()
