import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from cms.models import ContactPerson, District, FundingNotice, OfficeAddress


def german():
    return Locale.objects.get_or_create(language_code="de")[0]


class DistrictFactory(DjangoModelFactory):
    name = factory.Sequence(lambda number: f"Landkreis {number}")
    slug = factory.Sequence(lambda number: f"landkreis-{number}")
    kind = District.Kind.RURAL_DISTRICT
    locale = factory.LazyFunction(german)

    class Meta:
        model = District


class ContactPersonFactory(DjangoModelFactory):
    academic_title = "Dr."
    name = "Jürgen Glaser"
    role = "Prokurist"
    organisation = "Süderelbe AG"
    locale = factory.LazyFunction(german)

    class Meta:
        model = ContactPerson
        skip_postgeneration_save = True

    @factory.post_generation
    def office(contact, create, extracted, **fields):
        """One office unless ``office=False``; ``office__city=…`` changes its fields."""
        if create and extracted is not False:
            OfficeAddressFactory(contact=contact, locale=contact.locale, **fields)


class OfficeAddressFactory(DjangoModelFactory):
    street = "Veritaskai 4"
    postal_code = "21079"
    city = "Hamburg"
    phone = "+49 (40) 355 10 3410"

    class Meta:
        model = OfficeAddress


class FundingNoticeFactory(DjangoModelFactory):
    name = "EFRE Niedersachsen"
    text = "<p>Gefördert von der EU.</p>"
    logo = factory.SubFactory(
        wagtail_factories.ImageFactory, title="EU-Emblem", description="EU-Flagge"
    )
    logo_alt_text = "Kofinanziert von der Europäischen Union"
    locale = factory.LazyFunction(german)

    class Meta:
        model = FundingNotice
