"""The registry's demo content: organisations of the seeds' regions with applications in every
state and seals in every status, made through the service functions, and three accounts that
log in with the password the loader prints."""

import io
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry

from cms.demo.loader import DemoDataError, Loader
from cms.models import OutgoingMail
from home.models import SectorPage
from members import selectors, services
from members.models import (
    Ambassador,
    ApplicationState,
    Organisation,
    OrganisationKind,
    Seal,
    SealApplication,
    SealStatus,
)

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def demo_password():
    return settings.DEMO_PASSWORD_FILE.read_text().strip()


def test_a_dozen_organisations_of_the_seeds_regions_in_both_languages(shared_demo_content):
    organisations = Organisation.objects.select_related("district", "logo")

    assert organisations.count() == 12
    names = set(organisations.values_list("name", flat=True))
    assert {
        "Leuphana Universität Lüneburg",
        "Hochschule Zittau/Görlitz",
        "Westfälische Hochschule",
        "Landkreis Harburg",
        "Stadt Gelsenkirchen",
    } <= names
    assert {organisation.city for organisation in organisations} >= {
        "Lüneburg",
        "Zittau",
        "Görlitz",
        "Gelsenkirchen",
        "Stade",
    }
    kinds = {organisation.kind for organisation in organisations}
    assert {OrganisationKind.UNIVERSITY, OrganisationKind.MUNICIPALITY} <= kinds
    sectors = SectorPage.objects.filter(organisations__isnull=False).distinct()
    assert sectors.count() == 5
    for organisation in organisations:
        assert organisation.district.locale.language_code == "de"
        assert organisation.district.get_translation_or_none(english()) is not None
        assert organisation.description_en
        assert organisation.description_en != organisation.description_de
        assert isinstance(organisation.logo, get_image_model())
        assert organisation.logo.file.read(3) == b"\xff\xd8\xff"  # a JPEG
        owner = selectors.owners_of(organisation).get()
        assert owner.has_perm("members.apply_for_seal", organisation)


def english():
    from wagtail.models import Locale

    return Locale.objects.get(language_code="en")


def test_seals_in_every_status_issued_relative_to_today(shared_demo_content):
    today = timezone.localdate()
    seals = Seal.objects.select_related("organisation")

    valid = selectors.valid_seals(today)
    assert valid.count() == 4
    expired = [seal for seal in seals if seal.status == SealStatus.ACTIVE and seal.is_expired()]
    assert [seal.organisation.name for seal in expired] == ["Heideland Agrardaten GmbH"]
    reminder_horizon = today + timedelta(days=settings.SEAL_REMINDER_DAYS)
    assert valid.filter(valid_until__lte=reminder_horizon).count() == 1
    suspended = seals.get(status=SealStatus.SUSPENDED)
    revoked = seals.get(status=SealStatus.REVOKED)
    assert suspended.status_reason.startswith("Das Siegel ruht")
    assert "Voraussetzungen" in revoked.status_reason
    assert not suspended.is_valid() and not revoked.is_valid()

    # Serial numbers count up in the order of the seals' dates.
    by_date = sorted(seals, key=lambda seal: seal.valid_from)
    assert [seal.serial_number for seal in by_date] == sorted(seal.serial_number for seal in seals)
    for seal in seals:
        actions = list(selectors.history_of(seal).values_list("action", flat=True))
        assert actions[0] == "members.seal.issue"
    assert list(selectors.history_of(suspended).values_list("action", flat=True)) == [
        "members.seal.issue",
        "members.seal.suspend",
    ]
    assert list(selectors.history_of(revoked).values_list("action", flat=True))[-1] == (
        "members.seal.revoke"
    )


def test_applications_in_every_state_each_with_the_audit_trail_of_its_steps(
    shared_demo_content,
):
    applications = SealApplication.objects.select_related("organisation")

    assert {application.state for application in applications} == set(ApplicationState)
    for application in applications:
        history = list(selectors.history_of(application))
        assert history[0].action == "members.application.create"
        assert history[0].user == selectors.owners_of(application.organisation).get()
        # The changes of state, one after the other, lead from the draft to its state now.
        transitions = [entry for entry in history if entry.data.get("to")]
        state = ApplicationState.DRAFT
        for entry in transitions:
            assert entry.data["from"] == state
            assert entry.action == f"members.application.{step_between(state, entry)}"
            state = entry.data["to"]
        assert state == application.state, application

    renewal = applications.get(renews__isnull=False)
    assert renewal.state == ApplicationState.DRAFT
    assert renewal.renews.is_expired()


def step_between(state, entry):
    return next(
        name
        for name, transition in services.APPLICATION_TRANSITIONS.items()
        if state in transition.sources and transition.target == entry.data["to"]
    )


def test_reviewer_and_committee_left_german_comments(shared_demo_content):
    reviewer = get_user_model().objects.get(username="gutachter")
    committee = get_user_model().objects.get(username="siegelkomitee")
    changes = SealApplication.objects.get(state=ApplicationState.CHANGES_REQUESTED)
    rejected = SealApplication.objects.get(state=ApplicationState.REJECTED)

    request = selectors.history_of(changes).get(action="members.application.request_changes")
    rejection = selectors.history_of(rejected).get(action="members.application.reject")
    assert request.user == reviewer
    assert request.data["comment"].startswith("Bitte beschreiben Sie")
    assert rejection.user == committee
    assert "erneut bewerben" in rejection.data["comment"]
    # The applicant sees the change request, not the reviewer's internal note.
    seen = [entry.action for entry in selectors.history_for_applicant(changes)]
    assert "members.application.request_changes" in seen
    assert "members.application.comment" not in seen


def test_the_reviewer_reviews_the_applications_of_their_district(shared_demo_content):
    reviewer = get_user_model().objects.get(username="gutachter")
    committee = get_user_model().objects.get(username="siegelkomitee")

    assigned = selectors.applications_for_review(reviewer)
    assert {application.organisation.name for application in assigned} == {
        "Leuphana Universität Lüneburg",
        "Hansebyte Software GmbH",
        "Lüneburger Salzsieder Feinkost GmbH",
    }
    submitted = assigned.get(state=ApplicationState.SUBMITTED)
    assert services.allowed_transitions(submitted, reviewer) == ["start_review"]
    everything_but_drafts = SealApplication.objects.exclude(state=ApplicationState.DRAFT)
    assert selectors.applications_for_review(committee).count() == everything_but_drafts.count()


def test_two_ambassadors_an_organisation_and_a_person(shared_demo_content):
    ambassadors = selectors.current_ambassadors()

    assert ambassadors.count() == Ambassador.objects.count() == 2
    organisation = ambassadors.get(organisation__isnull=False)
    person = ambassadors.get(organisation__isnull=True)
    assert organisation.organisation.name == "Leuphana Universität Lüneburg"
    assert organisation.sector.slug == "digitale-wirtschaft-und-kreativwirtschaft"
    assert person.person_name == "Dilara Aydın"
    assert person.district.slug == "gelsenkirchen"
    for ambassador in ambassadors:
        assert ambassador.statement("en") != ambassador.statement("de")
        assert selectors.history_of(ambassador).get().action == "members.ambassador.appoint"
    assert organisation.organisation in selectors.listed_organisations()


def test_the_demo_sends_no_mail(shared_demo_content):
    assert OutgoingMail.objects.count() == 0
    assert mail.outbox == []


def registry_counts():
    return {
        "organisations": Organisation.objects.count(),
        "applications": SealApplication.objects.count(),
        "seals": Seal.objects.count(),
        "ambassadors": Ambassador.objects.count(),
        "users": get_user_model().objects.count(),
        "images": get_image_model().objects.count(),
        "audit entries": ModelLogEntry.objects.count(),
    }


def load_again(capture_on_commit_callbacks):
    output = io.StringIO()
    with capture_on_commit_callbacks(execute=True):
        call_command("load_demo_content", "--base-url", "http://demo.example", stdout=output)
    return output.getvalue()


def test_a_second_load_changes_nothing_and_prints_the_logins(
    shared_demo_content, django_capture_on_commit_callbacks
):
    before = registry_counts()

    output = load_again(django_capture_on_commit_callbacks)

    assert registry_counts() == before
    assert "Demo content is loaded: nothing changed.\n" in output
    password = demo_password()
    assert output.endswith(
        f"Log in at http://demo.example/de/{member_area()} as "
        f"'jana.petersen@hansebyte.example' with the password {password!r}.\n"
        f"Log in at http://demo.example/admin/ as 'gutachter' with the password {password!r}.\n"
        f"Log in at http://demo.example/admin/ as 'siegelkomitee' with the password "
        f"{password!r}.\n"
    )


def member_area():
    from django.urls import reverse
    from django.utils import translation

    with translation.override("de"):
        return reverse("members:portal").removeprefix("/de/")


def test_the_loader_keeps_what_the_committee_and_members_changed(
    shared_demo_content, django_capture_on_commit_callbacks
):
    committee = get_user_model().objects.get(username="siegelkomitee")
    suspended = Seal.objects.get(status=SealStatus.SUSPENDED)
    services.seal_reinstate(seal=suspended, by=committee)
    hansebyte = Organisation.objects.get(name="Hansebyte Software GmbH")
    owner = selectors.owners_of(hansebyte).get()
    services.organisation_update(
        organisation=hansebyte, by=owner, version=hansebyte.version, city="Adendorf"
    )
    before = registry_counts()

    load_again(django_capture_on_commit_callbacks)

    assert registry_counts() == before
    suspended.refresh_from_db()
    assert suspended.status == SealStatus.ACTIVE
    assert Organisation.objects.get(pk=hansebyte.pk).city == "Adendorf"


def test_a_deleted_demo_organisation_comes_back_with_its_story(
    shared_demo_content, django_capture_on_commit_callbacks
):
    Organisation.objects.get(name="Zeche Digital GmbH").delete()

    load_again(django_capture_on_commit_callbacks)

    again = Organisation.objects.get(name="Zeche Digital GmbH")
    assert again.slug == "zeche-digital-gmbh"
    assert again.applications.get().state == ApplicationState.REJECTED


def test_the_three_accounts_log_in_where_they_work(shared_demo_content, client):
    password = demo_password()
    request = RequestFactory().post("/")

    for username in ["gutachter", "siegelkomitee"]:
        response = client.post(
            "/admin/login/", {"username": username, "password": password}, follow=True
        )
        assert response.status_code == 200
        assert response.context["user"].username == username
        assert response.request["PATH_INFO"] == "/admin/"
        client.logout()

    owner = authenticate(request, username="inhaberin", password=password)
    assert owner is not None
    assert not owner.has_perm("wagtailadmin.access_admin")
    assert (
        owner == selectors.owners_of(Organisation.objects.get(slug="hansebyte-software-gmbh")).get()
    )
    # The other owners cannot log in at all.
    leuphana_owner = get_user_model().objects.get(username="lena.brandes")
    assert not leuphana_owner.has_usable_password()
    assert authenticate(request, username="lena.brandes", password=password) is None


def test_the_owners_address_counts_as_verified_and_logs_in(shared_demo_content):
    if not apps.is_installed("allauth.account"):
        pytest.skip("django-allauth is not installed")
    owner = get_user_model().objects.get(username="inhaberin")

    address = owner.emailaddress_set.get()
    assert (address.email, address.verified, address.primary) == (owner.email, True, True)
    # Members log in with their address.
    request = RequestFactory().post("/")
    assert authenticate(request, email=owner.email, password=demo_password()) == owner


def test_a_changed_password_is_not_printed(shared_demo_content, django_capture_on_commit_callbacks):
    reviewer = get_user_model().objects.get(username="gutachter")
    reviewer.set_password("ein-eigenes-passwort-2026")
    reviewer.save()

    output = load_again(django_capture_on_commit_callbacks)

    assert "as 'gutachter' with the password you set.\n" in output
    assert f"as 'siegelkomitee' with the password {demo_password()!r}." in output


ORGANISATION = """
users:
  - key: user-test
    username: test-owner
members.demo.organisations:
  - key: organisation-test
    owner: {{ref: user-test}}
    fields:
      name: Testwerk GmbH
      kind: company
      street: Am Sande 1
      postal_code: "21335"
      city: Lüneburg
      district: {{ref: district-test}}
      description: {description}
      contact_name: Anna Schulz
      contact_email: kontakt@testwerk.example
    applications:
      - answers: {{digital_activities: Apps, references: Keine, regional_commitment: Viel}}
        steps: {steps}
"""


def load_organisation(
    tmp_path, description="{de: Wir bauen Apps., en: We build apps.}", steps="[]"
):
    from tests.factories.cms import DistrictFactory

    (tmp_path / "10-test.yaml").write_text(
        ORGANISATION.format(description=description, steps=steps), encoding="utf-8"
    )
    loader = Loader(lambda *args: None)
    loader.objects["district-test"] = DistrictFactory()
    loader.load(tmp_path)


def test_a_missing_english_description_stops_the_loader_naming_file_and_key(tmp_path, db):
    with pytest.raises(
        DemoDataError,
        match=re.escape(
            "10-test.yaml: members.demo.organisations: organisation-test: no English text "
            "for “Wir bauen Apps.”"
        ),
    ):
        load_organisation(tmp_path, description="{de: Wir bauen Apps.}")


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ("[approve]", "approve: “by” is missing"),
        ("[{approve: {by: {ref: user-test}}}]", "approve: You may not do this."),
        # The message is the service's, in the site's language.
        ("[submit, submit]", "submit: "),
        ("[{submit: {comment: Bitte}}]", "submit: no option “comment”"),
        ("[publish]", "unknown step “publish”"),
    ],
)
def test_a_step_the_registry_refuses_stops_the_loader_naming_it(tmp_path, db, steps, message):
    with pytest.raises(DemoDataError, match=f"10-test.yaml: .*organisation-test: {message}"):
        load_organisation(tmp_path, steps=steps)
