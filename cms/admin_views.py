"""Admin views of the site's own, where Wagtail's or wagtail-localize's need a small change."""

from wagtail_localize.views.submit_translations import (
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
)


class PreselectTheOnlyLanguage:
    """ "Translate this page" with one language left to translate into has it ticked already:
    on a German and English site an editor should not have to tick English every time."""

    def get_form(self):
        form = super().get_form()
        languages = form.fields["locales"].queryset
        if not form.is_bound and not form.initial.get("locales") and len(languages) == 1:
            form.initial = {**form.initial, "locales": list(languages)}
        return form


class SubmitPageForTranslation(PreselectTheOnlyLanguage, SubmitPageTranslationView):
    pass


class SubmitSnippetForTranslation(PreselectTheOnlyLanguage, SubmitSnippetTranslationView):
    pass
