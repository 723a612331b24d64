from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import factory
import wagtail_factories
from django.utils.text import slugify

from home.models import (
    EventIndexPage,
    EventPage,
    EventSeries,
    EventWorkshop,
    HomePage,
    IdeaCallFormField,
    IdeaCallPage,
    ImplementationProject,
    LeadProjectIndexPage,
    LeadProjectPage,
    SectorIndexPage,
    SectorPage,
    StandardPage,
    Venue,
)

BERLIN = ZoneInfo("Europe/Berlin")


class HomePageFactory(wagtail_factories.PageFactory):
    title = "SMART REGION"
    slug = factory.Sequence(lambda number: f"start-{number}")
    heading = "Willkommen in der SMART REGION"

    class Meta:
        model = HomePage


class ContentPageFactory(wagtail_factories.PageFactory):
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    intro = "Eine Seite aus der Region."
    live = True


class StandardPageFactory(ContentPageFactory):
    title = factory.Sequence(lambda number: f"Seite {number}")

    class Meta:
        model = StandardPage


class SectorIndexPageFactory(ContentPageFactory):
    title = "Kompetenzfelder"

    class Meta:
        model = SectorIndexPage


class SectorPageFactory(ContentPageFactory):
    title = factory.Sequence(lambda number: f"Kompetenzfeld {number}")

    class Meta:
        model = SectorPage


class LeadProjectIndexPageFactory(ContentPageFactory):
    title = "Leitprojekte"

    class Meta:
        model = LeadProjectIndexPage


class PlacedPageFactory(ContentPageFactory):
    """A page that belongs to sectors and districts, given as ``sectors=[…]``, ``districts=[…]``."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def sectors(page, create, extracted, **kwargs):
        if extracted:
            page.sectors.set(extracted)
            page.save_revision().publish()

    @factory.post_generation
    def districts(page, create, extracted, **kwargs):
        if extracted:
            page.districts.set(extracted)
            page.save_revision().publish()


class LeadProjectPageFactory(PlacedPageFactory):
    title = factory.Sequence(lambda number: f"Leitprojekt {number}")
    goal = "<p>Die Region voranbringen.</p>"

    class Meta:
        model = LeadProjectPage
        skip_postgeneration_save = True


class ImplementationProjectFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda number: f"Umsetzungsprojekt {number}")
    horizon = "short"
    status = "planned"
    locale = factory.LazyAttribute(lambda project: project.page.locale)

    class Meta:
        model = ImplementationProject


class EventSeriesFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda number: f"{number}. Innovationsworkshop")
    motto = "Region im Aufbruch: Visionen und Themen"
    slug = factory.Sequence(lambda number: f"innovationsworkshop-{number}")

    class Meta:
        model = EventSeries


class VenueFactory(factory.django.DjangoModelFactory):
    name = "CFK Nord"
    street = "Ottenbecker Damm 12"
    postal_code = "21684"
    city = "Stade"

    class Meta:
        model = Venue


class EventIndexPageFactory(ContentPageFactory):
    title = "Veranstaltungen"

    class Meta:
        model = EventIndexPage


class EventPageFactory(PlacedPageFactory):
    """An event three weeks ahead, 14:00 to 17:00 in Berlin; with ``takes_registrations`` it is
    open for registration from yesterday until the day before."""

    title = factory.Sequence(lambda number: f"Workshop {number}")
    start = factory.LazyFunction(
        lambda: (datetime.now(BERLIN) + timedelta(days=21)).replace(
            hour=14, minute=0, second=0, microsecond=0
        )
    )
    end = factory.LazyAttribute(lambda event: event.start + timedelta(hours=3))
    registration_opens_at = factory.LazyFunction(lambda: datetime.now(BERLIN) - timedelta(days=1))
    registration_closes_at = factory.LazyAttribute(lambda event: event.start - timedelta(days=1))

    class Meta:
        model = EventPage
        skip_postgeneration_save = True


class EventWorkshopFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda number: f"Workshop {number}")
    capacity = 10
    locale = factory.LazyAttribute(lambda workshop: workshop.page.locale)

    class Meta:
        model = EventWorkshop


IDEA_QUESTIONS = [
    {"label": "Name", "field_type": "singleline"},
    {"label": "E-Mail-Adresse", "field_type": "email"},
    {"label": "Organisation", "field_type": "singleline", "required": False},
    {"label": "Ihre Idee", "field_type": "multiline"},
]


class IdeaCallFormFieldFactory(factory.django.DjangoModelFactory):
    label = factory.Sequence(lambda number: f"Frage {number}")
    field_type = "singleline"
    required = True
    locale = factory.LazyAttribute(lambda field: field.page.locale)

    class Meta:
        model = IdeaCallFormField


class IdeaCallPageFactory(ContentPageFactory):
    """A call for ideas open for another month, with the questions of the demo's calls: name,
    e-mail address, organisation (optional) and the idea; ``form_fields`` gives others."""

    title = factory.Sequence(lambda number: f"Ideenaufruf {number}")
    deadline = factory.LazyFunction(
        lambda: (datetime.now(BERLIN) + timedelta(days=30)).replace(
            hour=23, minute=59, second=0, microsecond=0
        )
    )
    to_address = "redaktion@example.org"
    thank_you_text = "<p>Danke für Ihre Idee!</p>"

    class Meta:
        model = IdeaCallPage
        skip_postgeneration_save = True

    @factory.post_generation
    def form_fields(page, create, extracted, **kwargs):
        questions = extracted if extracted is not None else IDEA_QUESTIONS
        for question in questions:
            IdeaCallFormFieldFactory(page=page, **question)
