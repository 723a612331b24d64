import factory
import wagtail_factories
from django.utils.text import slugify

from home.models import StandardPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda number: f"Seite {number}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    intro = "Eine Seite aus der Region."

    class Meta:
        model = StandardPage
