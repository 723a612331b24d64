"""Admin views of the site's own, where Wagtail's or wagtail-localize's need a small change."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import choosers
from wagtail.admin.views import chooser
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


# Wagtail's link choosers leave these fields to Django's automatic labels, which no catalogue
# translates; an editor adding a link in the German admin read "Link text" and "Phone number".
LINK_TEXT_LABEL = _("Link text")


class ExternalLinkForm(choosers.ExternalLinkChooserForm):
    link_text = forms.CharField(required=False, label=LINK_TEXT_LABEL)


class AnchorLinkForm(choosers.AnchorLinkChooserForm):
    link_text = forms.CharField(required=False, label=LINK_TEXT_LABEL)


class EmailLinkForm(choosers.EmailLinkChooserForm):
    email_address = forms.EmailField(required=True, label=_("Email address"))
    link_text = forms.CharField(required=False, label=LINK_TEXT_LABEL)
    subject = forms.CharField(required=False, label=_("Subject"))
    body = forms.CharField(
        required=False,
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PhoneLinkForm(choosers.PhoneLinkChooserForm):
    phone_number = forms.CharField(required=True, label=_("Phone number"))
    link_text = forms.CharField(required=False, label=LINK_TEXT_LABEL)


class ExternalLink(chooser.ExternalLinkView):
    form_class = ExternalLinkForm


class AnchorLink(chooser.AnchorLinkView):
    form_class = AnchorLinkForm


class EmailLink(chooser.EmailLinkView):
    form_class = EmailLinkForm


class PhoneLink(chooser.PhoneLinkView):
    form_class = PhoneLinkForm
