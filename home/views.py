"""The visitor's side of event registration: the form sent from an event page, the
registration's own page that its e-mails link to, and cancelling there."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cms import fragments
from cms.models import SiteSettings

from . import registrations
from .forms import RegistrationForm
from .registrations import RegistrationState


def registration_section(request, event, data=None):
    """What the event page shows about registering: whether it is open, the free places and,
    while open, the form (bound to ``data`` when it was sent)."""
    state = registrations.registration_state(event)
    if state == RegistrationState.NOT_TAKEN:
        return None
    section = {"state": state, "event": event}
    if state == RegistrationState.OPEN:
        places = registrations.Places.of(event)
        workshops = list(event.workshops.all())
        section.update(
            places=places,
            form=RegistrationForm(
                data, workshops=workshops, places=places, privacy_url=privacy_url(request)
            ),
        )
    return section


def register(request, event):
    """Answers the registration form of ``event``: a registration made shows its own page
    (so that a reload does not send the form again); a refused or invalid one shows the form
    again with what the visitor typed and what to change."""
    section = registration_section(request, event, request.POST)
    form = section and section.get("form")
    if form is not None and form.is_valid():
        try:
            registration = registrations.registration_create(
                event=event,
                workshop=form.chosen_workshop,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                organisation=form.cleaned_data["organisation"],
                note=form.cleaned_data["note"],
                language=get_language() or settings.LANGUAGE_CODE,
                submission_key=form.cleaned_data["submission_key"],
            )
        except registrations.RegistrationRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            return HttpResponseRedirect(registrations.registration_path(registration))
    return TemplateResponse(
        request, event.get_template(request), event.get_context(request, registration=section)
    )


def privacy_url(request):
    def find():
        page = SiteSettings.for_request(request).privacy_page
        return page.localized.url if page is not None and page.live else ""

    return fragments.cached("privacy-page-url", find)


@never_cache
@require_http_methods(["GET", "HEAD"])
def registration_detail(request, token):
    """A registration's own page: its status, and the button that cancels it."""
    try:
        registration = registrations.registration_for_link(token)
    except registrations.LinkInvalid:
        return link_problem(request, "invalid", status=404)
    except registrations.EventHasBegun:
        return link_problem(request, "expired", status=410)
    event = registrations.event_in_language(registration)
    return TemplateResponse(
        request,
        "home/registration_detail.html",
        {
            "registration": registration,
            "event": event,
            "workshop": registrations.workshop_in_language(registration, event),
            "token": token,
            "private_page": True,
        },
    )


@never_cache
@require_POST
def registration_cancel(request, token):
    try:
        registration = registrations.registration_for_link(token)
        registrations.registration_cancel(registration=registration)
    except registrations.LinkInvalid:
        return link_problem(request, "invalid", status=404)
    except registrations.EventHasBegun:
        return link_problem(request, "expired", status=410)
    except registrations.AlreadyCancelled:
        return link_problem(request, "reused", status=409)
    return redirect("registration_detail", token=token)


def link_problem(request, problem, *, status):
    return TemplateResponse(
        request,
        "home/registration_link_problem.html",
        {"problem": problem, "private_page": True},
        status=status,
    )
