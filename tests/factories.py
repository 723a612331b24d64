import factory
import wagtail_factories
from django.utils.text import slugify

from home.models import HomePage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "SMART REGION"
    slug = factory.Sequence(lambda number: f"start-{number}")
    heading = "Willkommen in der SMART REGION"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda number: f"Seite {number}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    intro = "Eine Seite aus der Region."

    class Meta:
        model = StandardPage
