"""A member's own account: the preferred language, the download of their personal data and the
deletion of the account. Logging in, the password and the e-mail addresses are django-allauth's
pages (``account/…``)."""

import json

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import selectors, services
from ..account_forms import AccountDeleteForm, PreferredLanguageForm


def account_page(request, template, context):
    return TemplateResponse(
        request, f"members/account/{template}", {"private_page": True, **context}
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account(request):
    profile = services.profile_for(request.user)
    form = PreferredLanguageForm(request.POST or None, initial={"language": profile.language})
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(user=request.user, language=form.cleaned_data["language"])
        except services.InvalidInput as refusal:
            form.add_error("language", refusal.message)
        else:
            messages.success(request, _("Your preferred language is saved."))
            return redirect("members:account")
    return account_page(request, "account.html", {"form": form, "profile": profile})


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def account_export(request):
    """Everything the registry keeps about the member, as a JSON file to keep."""
    data = selectors.personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    filename = f"smart-region-personal-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(user=request.user)
        except services.ActionNotAllowed as refusal:
            form.add_error(None, refusal.message)
        else:
            get_adapter(request).logout(request)
            messages.success(
                request,
                _("Your account and your personal data are deleted. Goodbye, and thank you!"),
            )
            return redirect(reverse("wagtail_serve", args=[""]))
    return account_page(
        request,
        "delete.html",
        {
            "form": form,
            "stranded": list(services.organisations_left_without_owner(request.user)),
        },
    )
