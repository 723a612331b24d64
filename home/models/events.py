"""Events and workshops: when and where they take place, their programme, their results, and
the registrations they take. The rules of registration live in ``home.registrations``."""

import uuid
from http import HTTPMethod

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.models import Orderable, PageManager, PageQuerySet, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms import fragments, limits, seo
from cms.blocks import DocumentListBlock, GalleryBlock, SiteStreamBlock
from cms.filters import chosen_filter, filter_query, removable_filters
from cms.models import District, PageContact
from cms.navigation import contact_persons, in_language, public
from cms.pages import ContentPage, RoutableSitePageMixin, SitePage, as_cards, one_in_language
from cms.pagination import requested_page
from home import dates
from home.calendars import build_calendar, calendar_response

from .lead_projects import InSectorsAndDistricts, in_default_language


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

    def one_line(self):
        """The whole address on one line, as calendars show a place: "CFK Nord, Ottenbecker
        Damm 12, 21684 Stade, 11. OG"."""
        town = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.name, self.street, town, self.room_note) if part)


def snippets_in_language(model, locale_id):
    """Every item of ``model`` (series or venues) by id, each as its version in the language
    ``locale_id`` where it is translated, else as its source. They are few and named on every
    event card, so they are kept in the cache until one changes (see ``home.apps``)."""

    def by_id():
        items = list(model.objects.order_by("pk"))
        chosen = {item.translation_key: item for item in in_language(items, locale_id)}
        return {item.pk: chosen[item.translation_key] for item in items}

    return fragments.cached(f"{model._meta.label_lower}-by-id-{locale_id}", by_id)


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

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["times"] = dates.time_range(value["start"], value["end"])
        return context

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


class EventPageQuerySet(PageQuerySet):
    def upcoming(self):
        """Events that have not ended, the soonest first: one under way is still worth going to."""
        return self.filter(end__gte=timezone.now()).order_by("start", "pk")

    def past(self):
        """Events that have ended, the latest first."""
        return self.filter(end__lt=timezone.now()).order_by("-start", "-pk")


# The event fields that the index's filters (GET parameters) look at.
FILTERED_FIELDS = {"sector": "sectors", "series": "series", "district": "districts"}


def event_index_in_language(locale_id):
    """The published event index of a language tree, for the pages that lead to it."""
    return one_in_language(EventIndexPage, locale_id)


class EventIndexPage(RoutableSitePageMixin, ContentPage):
    """Upcoming events first, past ones in the archive, filterable by sector, series and
    district with plain links; and the upcoming ones as a calendar to subscribe to."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.EventPage"]
    max_count_per_parent = 1
    show_in_menus_default = True
    page_size = 12

    class Meta:
        verbose_name = _("event index")

    @path(pgettext_lazy("URL", "archive/"), name="archive")
    def archive(self, request):
        return self.render(request, archive=True)

    @path(pgettext_lazy("URL", "calendar.ics/"), name="calendar")
    def calendar(self, request):
        calendar = build_calendar(
            list(self.events().upcoming()),
            request=request,
            name=f"{seo.site_name(request)}: {self.title}",
            uid=f"events-{self.translation_key}",
        )
        return calendar_response(calendar, f"{self.slug}.ics")

    def events(self):
        return public(EventPage.objects.live().child_of(self))

    def get_context(self, request, *args, archive=False, **kwargs):
        from .sectors import SectorPage

        context = super().get_context(request, *args, **kwargs)
        sectors, series, districts = fragments.cached(
            f"event-filters-{self.pk}", lambda: self.filter_choices(SectorPage)
        )
        chosen = {
            "sector": chosen_filter(request, "sector", sectors),
            "series": chosen_filter(request, "series", series),
            "district": chosen_filter(request, "district", districts),
        }
        active = {name: choice for name, choice in chosen.items() if choice is not None}

        events = self.events().past() if archive else self.events().upcoming()
        for name, choice in active.items():
            events = events.filter(
                **{f"{FILTERED_FIELDS[name]}__translation_key": choice.translation_key}
            )

        context.update(
            archive=archive,
            sectors=sectors,
            series=series,
            districts=districts,
            chosen_sector=chosen["sector"],
            chosen_series=chosen["series"],
            chosen_district=chosen["district"],
            # The filters carry over between upcoming events and the archive.
            filter_query=filter_query(active),
            active_filters=removable_filters(request, active),
            events=requested_page(
                as_cards(events.distinct().select_related("listing_image")),
                request,
                self.page_size,
            ),
        )
        return context

    def filter_choices(self, sector_model):
        """The sectors, series and districts to filter by, in the page's language where
        translated."""
        return (
            in_language(sector_model.objects.live().order_by("path"), self.locale_id),
            in_language(EventSeries.objects.order_by("title"), self.locale_id),
            in_language(District.objects.order_by("name", "kind"), self.locale_id),
        )


class EventPage(InSectorsAndDistricts, RoutableSitePageMixin, ContentPage):
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

    objects = PageManager.from_queryset(EventPageQuerySet)()
    card_fields = (*ContentPage.card_fields, "start", "end", "venue", "series", "online_url")

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @path(pgettext_lazy("URL", "event.ics/"), name="calendar_file")
    def calendar_file(self, request):
        calendar = build_calendar(
            [self],
            request=request,
            name=self.title,
            uid=f"event-calendar-{self.translation_key}",
        )
        return calendar_response(calendar, f"{self.slug}.ics")

    def period(self):
        """When it takes place, as HTML in the active language."""
        return dates.event_period(self.start, self.end)

    def series_in_language(self):
        if self.series_id is None:
            return None
        return snippets_in_language(EventSeries, self.locale_id).get(self.series_id)

    def venue_in_language(self):
        if self.venue_id is None:
            return None
        return snippets_in_language(Venue, self.locale_id).get(self.venue_id)

    def contact_persons(self):
        return contact_persons(self)

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

    def serve(self, request, view=None, args=None, kwargs=None):
        # The registration form is sent to the page itself, not to its calendar file.
        if request.method == HTTPMethod.POST and view in (None, self.index_route):
            view, args, kwargs = self.serve_registration, [], {}
        return super().serve(request, view, args, kwargs)

    def serve_registration(self, request):
        """Answers the registration form, as Wagtail's form pages do: a registration made
        shows its own page (so that a reload does not send the form again); a refused or
        invalid one shows the form again with what the visitor typed and what to change."""
        from home import registrations
        from home.forms import registration_section

        section = registration_section(request, self, request.POST)
        form = section and section.get("form")
        if form is not None and limits.sent_too_often(request, "event-registration"):
            form.is_valid()
            form.add_error(None, limits.TOO_OFTEN)
            return TemplateResponse(
                request,
                self.get_template(request),
                self.get_context(request, registration=section),
                status=429,
            )
        if form is not None and form.is_valid():
            try:
                registration = registrations.registration_create(
                    event=self,
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
            request, self.get_template(request), self.get_context(request, registration=section)
        )

    def get_context(self, request, *args, registration=None, **kwargs):
        from home.forms import registration_section

        context = super().get_context(request, *args, **kwargs)
        context["registration"] = registration or registration_section(request, self)
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
