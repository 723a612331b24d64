import factory
import wagtail_factories
from django.utils.text import slugify

from home.models import (
    HomePage,
    ImplementationProject,
    LeadProjectIndexPage,
    LeadProjectPage,
    SectorIndexPage,
    SectorPage,
    StandardPage,
)


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


class LeadProjectPageFactory(ContentPageFactory):
    title = factory.Sequence(lambda number: f"Leitprojekt {number}")
    goal = "<p>Die Region voranbringen.</p>"

    class Meta:
        model = LeadProjectPage
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


class ImplementationProjectFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda number: f"Umsetzungsprojekt {number}")
    horizon = "short"
    status = "planned"
    locale = factory.LazyAttribute(lambda project: project.page.locale)

    class Meta:
        model = ImplementationProject
