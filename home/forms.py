import uuid

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cms import fragments
from cms.models import SiteSettings

NO_WORKSHOP = ""


class RegistrationForm(forms.Form):
    """What a visitor gives to register. The places are checked by ``home.registrations``,
    under a lock, when the form is sent; the form only describes them."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    workshop = forms.ChoiceField(label=_("Workshop"), widget=forms.RadioSelect, required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example what you need for accessibility, or your diet."),
    )
    consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("Please agree to the processing of your data, or we cannot register you.")
        },
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, workshops, places, privacy_url, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshops = {str(workshop.pk): workshop for workshop in workshops}
        if workshops:
            self.fields["workshop"].choices = [
                (NO_WORKSHOP, _("No workshop, only the event")),
                *[(str(workshop.pk), workshop_label(workshop, places)) for workshop in workshops],
            ]
            self.fields["workshop"].initial = NO_WORKSHOP
        else:
            del self.fields["workshop"]
        # The error summary names the field shortly; its label is a whole sentence.
        self.fields["consent"].summary_label = _("Consent")
        consent = _("I agree that my data is processed to organise the event.")
        self.fields["consent"].label = (
            format_html('{} <a href="{}">{}</a>', consent, privacy_url, _("Privacy policy"))
            if privacy_url
            else consent
        )
        for name, field in self.fields.items():
            if field.required and not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs["required"] = True
            if name == "email":
                field.widget.attrs["autocomplete"] = "email"
            elif name == "name":
                field.widget.attrs["autocomplete"] = "name"
            elif name == "organisation":
                field.widget.attrs["autocomplete"] = "organization"

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    @property
    def chosen_workshop(self):
        return self.workshops.get(self.cleaned_data.get("workshop") or NO_WORKSHOP)


def workshop_label(workshop, places):
    left = places.left_in(workshop)
    if left:
        availability = ngettext("%(count)d place left", "%(count)d places left", left) % {
            "count": left
        }
    else:
        availability = _("full: waiting list")
    return f"{workshop.title} ({availability})"


def registration_section(request, event, data=None):
    """What the event page shows about registering: whether it is open, the free places and,
    while open, the form (bound to ``data`` when it was sent)."""
    from . import registrations

    state = registrations.registration_state(event)
    if state == registrations.RegistrationState.NOT_TAKEN:
        return None
    section = {"state": state, "event": event}
    if state == registrations.RegistrationState.OPEN:
        places = registrations.Places.of(event)
        workshops = list(event.workshops.all())
        section.update(
            places=places,
            form=RegistrationForm(
                data, workshops=workshops, places=places, privacy_url=privacy_url(request)
            ),
        )
    return section


def privacy_url(request):
    def find():
        page = SiteSettings.for_request(request).privacy_page
        return page.localized.url if page is not None and page.live else ""

    return fragments.cached("privacy-page-url", find)
