"""The seal registry in the Wagtail admin: reviewers and the seal committee work on applications;
the committee runs seals, ambassadors and the reviewers' assignments.

Every screen reads through ``members.selectors`` and changes through ``members.services``. A form
here collects what an action needs (a comment, a reason, a date), never a state; what a service
refuses is shown with its message and changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages as wagtail_messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import CreateView, DeleteView, IndexView
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import ActionColumn, HistoryView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import HeaderButton, MenuItem
from wagtail.permission_policies import ModelPermissionPolicy

from cms.models import District

from . import selectors, services
from .models import (
    REVIEWER_GROUP,
    Ambassador,
    ApplicationState,
    Organisation,
    Recommendation,
    ReviewerAssignment,
    Seal,
    SealApplication,
    SealStatus,
    in_default_language,
)
from .views.files import attachment_response

State = ApplicationState


# Who may do what


def reviews_applications(user):
    """Reviewers and the seal committee work on applications; other admin users (editors) do
    not see them at all."""
    if not hasattr(user, "_reviews_applications"):
        user._reviews_applications = user.is_active and (
            user.has_perm("members.decide_sealapplication")
            or user.groups.filter(name=REVIEWER_GROUP).exists()
        )
    return user._reviews_applications


class RecordPermissionPolicy(ModelPermissionPolicy):
    """The registry's records change only through their services, so the admin knows no
    "change" of its own: where a record has a screen at its edit address, that screen shows it
    with the actions its services offer, and "change" names who may open it. ``permissions``
    names the permission behind each admin action; an action it leaves out (copying, and mostly
    adding and deleting) is no one's."""

    def __init__(self, model, permissions):
        super().__init__(model)
        self.permissions = permissions

    def user_has_permission(self, user, action):
        permission = self.permissions.get(action)
        return bool(permission) and user.is_active and user.has_perm(permission)


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """A reviewer reaches the applications assigned to them (django-guardian's object
    permissions, given by the services), the committee every submitted one; "change" stands
    for the review screen. Applications come from the member portal and are never deleted."""

    def user_has_permission(self, user, action):
        return action in {"view", "change"} and reviews_applications(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return SealApplication.objects.none()
        return selectors.applications_for_review(user)


# A record's screen: what it holds, its actions and its history


@dataclass(frozen=True)
class RecordAction:
    """One action a record's screen offers: its heading and button, the form that collects what
    the service needs, and ``perform(record, user, cleaned_data)``, which calls the service and
    returns the message that says what happened."""

    heading: str
    label: str
    form_class: type
    perform: Callable
    serious: bool = False


class ActionForm(forms.Form):
    """An action's form, which knows the record it acts on."""

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record


def comment_field(label, required_message=None, help_text=""):
    """A comment that the service requires carries the service's own message for a missing
    one, so that the form and the service say the same."""
    return forms.CharField(
        label=label,
        required=bool(required_message),
        error_messages={"required": required_message} if required_message else {},
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=help_text,
    )


class CommentedActionColumn(ActionColumn):
    """The history's action with its comment or reason, which Wagtail shows only for models
    with revisions."""

    cell_template_name = "wagtailadmin/generic/history/action_cell.html"


class RecordHistoryView(HistoryView):
    """Wagtail's history of a record, for everyone who may see the record, with each entry's
    comment or reason."""

    any_permission_required = ["view"]
    record_label = _("Details")

    def get_base_object_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, "view")

    @cached_property
    def columns(self):
        action, *others = super().columns
        return [
            CommentedActionColumn(
                action.name,
                label=action.label,
                object=self.object,
                url_names={},
                user_can_unschedule=False,
            ),
            *others,
        ]

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                label=self.record_label, url=self.get_edit_url(self.object), icon_name="view"
            )
        ]


class RecordView(PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin, TemplateView):
    """A record at its edit address: its facts, the forms of the actions the user may take now,
    and its history. A record the user may not see answers 404, as one that does not exist."""

    permission_required = "view"
    template_name = "members/admin/record.html"
    index_url_name = None
    edit_url_name = None
    history_url_name = None
    actions = {}

    def get_base_object_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, "view")

    def get_page_title(self):
        return self.page_title or capfirst(self.model._meta.verbose_name)

    def get_page_subtitle(self):
        return str(self.object)

    @cached_property
    def edit_url(self):
        return reverse(self.edit_url_name, args=[self.object.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(self.model._meta.verbose_name_plural),
            },
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def offered_actions(self):
        """The names of the actions the user may take now, in the order the screen shows them."""
        return []

    def facts(self):
        """What the record holds, as (label, value) pairs."""
        return []

    def check_still_current(self, form):
        """Raise ``NotInThisState`` if the form was filled in on a screen that is stale now."""

    def make_form(self, name, data=None):
        return self.actions[name].form_class(data, prefix=name, record=self.object)

    def get_context_data(self, bound=None, **kwargs):
        bound_name, bound_form = bound or (None, None)
        offered = [
            {
                "name": name,
                "action": self.actions[name],
                "form": bound_form if name == bound_name else self.make_form(name),
            }
            for name in self.offered_actions()
        ]
        return super().get_context_data(
            object=self.object,
            facts=self.facts(),
            offered_actions=offered,
            history=selectors.history_of(self.object),
            history_url=reverse(self.history_url_name, args=[self.object.pk]),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        # Messages are put into words now: the session keeps them past the end of the request,
        # and with it the user's admin language.
        name = request.POST.get("action")
        if name not in self.actions:
            messages.error(request, str(_("This action is not known.")))
            return redirect(self.edit_url)
        form = self.make_form(name, request.POST)
        if name not in self.offered_actions():
            # A step the screen does not offer (any more): say why, if someone else's step
            # took it away, and take it in no case.
            try:
                if form.is_valid():
                    self.check_still_current(form)
                raise services.ActionNotAllowed()
            except services.ActionNotAllowed as refusal:
                messages.error(request, str(refusal.message))
                return redirect(self.edit_url)
        if form.is_valid():
            try:
                self.check_still_current(form)
                done = self.actions[name].perform(self.object, request.user, form.cleaned_data)
            except services.InvalidInput as refusal:
                text_field = next((f for f in ("comment", "reason") if f in form.fields), None)
                form.add_error(text_field, refusal.message)
            except (services.ActionNotAllowed, services.EditConflict) as refusal:
                messages.error(request, str(refusal.message))
                return redirect(self.edit_url)
            else:
                messages.success(request, str(done))
                return redirect(self.edit_url)
        messages.error(request, str(_("Please correct the form below.")))
        return self.render_to_response(self.get_context_data(bound=(name, form)))


class RecordIndexView(IndexView):
    """A listing whose rows lead to each record's screen and history."""

    history_url_name = None
    record_label = _("Details")

    def get_list_more_buttons(self, instance):
        buttons = []
        if url := self.get_edit_url(instance) or self.get_inspect_url(instance):
            buttons.append(MenuItem(self.record_label, url=url, icon_name="view", priority=10))
        if self.history_url_name:
            url = reverse(self.history_url_name, args=[instance.pk])
            buttons.append(MenuItem(_("History"), url=url, icon_name="history", priority=20))
        if url := self.get_delete_url(instance):
            buttons.append(MenuItem(_("Delete"), url=url, icon_name="bin", priority=30))
        return buttons


# Seal applications


class ApplicationActionForm(ActionForm):
    """Sends the version of the application that the screen showed: a step taken on a screen
    that someone else's step made stale is refused, rather than taken on what the reviewer no
    longer sees."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, record=record, **kwargs)
        self.fields["version"].initial = record.version


def stale_message(application):
    if application.state in {State.APPROVED, State.REJECTED}:
        return _("Someone else decided on this application in the meantime.")
    return _(
        "Someone else changed this application in the meantime; it is “%(state)s” now. "
        "Please look at it again."
    ) % {"state": application.get_state_display()}


class CommentForm(ActionForm):
    comment = comment_field(_("Comment"), _("Please write a comment."))
    for_applicant = forms.BooleanField(
        label=_("Visible to the applicant"),
        required=False,
        help_text=_("Otherwise only reviewers and the seal committee read it."),
    )


class RecommendForm(ApplicationActionForm):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=[(value, capfirst(label)) for value, label in Recommendation.choices],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please recommend approval or rejection.")},
    )
    comment = comment_field(_("Reasons"), help_text=_("For the seal committee."))


class RequestChangesForm(ApplicationActionForm):
    comment = comment_field(
        _("Requested changes"),
        _("Please say which changes you request."),
        help_text=_("The applicant reads this in the e-mail and in the member area."),
    )


class ApproveForm(ApplicationActionForm):
    comment = comment_field(_("Comment"), help_text=_("The applicant reads this."))


class RejectForm(ApplicationActionForm):
    comment = comment_field(
        _("Reason for the rejection"),
        _("Please give the reason for the rejection."),
        help_text=_("The applicant reads this."),
    )


def start_review(application, by, data):
    services.application_start_review(application=application, by=by)
    return _("The review has started; the applicant has been told.")


def add_comment(application, by, data):
    services.application_comment(
        application=application,
        by=by,
        comment=data["comment"],
        for_applicant=data["for_applicant"],
    )
    if data["for_applicant"]:
        return _("Your comment has been saved; the applicant can read it.")
    return _("Your comment has been saved.")


def recommend(application, by, data):
    services.application_recommend(
        application=application,
        by=by,
        recommendation=data["recommendation"],
        comment=data["comment"],
    )
    return _("Your recommendation has been saved: %(recommendation)s.") % {
        "recommendation": application.get_recommendation_display()
    }


def request_changes(application, by, data):
    services.application_request_changes(application=application, by=by, comment=data["comment"])
    return _("Changes requested; the applicant has been told.")


def approve(application, by, data):
    services.application_approve(application=application, by=by, comment=data["comment"])
    seal = selectors.seal_of(application.organisation)
    return _("The application is approved: seal %(serial)s is valid until %(date)s.") % {
        "serial": seal.serial_number,
        "date": date_format(seal.valid_until),
    }


def reject(application, by, data):
    services.application_reject(application=application, by=by, comment=data["comment"])
    return _("The application is rejected; the applicant has been told.")


REVIEW_ACTIONS = {
    "start_review": RecordAction(
        _("Review"), _("Start review"), ApplicationActionForm, start_review
    ),
    "recommend": RecordAction(
        _("Recommendation to the committee"), _("Save recommendation"), RecommendForm, recommend
    ),
    "request_changes": RecordAction(
        _("Change request"), _("Request changes"), RequestChangesForm, request_changes
    ),
    "approve": RecordAction(_("Approval"), _("Approve and issue the seal"), ApproveForm, approve),
    "reject": RecordAction(_("Rejection"), _("Reject"), RejectForm, reject, serious=True),
    "comment": RecordAction(_("Comment"), _("Save comment"), CommentForm, add_comment),
}


def offered_review_actions(application, user):
    """The transitions the services allow ``user`` now, then recommending while the application
    is in review and commenting, for everyone who reviews it."""
    allowed = set(services.allowed_transitions(application, user))
    offered = [name for name in REVIEW_ACTIONS if name in allowed]
    if services.may_take(application, user, "reviewer"):
        if application.state == State.IN_REVIEW:
            offered.append("recommend")
        offered.append("comment")
    return sorted(offered, key=list(REVIEW_ACTIONS).index)


class ApplicationReviewView(RecordView):
    """The review screen: the answers, attachments and the organisation's profile, the history
    with everyone's comments, and the actions that the user's role and the state allow."""

    permission_required = "change"
    template_name = "members/admin/application_review.html"
    header_icon = "form"
    page_title = _("Review")
    attachment_url_name = None
    actions = REVIEW_ACTIONS

    def get_base_object_queryset(self):
        return (
            super()
            .get_base_object_queryset()
            .select_related("renews", "organisation__logo")
            .prefetch_related("attachments", "organisation__sectors")
        )

    def get_page_subtitle(self):
        return self.object.organisation.name

    def offered_actions(self):
        return offered_review_actions(self.object, self.request.user)

    def check_still_current(self, form):
        version = form.cleaned_data.get("version")
        if version is not None and version != self.object.version:
            raise services.NotInThisState(stale_message(self.object))

    def facts(self):
        application = self.object
        facts = [
            (_("state"), application.get_state_display()),
            (_("reviewers' recommendation"), application.get_recommendation_display() or "–"),
            (
                _("submitted"),
                date_format(timezone.localtime(application.submitted_at), "DATETIME_FORMAT")
                if application.submitted_at
                else "–",
            ),
        ]
        if application.decided_at:
            decided = date_format(timezone.localtime(application.decided_at), "DATETIME_FORMAT")
            facts.append((_("decided"), decided))
        if application.renews:
            facts.append((_("renews seal"), self.seal_reference(application.renews)))
        elif application.state == State.APPROVED and (
            seal := selectors.seal_of(application.organisation)
        ):
            facts.append((_("seal"), self.seal_reference(seal)))
        return facts

    def seal_reference(self, seal):
        """The seal's serial number, linked to its screen for those who may open it."""
        if not self.request.user.has_perm("members.view_seal"):
            return seal.serial_number
        return format_html(
            '<a href="{}">{}</a>', reverse("seals:edit", args=[seal.pk]), seal.serial_number
        )

    def answers(self):
        return [
            {
                "question": field.help_text,
                "label": capfirst(field.verbose_name),
                "text": getattr(self.object, field.name),
            }
            for field in (SealApplication._meta.get_field(name) for name in services.ANSWER_FIELDS)
        ]

    def organisation_facts(self):
        organisation = self.object.organisation
        address = f"{organisation.street}, {organisation.postal_code} {organisation.city}"
        return [
            (_("name"), organisation.name),
            (_("kind"), organisation.get_kind_display()),
            (_("legal form"), organisation.legal_form or "–"),
            (_("address"), address),
            (_("district"), organisation.district),
            (
                _("sectors"),
                ", ".join(sector.title for sector in organisation.sectors.all()) or "–",
            ),
            (_("website"), organisation.website or "–"),
            (_("contact person"), organisation.contact_name),
            (_("contact e-mail"), organisation.contact_email),
            (_("contact phone"), organisation.contact_phone or "–"),
        ]

    def get_context_data(self, **kwargs):
        attachments = [
            {
                "attachment": attachment,
                "url": reverse(self.attachment_url_name, args=[self.object.pk, attachment.pk]),
            }
            for attachment in self.object.attachments.all()
        ]
        return super().get_context_data(
            answers=self.answers(),
            attachments=attachments,
            organisation=self.object.organisation,
            organisation_facts=self.organisation_facts(),
            **kwargs,
        )


class ApplicationIndexView(RecordIndexView):
    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, "view")


class ApplicationFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=capfirst(_("state")),
        choices=[choice for choice in State.choices if choice[0] != State.DRAFT],
    )
    district = django_filters.ModelChoiceFilter(
        label=capfirst(_("district")),
        field_name="organisation__district",
        queryset=District.objects.filter(in_default_language()).order_by("name", "kind"),
    )

    class Meta:
        model = SealApplication
        fields = []


AWAITING_WORK = {State.SUBMITTED, State.IN_REVIEW}


def attachment_download(request, pk, attachment_pk, *, permission_policy):
    """An attachment, to those who may review its application only: sent as a download with
    the content type found on upload, never from the public media address."""
    application = get_object_or_404(
        permission_policy.instances_user_has_permission_for(request.user, "view"), pk=pk
    )
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    return attachment_response(attachment)


class RecordViewSetMixin:
    """What the registry's viewsets share: records are not in the reference index (no usage
    screen), and only the addresses named in ``url_names`` exist."""

    add_to_reference_index = False
    copy_view_enabled = False
    history_view_class = RecordHistoryView
    url_names = ()
    form_class = None

    def get_form_class(self, for_update=False):
        return self.form_class

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in self.url_names]

    def get_index_view_kwargs(self, **kwargs):
        history = self.get_url_name("history") if "history" in self.url_names else None
        return super().get_index_view_kwargs(history_url_name=history, **kwargs)


class ApplicationViewSet(RecordViewSetMixin, ModelViewSet):
    model = SealApplication
    name = "seal_applications"
    url_prefix = "seal-applications"
    icon = "form"
    menu_label = _("Applications")
    permission_policy = ApplicationPermissionPolicy(SealApplication)
    index_view_class = ApplicationIndexView
    edit_view_class = ApplicationReviewView
    url_names = ("index", "index_results", "edit", "history", "history_results")
    list_display = [
        "organisation",
        Column("district", label=capfirst(_("district")), accessor="organisation.district"),
        StatusTagColumn(
            "state",
            label=capfirst(_("state")),
            accessor="get_state_display",
            sort_key="state",
            primary=lambda application: application.state in AWAITING_WORK,
        ),
        Column(
            "recommendation",
            label=capfirst(_("reviewers' recommendation")),
            accessor="get_recommendation_display",
        ),
        DateColumn("submitted_at", label=capfirst(_("submitted")), sort_key="submitted_at"),
    ]
    filterset_class = ApplicationFilterSet
    search_fields = ["organisation__name"]
    search_backend_name = None
    ordering = ["-submitted_at", "-pk"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(record_label=_("Review"), **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            attachment_url_name=self.get_url_name("attachment"), **kwargs
        )

    def get_history_view_kwargs(self, **kwargs):
        return super().get_history_view_kwargs(record_label=_("Review"), **kwargs)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "<int:pk>/attachments/<int:attachment_pk>/",
                self.attachment_view,
                name="attachment",
            ),
        ]

    def attachment_view(self, request, pk, attachment_pk):
        return attachment_download(
            request, pk, attachment_pk, permission_policy=self.permission_policy
        )


# Seals


class SealReasonForm(ActionForm):
    reason = forms.CharField(
        label=_("Public reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Shown on the seal's badge page and sent to the holder."),
    )


class SuspendForm(SealReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _(
            "Please give the reason for the suspension."
        )


class RevokeForm(SealReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _(
            "Please give the reason for the revocation."
        )


class ReinstateForm(ActionForm):
    reason = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Sent to the holder with the news."),
    )


def seal_step(service, done):
    def perform(seal, by, data):
        service(seal=seal, by=by, reason=data["reason"])
        return done

    return perform


SEAL_ACTIONS = {
    "suspend": RecordAction(
        _("Suspension"),
        _("Suspend seal"),
        SuspendForm,
        seal_step(services.seal_suspend, _("The seal is suspended; the holder has been told.")),
    ),
    "reinstate": RecordAction(
        _("Reinstatement"),
        _("Reinstate seal"),
        ReinstateForm,
        seal_step(
            services.seal_reinstate, _("The seal is active again; the holder has been told.")
        ),
    ),
    "revoke": RecordAction(
        _("Revocation"),
        _("Revoke seal"),
        RevokeForm,
        seal_step(services.seal_revoke, _("The seal is revoked; the holder has been told.")),
        serious=True,
    ),
}


def seal_state(seal, today=None):
    """The status in words, with expiry, which is no status of its own."""
    if seal.status == SealStatus.ACTIVE and seal.is_expired(today):
        return _("expired")
    return seal.get_status_display()


class SealView(RecordView):
    header_icon = "success"
    actions = SEAL_ACTIONS

    def get_base_object_queryset(self):
        return super().get_base_object_queryset().select_related("organisation")

    def offered_actions(self):
        if not self.request.user.has_perm("members.manage_seal"):
            return []
        return [
            name
            for name, (sources, _target) in services.SEAL_TRANSITIONS.items()
            if self.object.status in sources
        ]

    def facts(self):
        seal = self.object
        facts = [
            (_("serial number"), seal.serial_number),
            (_("holder"), seal.organisation),
            (_("status"), seal_state(seal)),
            (_("valid from"), date_format(seal.valid_from)),
            (_("valid until"), date_format(seal.valid_until)),
            (_("issued"), date_format(timezone.localtime(seal.issued_at), "DATETIME_FORMAT")),
        ]
        if seal.status_reason:
            facts.append((_("public reason"), seal.status_reason))
        return facts


class SealIndexView(RecordIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organisation")


class SealViewSet(RecordViewSetMixin, ModelViewSet):
    model = Seal
    name = "seals"
    icon = "success"
    permission_policy = RecordPermissionPolicy(
        Seal, {"view": "members.view_seal", "change": "members.view_seal"}
    )
    index_view_class = SealIndexView
    edit_view_class = SealView
    url_names = ("index", "index_results", "edit", "history", "history_results")
    list_display = [
        "serial_number",
        Column("organisation", label=capfirst(_("holder")), sort_key="organisation__name"),
        StatusTagColumn(
            "status",
            label=capfirst(_("status")),
            accessor=seal_state,
            sort_key="status",
            primary=lambda seal: seal.is_valid(),
        ),
        Column(
            "valid_until",
            label=capfirst(_("valid until")),
            accessor=lambda seal: date_format(seal.valid_until),
            sort_key="valid_until",
        ),
    ]
    list_filter = ["status"]
    search_fields = ["serial_number", "organisation__name"]
    search_backend_name = None
    ordering = ["-issued_at"]


# Ambassadors


class AmbassadorForm(WagtailAdminModelForm):
    """Whom the committee names: an organisation or a person, for a sector or a district, for a
    term. The constraints' own messages name the constraint; these say what to do."""

    class Meta:
        model = Ambassador
        help_texts = {
            "organisation": _("Choose an organisation, or name a person below."),
            "district": _("A sector, a district or both."),
        }
        fields = [
            "organisation",
            "person_name",
            "person_role",
            "sector",
            "district",
            "term_start",
            "term_end",
            "statement_de",
            "statement_en",
        ]

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and not data.get("person_name"):
            self.add_error("person_name", _("Please choose an organisation or name a person."))
        if not data.get("sector") and not data.get("district"):
            self.add_error("district", _("Please choose a sector or a district."))
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", _("The term must end after it starts."))
        return data


class ServiceCreateView(CreateView):
    """Creates through a service; what the service refuses shows on the form."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error.messages)
        except (services.ActionNotAllowed, services.InvalidInput) as refusal:
            form.add_error(None, refusal.message)
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)


class AmbassadorCreateView(ServiceCreateView):
    def save_instance(self):
        return services.ambassador_appoint(by=self.request.user, **self.form.cleaned_data)

    def get_success_buttons(self):
        return [wagtail_messages.button(self.get_edit_url(), _("Details"))]


class EndTermForm(ActionForm):
    on = forms.DateField(label=_("Term ends on"), widget=AdminDateInput, initial=timezone.localdate)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > self.record.term_end:
            raise ValidationError(
                _("The term ends on %(date)s already; it can be ended early, not extended.")
                % {"date": date_format(self.record.term_end)}
            )
        return on


def end_term(ambassador, by, data):
    services.ambassador_end(ambassador=ambassador, by=by, on=data["on"])
    return _("The term ends on %(date)s.") % {"date": date_format(ambassador.term_end)}


def ambassador_scope(ambassador):
    return ambassador.sector or ambassador.district


def in_term(ambassador, today=None):
    today = today or timezone.localdate()
    return ambassador.term_start <= today <= ambassador.term_end


def term_state(ambassador, today=None):
    today = today or timezone.localdate()
    if ambassador.term_end < today:
        return _("ended")
    if ambassador.term_start > today:
        return _("upcoming")
    return _("current")


class AmbassadorView(RecordView):
    header_icon = "user"
    actions = {"end": RecordAction(_("End of term"), _("End term"), EndTermForm, end_term)}

    def get_base_object_queryset(self):
        queryset = super().get_base_object_queryset()
        return queryset.select_related("organisation", "sector", "district")

    def offered_actions(self):
        if self.request.user.has_perm("members.appoint_ambassador") and (
            self.object.term_end >= timezone.localdate()
        ):
            return ["end"]
        return []

    def facts(self):
        ambassador = self.object
        return [
            (_("organisation"), ambassador.organisation or "–"),
            (_("person"), ambassador.person_name or "–"),
            (_("role of the person"), ambassador.person_role or "–"),
            (_("for"), ambassador_scope(ambassador)),
            (_("term starts"), date_format(ambassador.term_start)),
            (_("term ends"), date_format(ambassador.term_end)),
            (_("term"), term_state(ambassador)),
            (_("statement in German"), ambassador.statement_de),
            (_("statement in English"), ambassador.statement_en or "–"),
        ]


class AmbassadorIndexView(RecordIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organisation", "sector", "district")


class AmbassadorViewSet(RecordViewSetMixin, ModelViewSet):
    model = Ambassador
    name = "ambassadors"
    icon = "user"
    permission_policy = RecordPermissionPolicy(
        Ambassador,
        {
            "view": "members.appoint_ambassador",
            "change": "members.appoint_ambassador",
            "add": "members.appoint_ambassador",
        },
    )
    index_view_class = AmbassadorIndexView
    add_view_class = AmbassadorCreateView
    edit_view_class = AmbassadorView
    url_names = ("index", "index_results", "add", "edit", "history", "history_results")
    list_display = [
        "__str__",
        Column("scope", label=_("For"), accessor=ambassador_scope),
        Column(
            "term_start",
            label=capfirst(_("term starts")),
            accessor=lambda ambassador: date_format(ambassador.term_start),
            sort_key="term_start",
        ),
        Column(
            "term_end",
            label=capfirst(_("term ends")),
            accessor=lambda ambassador: date_format(ambassador.term_end),
            sort_key="term_end",
        ),
        StatusTagColumn(
            "term",
            label=_("Term"),
            accessor=term_state,
            primary=in_term,
        ),
    ]
    search_fields = ["person_name", "organisation__name"]
    search_backend_name = None
    ordering = ["-term_start"]
    form_class = AmbassadorForm


# Reviewer assignments


def person_label(user):
    name = user.get_full_name()
    return f"{name} <{user.email}>" if name else user.email or user.get_username()


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return person_label(user)


class ReviewerAssignmentForm(WagtailAdminModelForm):
    reviewer = ReviewerChoiceField(
        label=_("Reviewer"),
        queryset=get_user_model()
        .objects.filter(is_active=True)
        .order_by("last_name", "first_name", "email"),
        help_text=_("The person joins the reviewers and gets the open applications from here."),
    )

    class Meta:
        model = ReviewerAssignment
        fields = ["reviewer", "district", "sector"]

    def clean(self):
        data = super().clean()
        if bool(data.get("district")) == bool(data.get("sector")):
            # On a field, so that the model's constraint, which says the same in its own words,
            # is not checked again.
            self.add_error("district", _("Please choose either a district or a sector."))
        return data


class ReviewerAssignmentCreateView(ServiceCreateView):
    def save_instance(self):
        return services.reviewer_assign(by=self.request.user, **self.form.cleaned_data)

    def get_success_buttons(self):
        return []


class ReviewerAssignmentDeleteView(DeleteView):
    def delete_action(self):
        services.reviewer_unassign(assignment=self.object, by=self.request.user)


class ReviewerAssignmentIndexView(RecordIndexView):
    page_title = _("Reviewers")
    add_item_label = _("Assign reviewer")

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("reviewer", "district", "sector")

    @cached_property
    def columns(self):
        # The reviewer's name and address rather than the login name that str() gives, in the
        # title column that carries each row's buttons.
        title_column = self._get_title_column_class(TitleColumn)(
            "reviewer",
            label=_("Reviewer"),
            accessor=lambda assignment: person_label(assignment.reviewer),
            get_url=lambda assignment: None,
            sort_key="reviewer__last_name",
        )
        return [title_column, *super().columns[1:]]


class ReviewerAssignmentViewSet(RecordViewSetMixin, ModelViewSet):
    model = ReviewerAssignment
    name = "reviewer_assignments"
    url_prefix = "reviewer-assignments"
    icon = "group"
    menu_label = _("Reviewers")
    permission_policy = RecordPermissionPolicy(
        ReviewerAssignment,
        {
            "view": "members.view_reviewerassignment",
            "add": "members.add_reviewerassignment",
            "delete": "members.delete_reviewerassignment",
        },
    )
    index_view_class = ReviewerAssignmentIndexView
    add_view_class = ReviewerAssignmentCreateView
    delete_view_class = ReviewerAssignmentDeleteView
    url_names = ("index", "index_results", "add", "delete")
    list_display = [
        "reviewer",
        Column("district", label=capfirst(_("district")), sort_key="district__name"),
        Column("sector", label=capfirst(_("sector")), sort_key="sector__title"),
    ]
    search_fields = ["reviewer__email", "reviewer__last_name", "reviewer__first_name"]
    search_backend_name = None
    ordering = ["reviewer__last_name", "reviewer__first_name", "pk"]
    form_class = ReviewerAssignmentForm

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(usage_url_name=None, **kwargs)


# Organisations, to read


def seal_link(organisation):
    seals = organisation.standing_seals
    if not seals:
        return ""
    seal = seals[0]
    return format_html(
        '<a href="{}">{}</a> ({})',
        reverse("seals:edit", args=[seal.pk]),
        seal.serial_number,
        seal_state(seal),
    )


def applications_link(organisation):
    return format_html(
        '<a href="{}?{}">{}</a>',
        reverse("seal_applications:index"),
        urlencode({"q": organisation.name}),
        _("Applications"),
    )


class OrganisationIndexView(RecordIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("district")
            .prefetch_related(
                Prefetch(
                    "seals",
                    queryset=Seal.objects.exclude(status=SealStatus.REVOKED),
                    to_attr="standing_seals",
                )
            )
        )


class OrganisationViewSet(RecordViewSetMixin, ModelViewSet):
    """Organisations are their members' to change, in the member portal; the committee reads
    them here."""

    model = Organisation
    name = "organisations"
    icon = "site"
    permission_policy = RecordPermissionPolicy(Organisation, {"view": "members.view_organisation"})
    index_view_class = OrganisationIndexView
    inspect_view_enabled = True
    inspect_view_fields = [
        "name",
        "kind",
        "legal_form",
        "street",
        "postal_code",
        "city",
        "district",
        "sectors",
        "website",
        "description_de",
        "description_en",
        "contact_name",
        "contact_email",
        "contact_phone",
    ]
    url_names = ("index", "index_results", "inspect", "history", "history_results")
    list_display = [
        "name",
        "kind",
        Column("district", label=capfirst(_("district")), sort_key="district__name"),
        Column("seal", label=capfirst(_("seal")), accessor=seal_link),
        Column("applications", label=_("Applications"), accessor=applications_link),
    ]
    list_filter = ["kind"]
    search_fields = ["name", "city"]
    search_backend_name = None
    ordering = ["name"]

    def get_history_view_kwargs(self, **kwargs):
        return super().get_history_view_kwargs(edit_url_name=self.get_url_name("inspect"), **kwargs)


class ApplicationsAwaitingReviewPanel(Component):
    """On a reviewer's or committee member's dashboard: the applications waiting for them."""

    name = "applications_awaiting_review"
    template_name = "members/admin/applications_awaiting_review_panel.html"
    order = 50
    shown = 10

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        waiting = (
            selectors.applications_for_review(user)
            .filter(state__in=AWAITING_WORK)
            .order_by("submitted_at", "pk")
        )
        applications = list(waiting[: self.shown + 1])
        return {
            "applications": [
                {
                    "application": application,
                    "url": reverse("seal_applications:edit", args=[application.pk]),
                }
                for application in applications[: self.shown]
            ],
            "more": len(applications) > self.shown,
            "index_url": reverse("seal_applications:index"),
        }


class SealRegistryViewSetGroup(ViewSetGroup):
    menu_label = _("Seal registry")
    menu_icon = "success"
    menu_order = 260
    items = (
        ApplicationViewSet,
        SealViewSet,
        AmbassadorViewSet,
        ReviewerAssignmentViewSet,
        OrganisationViewSet,
    )
