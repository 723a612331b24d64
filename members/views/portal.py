"""The member portal: a member's organisations, their profiles and people, and their seal
applications. The views only translate between HTTP and the services; an organisation the member
does not belong to answers 404, as one that does not exist."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import selectors, services
from ..forms import (
    ApplicationForm,
    AttachmentForm,
    CommentForm,
    InvitationForm,
    OrganisationForm,
    RoleForm,
    VersionedForm,
)
from ..models import Membership, Role
from .files import attachment_response

REFUSALS = (services.ActionNotAllowed, services.InvalidInput, services.EditConflict)


def posted_id(request, name):
    """A record's id sent with a form; anything else than a number is a record that is not
    there."""
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise Http404
    return int(value)


def portal_page(request, template, context, status=200):
    return TemplateResponse(
        request, f"members/portal/{template}", {"private_page": True, **context}, status=status
    )


@never_cache
@login_required
def portal(request):
    memberships = selectors.memberships_of(request.user)
    return portal_page(
        request,
        "portal.html",
        {"overview": selectors.portal_overview(request.user, memberships)},
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_create(request):
    form = OrganisationForm(
        request.POST or None, request.FILES or None, language_code=get_language()
    )
    if request.method == "POST" and form.is_valid():
        fields, sectors = form.service_fields()
        try:
            organisation = services.organisation_create(
                by=request.user,
                sectors=sectors,
                logo_upload=form.cleaned_data.get("logo_upload"),
                **fields,
            )
        except REFUSALS as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("Your organisation “%(name)s” is set up. You can now apply for the seal.")
                % {"name": organisation.name},
            )
            return redirect("members:organisation", slug=organisation.slug)
    return portal_page(request, "organisation_form.html", {"form": form})


@never_cache
@login_required
def organisation_detail(request, slug):
    organisation = selectors.organisation_of_member(request.user, slug)
    return portal_page(
        request,
        "organisation.html",
        {
            "organisation": organisation,
            "seal": selectors.seal_of(organisation),
            "applications": organisation.applications.all(),
            "may_apply": request.user.has_perm("members.apply_for_seal", organisation),
            "open_application": selectors.open_application_of(organisation),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_edit(request, slug):
    organisation = selectors.organisation_of_member(
        request.user, slug, permission="members.change_organisation"
    )
    form = OrganisationForm(
        request.POST or None,
        request.FILES or None,
        instance=organisation,
        language_code=get_language(),
    )
    version = VersionedForm(request.POST or None, initial={"version": organisation.version})
    if request.method == "POST" and form.is_valid() and version.is_valid():
        fields, sectors = form.service_fields()
        try:
            services.organisation_update(
                organisation=organisation,
                by=request.user,
                version=version.cleaned_data["version"],
                sectors=sectors,
                logo_upload=form.cleaned_data.get("logo_upload"),
                remove_logo=form.cleaned_data.get("remove_logo", False),
                **fields,
            )
        except REFUSALS as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("members:organisation", slug=organisation.slug)
    return portal_page(
        request,
        "organisation_form.html",
        {"form": form, "version_form": version, "organisation": organisation},
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_people(request, slug):
    """The organisation's people and open invitations; owners invite, change roles and remove
    people here."""
    organisation = selectors.organisation_of_member(request.user, slug)
    invitation_form = InvitationForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "invite":
                invitation_form = InvitationForm(request.POST)
                if invitation_form.is_valid():
                    services.invitation_create(
                        organisation=organisation,
                        by=request.user,
                        email=invitation_form.cleaned_data["email"],
                        role=invitation_form.cleaned_data["role"],
                        language=get_language(),
                    )
                    messages.success(
                        request,
                        _("The invitation is on its way to %(email)s.")
                        % {"email": invitation_form.cleaned_data["email"]},
                    )
                    return redirect("members:organisation_people", slug=slug)
            elif action in {"role", "remove"}:
                membership = get_object_or_404(
                    Membership, pk=posted_id(request, "membership"), organisation=organisation
                )
                if action == "role":
                    role_form = RoleForm(request.POST)
                    if not role_form.is_valid():
                        raise services.InvalidInput(_("Please choose a role."))
                    services.membership_set_role(
                        membership=membership, role=role_form.cleaned_data["role"], by=request.user
                    )
                    messages.success(request, _("The role is changed."))
                else:
                    services.membership_remove(membership=membership, by=request.user)
                    if membership.user == request.user:
                        messages.success(request, _("You have left the organisation."))
                        return redirect("members:portal")
                    messages.success(request, _("The person is removed."))
                return redirect("members:organisation_people", slug=slug)
            elif action == "withdraw":
                invitation = get_object_or_404(
                    organisation.invitations, pk=posted_id(request, "invitation")
                )
                services.invitation_withdraw(invitation=invitation, by=request.user)
                messages.success(request, _("The invitation is withdrawn."))
                return redirect("members:organisation_people", slug=slug)
        except REFUSALS as refusal:
            messages.error(request, refusal.message)
            if action != "invite":
                return redirect("members:organisation_people", slug=slug)
            invitation_form.add_error(None, refusal.message)
    return portal_page(
        request,
        "people.html",
        {
            "organisation": organisation,
            "memberships": organisation.memberships.select_related("user").order_by(
                "-role", "user__last_name", "user__email"
            ),
            "invitations": organisation.invitations.open(),
            "may_manage": request.user.has_perm(
                "members.manage_organisation_members", organisation
            ),
            "invitation_form": invitation_form,
            "roles": Role.choices,
        },
        status=400 if invitation_form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def application_start(request, slug):
    """A new application for the seal, or for the renewal of the organisation's seal."""
    organisation = selectors.organisation_of_member(request.user, slug)
    existing = selectors.open_application_of(organisation)
    if existing:
        return redirect("members:application", pk=existing.pk)
    seal = selectors.seal_of(organisation)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                organisation=organisation, by=request.user, renews=seal, **form.cleaned_data
            )
        except REFUSALS as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("Your draft is saved. Add documents if you like, then submit the application."),
            )
            return redirect("members:application", pk=application.pk)
    return portal_page(
        request,
        "application_form.html",
        {"form": form, "organisation": organisation, "renews": seal},
        status=400 if form.errors else 200,
    )


APPLICANT_ACTIONS = {
    "submit": gettext_lazy(
        "Your application is submitted. We will tell you by e-mail how it goes on."
    ),
    "withdraw": gettext_lazy("Your application is withdrawn."),
    "answer": gettext_lazy("Your answer is sent; the review goes on."),
}


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def application_detail(request, pk):
    """The application's status and history; while it may be changed, its answers and
    documents; and the steps the applicant may take."""
    application = selectors.application_of_member(request.user, pk)
    may_change = services.may_change_application(application, request.user)
    answers_form = ApplicationForm(instance=application)
    version_form = VersionedForm(initial={"version": application.version})
    attachment_form = AttachmentForm()
    comment_form = CommentForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "save":
                answers_form = ApplicationForm(request.POST, instance=application)
                version_form = VersionedForm(request.POST)
                if answers_form.is_valid() and version_form.is_valid():
                    services.application_update(
                        application=application,
                        by=request.user,
                        version=version_form.cleaned_data["version"],
                        **answers_form.cleaned_data,
                    )
                    messages.success(request, _("Your answers are saved."))
                    return redirect("members:application", pk=pk)
            elif action == "attach":
                attachment_form = AttachmentForm(request.POST, request.FILES)
                if attachment_form.is_valid():
                    services.attachment_add(
                        application=application,
                        by=request.user,
                        upload=attachment_form.cleaned_data["file"],
                    )
                    messages.success(request, _("The document is attached."))
                    return redirect("members:application", pk=pk)
            elif action == "detach":
                attachment = get_object_or_404(
                    application.attachments, pk=posted_id(request, "attachment")
                )
                services.attachment_remove(attachment=attachment, by=request.user)
                messages.success(request, _("The document is removed."))
                return redirect("members:application", pk=pk)
            elif action == "answer":
                comment_form = CommentForm(request.POST)
                if comment_form.is_valid():
                    services.application_answer(
                        application=application,
                        by=request.user,
                        comment=comment_form.cleaned_data["comment"],
                    )
                    messages.success(request, APPLICANT_ACTIONS["answer"])
                    return redirect("members:application", pk=pk)
            elif action in {"submit", "withdraw"}:
                getattr(services, f"application_{action}")(application=application, by=request.user)
                messages.success(request, APPLICANT_ACTIONS[action])
                return redirect("members:application", pk=pk)
        except REFUSALS as refusal:
            messages.error(request, refusal.message)
            application.refresh_from_db()
            may_change = services.may_change_application(application, request.user)
    has_errors = any(
        form.errors for form in (answers_form, version_form, attachment_form, comment_form)
    )
    return portal_page(
        request,
        "application.html",
        {
            "application": application,
            "organisation": application.organisation,
            "may_change": may_change,
            "steps": services.allowed_transitions(application, request.user),
            "answers_form": answers_form,
            "version_form": version_form,
            "attachment_form": attachment_form,
            "comment_form": comment_form,
            "history": selectors.history_for_applicant(application),
        },
        status=400 if has_errors else 200,
    )


@login_required
def attachment_download(request, pk, attachment):
    application = selectors.application_of_member(request.user, pk)
    document = get_object_or_404(application.attachments, pk=attachment)
    return attachment_response(document)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept(request, secret):
    invitation = services.invitation_for(secret)
    if invitation is None:
        return invitation_problem(request, "unknown", 404)
    if invitation.accepted_at is not None:
        return invitation_problem(request, "used", 409)
    if not invitation.is_open:
        return invitation_problem(request, "expired", 410)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            membership = services.invitation_accept(secret=secret, user=request.user)
        except services.InvitationProblem as problem:
            if problem.kind == "other_account":
                messages.error(request, problem.message)
                return redirect("members:invitation", secret=secret)
            status = {"unknown": 404, "used": 409, "expired": 410}[problem.kind]
            return invitation_problem(request, problem.kind, status)
        messages.success(
            request,
            _("Welcome to %(organisation)s.") % {"organisation": membership.organisation.name},
        )
        return redirect("members:organisation", slug=membership.organisation.slug)
    return portal_page(request, "invitation.html", {"invitation": invitation})


def invitation_problem(request, problem, status):
    return portal_page(
        request,
        "invitation_problem.html",
        {"problem": problem, "invitation_days": settings.MEMBER_INVITATION_DAYS},
        status=status,
    )
