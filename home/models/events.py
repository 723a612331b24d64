"""Events and workshops: when and where they take place, their programme, their results, and
the registrations they take. The rules of registration live in ``home.registrations``."""

import uuid
from http import HTTPMethod

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.blocks import DocumentListBlock, GalleryBlock, SiteStreamBlock
from cms.models import District, PageContact
from cms.pages import ContentPage, SitePage

from .lead_projects import in_default_language


class EventSeries(TranslatableMixin, models.Model):
    """Events that belong together, such as the first round of innovation workshops."""

    title = models.CharField(
        _("title"),
        max_length=255,
        help_text=_("For example “I. Innovationsworkshop, Oktober 2014”."),
    )
    motto = models.CharField(
        _("motto"),
        max_length=255,
        blank=True,
        help_text=_("For example “Region im Aufbruch: Visionen und Themen”."),
    )
    description = models.TextField(_("description"), blank=True)
    slug = models.SlugField(
        _("slug"), max_length=80, help_text=_("Names the series in the event filter's address.")
    )

    panels = [FieldPanel("title"), FieldPanel("motto"), FieldPanel("description"), "slug"]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("motto"),
        TranslatableField("description"),
        SynchronizedField("slug"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_event_series_slug")
        ]

    def __str__(self):
        return f"{self.title} – {self.motto}" if self.motto else self.title


class Venue(TranslatableMixin, models.Model):
    """Where events take place."""

    name = models.CharField(_("name"), max_length=255, help_text=_("For example “CFK Nord”."))
    street = models.CharField(_("street and number"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100)
    room_note = models.CharField(
        _("room"),
        max_length=255,
        blank=True,
        help_text=_("For example “11. OG, Raum „Channel Riverside“”."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("street"),
        FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
        FieldPanel("room_note"),
    ]
    translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("street"),
        SynchronizedField("postal_code"),
        TranslatableField("city"),
        TranslatableField("room_note"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.city}"


class ProgrammeItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    speaker = blocks.CharBlock(label=_("Speaker"), required=False)
    description = blocks.TextBlock(label=_("Description"), required=False)


class ProgrammeSlotBlock(blocks.StructBlock):
    """A part of the programme; items run side by side when there are several."""

    start = blocks.TimeBlock(label=_("Start"))
    end = blocks.TimeBlock(label=_("End"), required=False)
    title = blocks.CharBlock(label=_("Title"))
    speaker = blocks.CharBlock(label=_("Speaker"), required=False)
    description = blocks.TextBlock(label=_("Description"), required=False)
    parallel = blocks.ListBlock(
        ProgrammeItemBlock(),
        label=_("In parallel"),
        default=[],
        help_text=_("Workshops or talks that run at the same time, shown side by side."),
    )

    class Meta:
        icon = "time"
        label = _("Programme item")
        template = "home/blocks/programme_slot.html"

    def clean(self, value):
        value = super().clean(value)
        if value["end"] and value["end"] <= value["start"]:
            raise blocks.StructBlockValidationError(
                {"end": ValidationError(_("The end must come after the start."))}
            )
        return value


class ProgrammeBlock(SiteStreamBlock):
    slot = ProgrammeSlotBlock()


class ResultsBlock(SiteStreamBlock):
    """What editors add after the event: the result protocol and the photo protocol."""

    document_list = DocumentListBlock()
    gallery = GalleryBlock()


class EventIndexPage(ContentPage):
    """Upcoming events first, past ones in the archive, filterable by sector, series and
    district with plain links."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.EventPage"]
    max_count_per_parent = 1
    show_in_menus_default = True
    page_size = 12

    class Meta:
        verbose_name = _("event index")


class EventPage(ContentPage):
    """A workshop or meeting: when, where, its programme and, after it, its results. It may take
    registrations, for the event and for one of its parallel workshops."""

    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to=in_default_language,
    )
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to=in_default_language,
    )
    online_url = models.URLField(
        _("online meeting address"),
        blank=True,
        help_text=_("For an online event instead of a venue, or in addition to it."),
    )
    sectors = ParentalManyToManyField(
        "home.SectorPage",
        verbose_name=_("sectors"),
        blank=True,
        related_name="+",
        limit_choices_to=in_default_language,
    )
    districts = ParentalManyToManyField(
        District,
        verbose_name=_("districts"),
        blank=True,
        related_name="+",
        limit_choices_to=in_default_language,
    )
    programme = StreamField(ProgrammeBlock(), verbose_name=_("programme"), blank=True)
    results = StreamField(
        ResultsBlock(),
        verbose_name=_("results"),
        blank=True,
        help_text=_("Add the result protocol and the photo protocol after the event."),
    )

    takes_registrations = models.BooleanField(_("takes registrations"), default=False)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("How many people can take part; beyond that, registrations wait for a place."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)

    parent_page_types = ["home.EventIndexPage"]
    subpage_types = []
    # Its registration form is sent to the page itself.
    allowed_http_methods = [*SitePage.allowed_http_methods, HTTPMethod.POST]

    content_panels = [
        *ContentPage.content_panels[:3],
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("series"),
                FieldPanel("venue"),
                FieldPanel("online_url"),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
                FieldPanel("districts", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Where it belongs"),
        ),
        *ContentPage.content_panels[3:],
        FieldPanel("programme"),
        MultiFieldPanel(
            [
                FieldPanel("takes_registrations"),
                FieldPanel("capacity"),
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
                InlinePanel("workshops", heading=_("Workshops"), label=_("Workshop")),
            ],
            heading=_("Registration"),
        ),
        InlinePanel("contacts", heading=_("Contact persons"), label=_("Contact person")),
        FieldPanel("results"),
    ]
    search_fields = [
        *ContentPage.search_fields,
        index.SearchField("programme"),
        index.FilterField("start"),
    ]
    override_translatable_fields = [
        SynchronizedField("series"),
        SynchronizedField("venue"),
        SynchronizedField("sectors"),
        SynchronizedField("districts"),
        SynchronizedField("start"),
        SynchronizedField("end"),
        SynchronizedField("online_url"),
        SynchronizedField("takes_registrations"),
        SynchronizedField("capacity"),
        SynchronizedField("registration_opens_at"),
        SynchronizedField("registration_closes_at"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must come after the start.")
        if self.takes_registrations and not self.capacity:
            errors["capacity"] = _("An event that takes registrations needs a number of places.")
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_past(self):
        return self.end < timezone.now()

    def serve(self, request, *args, **kwargs):
        from home import views

        if request.method == HTTPMethod.POST:
            return views.register(request, self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, registration=None, **kwargs):
        from home import views

        context = super().get_context(request, *args, **kwargs)
        context["registration"] = registration or views.registration_section(request, self)
        return context


class EventWorkshop(TranslatableMixin, Orderable):
    """A parallel workshop of an event that visitors choose when they register."""

    page = ParentalKey(EventPage, related_name="workshops")
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveIntegerField(_("places"))

    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("capacity")]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("description"),
        SynchronizedField("capacity"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def __str__(self):
        return self.title


class EventContact(PageContact):
    page = ParentalKey(EventPage, related_name="contacts")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITING = "waiting", _("waiting list")
    CANCELLED = "cancelled", _("cancelled")


ACTIVE_STATUSES = [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]


class Registration(models.Model):
    """One person's registration for an event, in the event's source language, and for at most
    one of its workshops. Its status changes only through ``home.registrations``."""

    event = models.ForeignKey(
        EventPage,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    workshop = models.ForeignKey(
        EventWorkshop,
        verbose_name=_("workshop"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=20, choices=RegistrationStatus.choices, editable=False
    )
    consented_at = models.DateTimeField(_("consent given"), editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    status_changed_at = models.DateTimeField(
        _("status changed"), default=timezone.now, editable=False
    )
    # The form's one-time key: a second click or a reload of the same form finds the
    # registration it already made.
    submission_key = models.UUIDField(unique=True, editable=False)
    # Named in the signed cancellation link; random, so that links cannot be guessed.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=models.Q(status__in=ACTIVE_STATUSES),
                name="one_active_registration_per_address",
                violation_error_message=_("This e-mail address is already registered."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RegistrationStatus.values),
                name="registration_status_is_known",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"
