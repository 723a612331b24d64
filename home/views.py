"""The registration's own page that its e-mails link to, and cancelling there; the event page
itself answers its registration form (``EventPage.serve_registration``)."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import registrations


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
