"""The forms of a member's account beyond what django-allauth asks: their name and language at
sign-up, the language on their profile, the password again before the account is deleted."""

from allauth.account.adapter import get_adapter
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import services


def language_field(initial):
    return forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        initial=initial,
        widget=forms.RadioSelect,
        help_text=_("E-mails from SMART REGION come in this language."),
    )


class SignupDetailsForm(forms.Form):
    """Added to allauth's sign-up form (``ACCOUNT_SIGNUP_FORM_CLASS``) after the e-mail address
    and the password. allauth saves the name on the user; the language goes to the profile
    before the confirmation mail is written, so that it comes in that language."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    # The language of the page the member signs up on, unless they choose another.
    language = language_field(initial=get_language)

    field_order = ["email", "password1", "password2", "first_name", "last_name", "language"]

    def signup(self, request, user):
        services.profile_update(user=user, language=self.cleaned_data["language"])


class PreferredLanguageForm(forms.Form):
    language = language_field(initial=settings.LANGUAGE_CODE)


class AccountDeleteForm(forms.Form):
    """The password again: whoever finds a member's browser logged in cannot delete the
    account. The check counts as a login attempt, so django-axes and allauth limit guesses."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not get_adapter(self.request).reauthenticate(self.request.user, password):
            raise ValidationError(_("The password is not correct."))
        return password
