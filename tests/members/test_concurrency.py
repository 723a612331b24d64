"""Decisions and serial numbers when the committee acts at the same moment from several app
servers: the database, not luck, keeps the rules."""

import threading
import traceback
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from wagtail.models import ModelLogEntry

from cms.models import District, OutgoingMail
from members import services
from members.models import Organisation, Seal, SealApplication, SealSerialCounter
from tests.factories.members import committee_member, draft_application, owner_of
from tests.home.test_registration_concurrency import in_own_connection

pytestmark = pytest.mark.django_db

YEAR = 2091


def in_review(count):
    committee = committee_member(email="komitee@parallel.example")
    applications = []
    for _number in range(count):
        application = draft_application()
        services.application_submit(application=application, by=owner_of(application.organisation))
        services.application_start_review(application=application, by=committee)
        applications.append(application)
    return committee, applications


@pytest.fixture
def committed():
    """Applications in review that every connection sees; removed afterwards with all they
    left behind."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "row locks are PostgreSQL's; SQLite runs one write transaction at a time "
            "(IMMEDIATE), so the PostgreSQL run of the suite checks this"
        )
    made = {}

    def make(count):
        made["value"] = in_own_connection(lambda: in_review(count))
        return made["value"]

    yield make

    def clean():
        organisations = Organisation.objects.filter(
            applications__in=[application.pk for application in made["value"][1]]
        )
        users = get_user_model().objects.filter(memberships__organisation__in=organisations)
        users = [*users, made["value"][0]]
        districts = list(organisations.values_list("district", flat=True))
        ModelLogEntry.objects.filter(content_type__app_label="members").delete()
        Seal.objects.filter(organisation__in=organisations).delete()
        organisations.delete()
        for user in users:
            user.delete()
        District.objects.filter(pk__in=districts).delete()
        SealSerialCounter.objects.filter(year=YEAR).delete()
        OutgoingMail.objects.all().delete()

    if made:
        in_own_connection(clean)


def at_once(work, arguments):
    """Run ``work`` for each of ``arguments`` in threads that start together; the outcomes in
    order, an exception where one was raised."""
    start = threading.Barrier(len(arguments))
    outcomes = [None] * len(arguments)
    errors = []

    def run(index, argument):
        try:
            start.wait()
            outcomes[index] = work(argument)
        except services.ActionNotAllowed as refusal:
            outcomes[index] = refusal
        except Exception:
            errors.append(traceback.format_exc())
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, argument))
        for index, argument in enumerate(arguments)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [], errors[0]
    return outcomes


def test_of_two_decisions_at_once_only_one_succeeds(committed):
    committee, (application,) = committed(1)
    second_member = in_own_connection(lambda: committee_member(email="zweite@parallel.example"))

    def decide(decision):
        member, step = decision
        if step == "approve":
            return services.application_approve(
                application=SealApplication.objects.get(pk=application.pk), by=member
            )
        return services.application_reject(
            application=SealApplication.objects.get(pk=application.pk),
            by=member,
            comment="Kriterien nicht erfüllt",
        )

    outcomes = at_once(decide, [(committee, "approve"), (second_member, "reject")] * 4)
    refused = [outcome for outcome in outcomes if isinstance(outcome, services.NotInThisState)]
    assert len(refused) == 7
    final = SealApplication.objects.get(pk=application.pk)
    decisions = ModelLogEntry.objects.for_instance(final).filter(
        action__in=["members.application.approve", "members.application.reject"]
    )
    assert decisions.count() == 1
    seals = Seal.objects.filter(organisation=final.organisation).count()
    assert seals == (1 if final.state == "approved" else 0)
    in_own_connection(lambda: get_user_model().objects.filter(pk=second_member.pk).delete())


def test_seals_issued_at_once_get_gap_free_serial_numbers(committed):
    committee, applications = committed(8)

    def approve(application):
        return services.application_approve(
            application=application, by=committee, today=date(YEAR, 3, 2)
        )

    at_once(approve, applications)
    serials = sorted(
        Seal.objects.filter(organisation__applications__in=applications).values_list(
            "serial_number", flat=True
        )
    )
    assert serials == [f"SR-{YEAR}-{number:06d}" for number in range(1, 9)]


def test_two_owners_who_leave_at_once_leave_the_organisation_an_owner():
    if connection.vendor != "postgresql":
        pytest.skip(
            "row locks are PostgreSQL's; SQLite runs one write transaction at a time "
            "(IMMEDIATE), so the PostgreSQL run of the suite checks this"
        )
    from members.models import Membership
    from tests.factories.members import OrganisationFactory, UserFactory

    def make():
        organisation = OrganisationFactory()
        second = UserFactory()
        Membership.objects.create(user=second, organisation=organisation, role="owner")
        services.grant_role(second, organisation, "owner")
        return organisation

    organisation = in_own_connection(make)
    try:
        memberships = list(Membership.objects.filter(organisation=organisation))
        outcomes = at_once(
            lambda membership: services.membership_remove(
                membership=membership, by=membership.user
            ),
            memberships,
        )
        refused = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
        assert len(refused) == 1
        assert Membership.objects.filter(organisation=organisation, role="owner").count() == 1
    finally:

        def clean():
            users = list(
                get_user_model().objects.filter(
                    pk__in=[membership.user_id for membership in memberships]
                )
            )
            district = organisation.district_id
            ModelLogEntry.objects.filter(content_type__app_label="members").delete()
            Organisation.objects.filter(pk=organisation.pk).delete()
            for user in users:
                user.delete()
            District.objects.filter(pk=district).delete()

        in_own_connection(clean)
