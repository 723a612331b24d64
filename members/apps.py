from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members and seals")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .groups import ensure_review_groups

        post_migrate.connect(ensure_review_groups, sender=self)
