"""The member portal's forms. They check the shape of the input; what may be done, and the
state changes, are the services' business."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.models import District
from home.models import SectorPage

from .models import Organisation, Role, SealApplication
from .uploads import UploadRefused, check_attachment, check_logo


def names_in_language(model_queryset, language_code, label):
    """Each source-language object's label in ``language_code``, where it is translated."""
    translated = {
        item.translation_key: label(item)
        for item in model_queryset.model.objects.filter(
            translation_key__in=model_queryset.values("translation_key"),
            locale__language_code=language_code,
        )
    }
    return lambda item: translated.get(item.translation_key, label(item))


class VersionedForm(forms.Form):
    """Carries the version of the record the form was filled in from, so that the service can
    refuse to overwrite a change someone else saved in the meantime."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("For example https://www.example.de"),
    )
    logo_upload = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "legal_form",
            "street",
            "postal_code",
            "city",
            "district",
            "website",
            "sectors",
            "description_de",
            "description_en",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "description_de": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "contact_email": _("Shown publicly in the directory once you hold the seal."),
            "description_en": _(
                "For visitors of the English pages; the German one is shown where it is missing."
            ),
        }

    def __init__(self, *args, language_code=settings.LANGUAGE_CODE, **kwargs):
        super().__init__(*args, **kwargs)
        sectors = (
            SectorPage.objects.live()
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .order_by("path")
        )
        districts = District.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        self.fields["sectors"].queryset = sectors
        self.fields["sectors"].label_from_instance = names_in_language(
            sectors, language_code, lambda sector: sector.title
        )
        self.fields["district"].queryset = districts
        self.fields["district"].label_from_instance = names_in_language(
            districts, language_code, str
        )
        self.fields["district"].empty_label = _("Please choose")
        if not (self.instance.pk and self.instance.logo_id):
            del self.fields["remove_logo"]
        for name in ("website", "contact_email"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["postal_code"].widget.attrs["inputmode"] = "numeric"

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if upload:
            try:
                check_logo(upload)
            except UploadRefused as refusal:
                raise forms.ValidationError(refusal.message) from None
        return upload

    def clean_postal_code(self):
        code = self.cleaned_data["postal_code"].strip()
        if not (code.isdigit() and len(code) == 5):
            raise forms.ValidationError(_("Please enter the five digits of the postal code."))
        return code

    def service_fields(self):
        """The profile as the services take it: the fields, the sectors apart."""
        fields = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in {"sectors", "logo_upload", "remove_logo"}
        }
        return fields, list(self.cleaned_data["sectors"])


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = SealApplication
        fields = ["digital_activities", "references", "regional_commitment"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Document"),
        help_text=_("PDF, PNG or JPEG, at most 10 MB; up to five documents."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_attachment(upload)
        except UploadRefused as refusal:
            raise forms.ValidationError(refusal.message) from None
        return upload


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Your answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Tell the reviewers what you changed."),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        initial=Role.EDITOR,
        widget=forms.RadioSelect,
        help_text=_(
            "Editors keep the organisation's profile; owners also invite people and apply for "
            "the seal."
        ),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=pgettext_lazy("form label", "Role"), choices=Role.choices)
