"""The form a member submits a post with. It checks the shape of the input and the images'
content; whether the member may submit, and how often, is the services' business."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cms.models import District
from home.models import SectorPage
from members.forms import names_in_language
from members.models import Organisation

from .uploads import UploadRefused, cleaned_image

# How many images a submission may bring.
IMAGE_SLOTS = 5
# The text fields kept for a visitor who signs up before the post is sent.
KEPT_FIELDS = ("title", "teaser", "text")


class PostSubmissionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    teaser = forms.CharField(
        label=_("Teaser"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences that make people want to read on."),
    )
    text = forms.CharField(
        label=_("Your example"),
        max_length=12000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "What you did, how it worked and what others can learn from it. Separate "
            "paragraphs with a blank line."
        ),
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=SectorPage.objects.none(), required=False
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, user=None, language_code=None, **kwargs):
        super().__init__(*args, **kwargs)
        language_code = language_code or settings.LANGUAGE_CODE
        sectors = SectorPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE)
        districts = District.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        self.fields["sector"].queryset = sectors.order_by("path")
        self.fields["sector"].label_from_instance = names_in_language(
            sectors, language_code, lambda sector: sector.title
        )
        self.fields["district"].queryset = districts.order_by("name", "kind")
        self.fields["district"].label_from_instance = names_in_language(
            districts, language_code, str
        )
        if user is not None and user.is_authenticated:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                memberships__user=user
            ).order_by("name")
        for number in range(1, IMAGE_SLOTS + 1):
            self.fields[f"image_{number}"] = forms.FileField(
                label=_("Image %(number)d") % {"number": number},
                required=False,
                widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
                help_text=_("PNG, JPEG or WebP, at most 10 MB."),
            )
            self.fields[f"alt_{number}"] = forms.CharField(
                label=_("What image %(number)d shows") % {"number": number},
                max_length=255,
                required=False,
                help_text=_("For people who cannot see it. Required with an image."),
            )

    def post_fields(self):
        """What the services take of a valid form."""
        return {
            name: self.cleaned_data[name]
            for name in ("title", "teaser", "text", "sector", "district", "organisation", "uploads")
        }

    def image_slots(self):
        """The pairs of image and alternative-text fields, for the template."""
        return [
            (self[f"image_{number}"], self[f"alt_{number}"]) for number in range(1, IMAGE_SLOTS + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        uploads = []
        for number in range(1, IMAGE_SLOTS + 1):
            upload = cleaned.get(f"image_{number}")
            alt = (cleaned.get(f"alt_{number}") or "").strip()
            if not upload:
                continue
            try:
                image = cleaned_image(upload)
            except UploadRefused as refusal:
                self.add_error(f"image_{number}", refusal.message)
                continue
            if not alt:
                self.add_error(
                    f"alt_{number}", _("Describe the image for people who cannot see it.")
                )
                continue
            uploads.append((image, alt))
        cleaned["uploads"] = uploads
        return cleaned
