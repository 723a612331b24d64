from wagtail.admin.panels import Panel

from cms.translation import outdated_translation_source, sync_url


class TranslationStatusPanel(Panel):
    """Tells the editor of a page that its translations were made from an earlier version, with
    the action that brings them up to date."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/panels/translation_status.html"

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.source = outdated_translation_source(self.instance)

        def is_shown(self):
            return self.source is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["update_url"] = sync_url(self.source.pk)
            return context
