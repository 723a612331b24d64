import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from members import services
from members.models import (
    COMMITTEE_GROUP,
    REVIEWER_GROUP,
    Organisation,
    OrganisationKind,
    ReviewerAssignment,
)

from .cms import DistrictFactory


class UserFactory(DjangoModelFactory):
    username = factory.Sequence(lambda number: f"person{number}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = "Anna"
    last_name = "Schulz"
    password = factory.django.Password("Sehr-geheim-2026")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True


class OrganisationFactory(DjangoModelFactory):
    """An organisation made as a member makes it: through the service, with ``owner`` (a new
    user unless given) as its first owner."""

    name = factory.Sequence(lambda number: f"Digitalwerk {number} GmbH")
    kind = OrganisationKind.COMPANY
    legal_form = "GmbH"
    street = "Am Sande 1"
    postal_code = "21335"
    city = "Lüneburg"
    district = factory.SubFactory(DistrictFactory)
    description_de = "Wir entwickeln digitale Dienste für den Mittelstand der Region."
    contact_name = "Anna Schulz"
    contact_email = "kontakt@example.org"

    class Meta:
        model = Organisation

    @classmethod
    def _create(cls, model_class, *args, owner=None, sectors=(), **fields):
        owner = owner or UserFactory()
        return services.organisation_create(by=owner, sectors=list(sectors), **fields)


def application_answers():
    return {
        "digital_activities": "Wir digitalisieren die Auftragsabwicklung von Handwerksbetrieben.",
        "references": "Tischlerei Meyer, Stade; Hochschule 21, Buxtehude.",
        "regional_commitment": "Wir bilden jedes Jahr zwei Fachinformatikerinnen aus.",
    }


def owner_of(organisation):
    return organisation.memberships.get(role="owner").user


def draft_application(organisation=None, **answers):
    organisation = organisation or OrganisationFactory()
    return services.application_create(
        organisation=organisation,
        by=owner_of(organisation),
        **(application_answers() | answers),
    )


def committee_member(**fields):
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=COMMITTEE_GROUP))
    return user


def reviewer_for(*, district=None, sector=None):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    ReviewerAssignment.objects.create(reviewer=user, district=district, sector=sector)
    return user
