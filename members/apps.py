from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from cms import fragments


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members and seals")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .groups import ensure_review_groups

        post_migrate.connect(ensure_review_groups, sender=self)
        # The directory, the profiles and the search show them on pages kept for visitors.
        fragments.forget_when_changed(
            self.get_model("Organisation"), self.get_model("Seal"), self.get_model("Ambassador")
        )
