"""The organisers' screens for registrations: the list with filters and exports, cancelling
through the same rule as the visitor's link, and the attendance list to print."""

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.forms import modelform_factory
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy

from . import registrations
from .models import EventPage, Registration, RegistrationStatus
from .models.events import ACTIVE_STATUSES


class RegistrationPermissionPolicy(ModelPermissionPolicy):
    """Registrations come only from the form, through ``home.registrations``; organisers
    correct what people typed, and cancel, but neither add nor delete."""

    def user_has_permission(self, user, action):
        # Deleting would free a place without moving anyone up; cancelling does that.
        if action in {"add", "copy", "delete"}:
            return False
        return super().user_has_permission(user, action)


def with_waiting_position(queryset):
    """Each waiting registration's place in its event's queue, whatever the list shows."""
    ahead = (
        Registration.objects.filter(event=OuterRef("event"), status=RegistrationStatus.WAITING)
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("event")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return queryset.annotate(waiting_ahead=Coalesce(Subquery(ahead), 0))


def waiting_position(registration):
    if registration.status != RegistrationStatus.WAITING:
        return ""
    return registration.waiting_ahead + 1


class WaitingPositionColumn(Column):
    def get_value(self, instance):
        return waiting_position(instance)


def in_region_time(value):
    return timezone.make_naive(value, timezone.get_default_timezone())


def spreadsheet_text(value):
    """Text that a spreadsheet program shows as typed: visitors' answers that begin like a
    formula (=, +, -, @) are not run as one."""
    return f"'{value}" if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


class RegistrationIndexView(IndexView):
    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        datetime: {
            IndexView.FORMAT_XLSX: in_region_time,
            IndexView.FORMAT_CSV: lambda value: f"{in_region_time(value):%Y-%m-%d %H:%M}",
        },
        # Wagtail keeps XLSX cells that look like formulas as text already.
        str: {IndexView.FORMAT_CSV: spreadsheet_text},
    }

    def to_row_dict(self, item):
        item.waiting_position = waiting_position(item)
        return super().to_row_dict(item)

    def get_base_queryset(self):
        return with_waiting_position(
            super().get_base_queryset().select_related("event", "workshop")
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if (
            instance.status != RegistrationStatus.CANCELLED
            and self.permission_policy.user_has_permission(self.request.user, "change")
        ):
            buttons.append(
                MenuItem(
                    _("Cancel registration"),
                    url=reverse("registrations:cancel", args=[instance.pk]),
                    icon_name="cross",
                    priority=25,
                )
            )
        return buttons


class RegistrationCorrectionForm(WagtailAdminModelForm):
    """What organisers correct; an address may not be registered twice for one event."""

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        registration = self.instance
        if (
            registration.status in ACTIVE_STATUSES
            and registrations.active_registrations(registration.event, email)
            .exclude(pk=registration.pk)
            .exists()
        ):
            raise ValidationError(_("This e-mail address is already registered for this event."))
        return email


class CancelRegistrationView(WagtailAdminTemplateMixin, TemplateView):
    """Asks before it cancels, then cancels as the visitor's own link does."""

    template_name = "home/admin/registration_cancel.html"
    page_title = _("Cancel registration")
    header_icon = "cross"
    permission_policy = None

    def dispatch(self, request, pk):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        self.registration = get_object_or_404(
            Registration.objects.select_related("event", "workshop"), pk=pk
        )
        return super().dispatch(request, pk=pk)

    def get_page_subtitle(self):
        return self.registration.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("registrations:index"), "label": _("Registrations")},
            {"url": "", "label": self.get_header_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(registration=self.registration, **kwargs)

    def post(self, request, pk):
        try:
            moved_up = registrations.registration_cancel(
                registration=self.registration, by=request.user
            )
        except registrations.AlreadyCancelled:
            messages.warning(request, _("The registration was cancelled before."))
        except registrations.EventHasBegun:
            messages.error(request, _("The event has begun; its registrations stay as they are."))
        else:
            messages.success(
                request,
                _("Registration of %(name)s cancelled; %(count)s moved up from the waiting list.")
                % {"name": self.registration.name, "count": len(moved_up)},
            )
        return redirect("registrations:index")


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "group"
    menu_label = _("Registrations")
    menu_order = 250
    add_to_admin_menu = True
    name = "registrations"
    index_view_class = RegistrationIndexView
    permission_policy = RegistrationPermissionPolicy(Registration)
    list_display = [
        "name",
        "email",
        "organisation",
        "event",
        "workshop",
        "status",
        WaitingPositionColumn("waiting_position", label=_("Place on the waiting list")),
        DateColumn("created_at", label=_("Registered")),
    ]
    list_filter = ["event", "workshop", "status", "language"]
    list_export = [
        "event",
        "workshop",
        "get_status_display",
        "waiting_position",
        "name",
        "email",
        "organisation",
        "note",
        "get_language_display",
        "created_at",
    ]
    export_headings = {
        "get_status_display": _("status"),
        "get_language_display": _("language"),
        "waiting_position": _("Place on the waiting list"),
    }
    export_filename = "anmeldungen"
    search_fields = ["name", "email", "organisation"]
    ordering = ["event", "status", "created_at", "pk"]
    form_fields = ["name", "email", "organisation", "note"]
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        return modelform_factory(
            Registration,
            form=RegistrationCorrectionForm,
            fields=self.form_fields,
            formfield_callback=self.formfield_for_dbfield,
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/cancel/", self.cancel_view, name="cancel"),
            path("attendance/<int:event_id>/", self.attendance_view, name="attendance"),
        ]

    def cancel_view(self, request, pk):
        return CancelRegistrationView.as_view(permission_policy=self.permission_policy)(
            request, pk=pk
        )

    def attendance_view(self, request, event_id):
        if not self.permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        event = get_object_or_404(EventPage, pk=event_id)
        event = registrations.source_event(event)
        people = Registration.objects.filter(event=event).select_related("workshop")
        return TemplateResponse(
            request,
            "home/admin/attendance_list.html",
            {
                "event": event,
                "confirmed": people.filter(status=RegistrationStatus.CONFIRMED).order_by("name"),
                "waiting": registrations.waiting_list(event).select_related("workshop"),
            },
        )
