"""The seal application's state machine and the seal's life, through the service functions that
every screen calls."""

from datetime import date, timedelta

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from members import services
from members.models import ApplicationState, Seal, SealApplication, SealStatus
from tests.factories.members import (
    OrganisationFactory,
    UserFactory,
    committee_member,
    draft_application,
    owner_of,
    reviewer_for,
)

State = ApplicationState

pytestmark = pytest.mark.django_db

# How to bring a fresh draft into each state, step by step.
PATHS = {
    State.DRAFT: [],
    State.SUBMITTED: ["submit"],
    State.IN_REVIEW: ["submit", "start_review"],
    State.CHANGES_REQUESTED: ["submit", "start_review", "request_changes"],
    State.APPROVED: ["submit", "start_review", "approve"],
    State.REJECTED: ["submit", "start_review", "reject"],
    State.WITHDRAWN: ["withdraw"],
}


def take(step, application, *, applicant, committee):
    """One step by the person who may take it."""
    actor = {"applicant": applicant, "reviewer": committee, "committee": committee}[
        services.APPLICATION_TRANSITIONS[step].actor
    ]
    function = getattr(services, f"application_{step}")
    arguments = {"application": application, "by": actor}
    if step in {"request_changes", "answer", "reject"}:
        arguments["comment"] = "Bitte ergänzen Sie die Referenzen."
    return function(**arguments)


@pytest.fixture
def committee():
    return committee_member()


def application_in(state, committee):
    application = draft_application()
    applicant = owner_of(application.organisation)
    for step in PATHS[state]:
        take(step, application, applicant=applicant, committee=committee)
    application.refresh_from_db()
    assert application.state == state
    return application, applicant


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("step", list(services.APPLICATION_TRANSITIONS))
def test_each_transition_is_taken_only_from_its_states(
    state, step, committee, django_capture_on_commit_callbacks
):
    application, applicant = application_in(state, committee)
    transition = services.APPLICATION_TRANSITIONS[step]
    entries_before = ModelLogEntry.objects.for_instance(application).count()
    if state in transition.sources:
        with django_capture_on_commit_callbacks(execute=True):
            take(step, application, applicant=applicant, committee=committee)
        application.refresh_from_db()
        assert application.state == transition.target
        entry = ModelLogEntry.objects.for_instance(application).latest("timestamp")
        assert entry.action == f"members.application.{step}"
        assert entry.data["from"] == state
        assert entry.data["to"] == transition.target
        assert entry.user_id is not None
    else:
        with pytest.raises(services.NotInThisState):
            take(step, application, applicant=applicant, committee=committee)
        application.refresh_from_db()
        assert application.state == state
        assert ModelLogEntry.objects.for_instance(application).count() == entries_before


@pytest.mark.parametrize("step", list(services.APPLICATION_TRANSITIONS))
def test_a_stranger_may_take_no_step(step, committee):
    source = next(iter(services.APPLICATION_TRANSITIONS[step].sources))
    application, _applicant = application_in(source, committee)
    stranger = UserFactory()
    with pytest.raises(services.ActionNotAllowed):
        take(step, application, applicant=stranger, committee=stranger)
    application.refresh_from_db()
    assert application.state == source


def test_an_editor_of_the_organisation_cannot_submit(committee):
    application = draft_application()
    editor = UserFactory()
    services.membership_set_role  # noqa: B018
    from members.models import Membership

    membership = Membership.objects.create(
        user=editor, organisation=application.organisation, role="editor"
    )
    services.grant_role(editor, application.organisation, membership.role)
    with pytest.raises(services.ActionNotAllowed):
        services.application_submit(application=application, by=editor)


def test_a_reviewer_reviews_only_the_applications_of_their_district(committee):
    application = draft_application()
    other = draft_application()
    reviewer = reviewer_for(district=application.organisation.district)
    for each in (application, other):
        services.application_submit(application=each, by=owner_of(each.organisation))
    services.application_start_review(application=application, by=reviewer)
    with pytest.raises(services.ActionNotAllowed):
        services.application_start_review(application=other, by=reviewer)
    with pytest.raises(services.ActionNotAllowed):
        services.application_approve(application=application, by=reviewer)
    assert list(services_selectors().applications_for_review(reviewer)) == [application]


def services_selectors():
    from members import selectors

    return selectors


def test_approval_issues_a_numbered_seal_valid_for_two_years(committee):
    application, _applicant = application_in(State.IN_REVIEW, committee)
    services.application_approve(application=application, by=committee, today=date(2026, 12, 1))
    seal = Seal.objects.get(organisation=application.organisation)
    assert seal.serial_number == "SR-2026-000001"
    assert (seal.valid_from, seal.valid_until) == (date(2026, 12, 1), date(2028, 12, 1))
    assert len(seal.token) >= 22
    assert seal.status == SealStatus.ACTIVE
    second, _applicant = application_in(State.IN_REVIEW, committee)
    services.application_approve(application=second, by=committee, today=date(2026, 12, 2))
    assert Seal.objects.get(organisation=second.organisation).serial_number == "SR-2026-000002"
    third, _applicant = application_in(State.IN_REVIEW, committee)
    services.application_approve(application=third, by=committee, today=date(2027, 1, 4))
    assert Seal.objects.get(organisation=third.organisation).serial_number == "SR-2027-000001"


def renewal_in_review(seal, applicant, committee):
    renewal = services.application_create(
        organisation=seal.organisation,
        by=applicant,
        renews=seal,
        digital_activities="Weiterhin",
        references="Dieselben",
        regional_commitment="Mehr",
    )
    for step in ["submit", "start_review"]:
        take(step, renewal, applicant=applicant, committee=committee)
    return renewal


def test_a_renewal_extends_the_same_seal(committee):
    application, applicant = application_in(State.APPROVED, committee)
    seal = Seal.objects.get(organisation=application.organisation)
    renewal = renewal_in_review(seal, applicant, committee)
    services.application_approve(application=renewal, by=committee, today=seal.valid_until)
    renewed = Seal.objects.get(organisation=application.organisation)
    assert renewed.pk == seal.pk
    assert renewed.serial_number == seal.serial_number
    assert renewed.valid_until == seal.valid_until.replace(year=seal.valid_until.year + 2)


def test_an_organisation_has_one_open_application(committee):
    application = draft_application()
    with pytest.raises(services.ActionNotAllowed):
        draft_application(application.organisation)
    services.application_withdraw(application=application, by=owner_of(application.organisation))
    assert draft_application(application.organisation).state == State.DRAFT


def test_changes_requested_go_to_the_owner_in_their_language(
    committee, django_capture_on_commit_callbacks
):
    application, applicant = application_in(State.IN_REVIEW, committee)
    services.profile_update(user=applicant, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_request_changes(
            application=application, by=committee, comment="Please add two references."
        )
    (message,) = [m for m in mail.outbox if m.to == [applicant.email]][-1:]
    assert "Changes requested" in message.subject
    assert "Please add two references." in message.body


def test_a_stale_form_does_not_overwrite_a_newer_answer():
    application = draft_application()
    owner = owner_of(application.organisation)
    services.application_update(
        application=application, by=owner, version=1, references="Neue Referenzen"
    )
    with pytest.raises(services.EditConflict):
        services.application_update(
            application=SealApplication.objects.get(pk=application.pk),
            by=owner,
            version=1,
            references="Alte Fassung",
        )
    assert SealApplication.objects.get(pk=application.pk).references == "Neue Referenzen"


@pytest.mark.parametrize(
    ("step", "source", "target"),
    [
        ("suspend", SealStatus.ACTIVE, SealStatus.SUSPENDED),
        ("reinstate", SealStatus.SUSPENDED, SealStatus.ACTIVE),
        ("revoke", SealStatus.ACTIVE, SealStatus.REVOKED),
        ("revoke", SealStatus.SUSPENDED, SealStatus.REVOKED),
    ],
)
def test_the_committee_changes_a_seals_status_with_a_reason(step, source, target, committee):
    application, _applicant = application_in(State.APPROVED, committee)
    seal = Seal.objects.get(organisation=application.organisation)
    if source == SealStatus.SUSPENDED:
        services.seal_suspend(seal=seal, by=committee, reason="Prüfung läuft")
    getattr(services, f"seal_{step}")(seal=seal, by=committee, reason="Angaben unzutreffend")
    seal.refresh_from_db()
    assert seal.status == target
    entry = ModelLogEntry.objects.for_instance(seal).latest("timestamp")
    assert (entry.data["from"], entry.data["to"]) == (source, target)


def test_a_revoked_seal_cannot_be_reinstated_and_others_cannot_suspend(committee):
    application, applicant = application_in(State.APPROVED, committee)
    seal = Seal.objects.get(organisation=application.organisation)
    with pytest.raises(services.ActionNotAllowed):
        services.seal_suspend(seal=seal, by=applicant, reason="Selbst")
    services.seal_revoke(seal=seal, by=committee, reason="Verstoß")
    with pytest.raises(services.NotInThisState):
        services.seal_reinstate(seal=seal, by=committee)
    with pytest.raises(services.InvalidInput):
        services.seal_suspend(seal=seal, by=committee, reason=" ")


def test_the_reminder_goes_out_once_per_period(committee, django_capture_on_commit_callbacks):
    application, applicant = application_in(State.APPROVED, committee)
    seal = Seal.objects.get(organisation=application.organisation)
    day = seal.valid_until - timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.seal_reminders_send(today=day) == 1
        assert services.seal_reminders_send(today=day) == 0
        assert services.seal_reminders_send(today=day + timedelta(days=1)) == 0
    reminders = [m for m in mail.outbox if "expires" in m.subject or "läuft" in m.subject]
    assert [m.to for m in reminders] == [[applicant.email]]


def test_the_last_owner_cannot_delete_the_account():
    organisation = OrganisationFactory()
    owner = owner_of(organisation)
    with pytest.raises(services.ActionNotAllowed) as refusal:
        services.account_delete(user=owner)
    assert organisation.name in str(refusal.value.message)


def test_the_daily_reminder_command_can_run_twice(committee, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    application, applicant = application_in(State.IN_REVIEW, committee)
    services.application_approve(
        application=application, by=committee, today=date.today() - timedelta(days=700)
    )
    runs = []
    with django_capture_on_commit_callbacks(execute=True):
        for _run in range(2):
            output = StringIO()
            call_command("send_seal_reminders", stdout=output)
            runs.append(output.getvalue())
    assert runs[0].startswith("1 ")
    assert runs[1].startswith("0 ")
    assert len([m for m in mail.outbox if m.to == [applicant.email] and "läuft" in m.subject]) == 1


def test_nobody_reviews_or_decides_on_their_own_organisations_application(committee):
    application, _applicant = application_in(State.SUBMITTED, committee)
    services.grant_role(committee, application.organisation, "editor")
    from members.models import Membership

    Membership.objects.create(user=committee, organisation=application.organisation, role="editor")
    with pytest.raises(services.ActionNotAllowed):
        services.application_start_review(application=application, by=committee)
    assert services.allowed_transitions(application, committee) == []


def test_a_seal_revoked_during_its_renewal_is_not_extended(committee):
    application, applicant = application_in(State.APPROVED, committee)
    seal = Seal.objects.get(organisation=application.organisation)
    renewal = renewal_in_review(seal, applicant, committee)
    services.seal_revoke(seal=seal, by=committee, reason="Verstoß gegen die Kriterien")
    with pytest.raises(services.NotInThisState):
        services.application_approve(application=renewal, by=committee)
    renewal.refresh_from_db()
    assert renewal.state == State.IN_REVIEW
    seal.refresh_from_db()
    assert seal.status == SealStatus.REVOKED


def test_a_change_request_starts_a_new_round_without_the_old_recommendation(committee):
    application, _applicant = application_in(State.IN_REVIEW, committee)
    reviewer = reviewer_for(district=application.organisation.district)
    services.assign_reviewers(application)
    services.application_recommend(application=application, by=reviewer, recommendation="approve")
    services.application_request_changes(
        application=application, by=reviewer, comment="Bitte ergänzen."
    )
    application.refresh_from_db()
    assert application.recommendation == ""


def test_comments_end_with_the_review(committee):
    application, _applicant = application_in(State.WITHDRAWN, committee)
    with pytest.raises(services.NotInThisState):
        services.application_comment(application=application, by=committee, comment="Noch was")


def test_an_organisation_does_not_take_the_address_of_the_directorys_pages():
    organisation = OrganisationFactory(name="Botschafter")
    assert organisation.slug == "botschafter-2"


def test_logos_and_documents_are_stored_by_what_they_are_not_by_their_names(settings):
    from pathlib import Path

    from tests.members.test_portal import pdf, png

    logo = png()
    logo.name = "logo.html"
    organisation = OrganisationFactory(logo_upload=logo)
    assert organisation.logo.file.name.endswith(".png")
    application = draft_application(organisation)
    document = pdf("angebot.html")
    attachment = services.attachment_add(
        application=application, by=owner_of(organisation), upload=document
    )
    assert attachment.name == "angebot.html"
    stored = Path(attachment.file.path)
    assert stored.suffix == ".pdf"
    assert stored.is_relative_to(settings.MEMBER_FILES_ROOT)
    assert not stored.is_relative_to(settings.MEDIA_ROOT)


def test_a_logo_sent_with_a_stale_profile_is_not_left_in_the_store(settings):
    from pathlib import Path

    from tests.members.test_portal import png

    organisation = OrganisationFactory()
    owner = owner_of(organisation)
    services.organisation_update(
        organisation=organisation, by=owner, version=organisation.version, city="Stade"
    )
    logos = Path(settings.MEDIA_ROOT, "original_images")
    logos_before = set(logos.glob("*")) if logos.exists() else set()

    with pytest.raises(services.EditConflict):
        services.organisation_update(
            organisation=organisation, by=owner, version=organisation.version - 1, logo_upload=png()
        )

    assert set(logos.glob("*")) == logos_before
    organisation.refresh_from_db()
    assert organisation.logo is None
