"""The member portal as members use it: their organisations, people and applications, and
nothing of anyone else's."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from members import services
from members.models import ApplicationState, Invitation, Membership, Organisation
from tests.factories.cms import DistrictFactory
from tests.factories.members import (
    OrganisationFactory,
    UserFactory,
    committee_member,
    draft_application,
    owner_of,
)
from tests.helpers import parse

pytestmark = pytest.mark.django_db


def png(width=40, height=20):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#005a70").save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def pdf(name="referenzen.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )


def organisation_form(district, **changes):
    return {
        "name": "Elbmarsch Digital GmbH",
        "kind": "company",
        "legal_form": "GmbH",
        "street": "Hansestraße 12",
        "postal_code": "21682",
        "city": "Stade",
        "district": district.pk,
        "website": "elbmarsch-digital.de",
        "description_de": "Software für Obstbaubetriebe im Alten Land.",
        "description_en": "",
        "contact_name": "Jana Wolters",
        "contact_email": "info@elbmarsch-digital.de",
        "contact_phone": "",
        **changes,
    }


def errors_of(response):
    return [item.get_text(" ", strip=True) for item in parse(response).select(".form-errors li")]


def notices_of(response):
    return [notice.get_text(" ", strip=True) for notice in parse(response).select(".notice")]


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_a_member_sets_up_an_organisation_with_a_logo(client, member):
    district = DistrictFactory(name="Stade")
    response = client.post(
        "/de/mitgliederbereich/organisationen/neu/",
        {**organisation_form(district), "logo_upload": png()},
        follow=True,
    )
    organisation = Organisation.objects.get()
    assert (
        response.redirect_chain[-1][0]
        == f"/de/mitgliederbereich/organisationen/{organisation.slug}/"
    )
    assert organisation.website == "https://elbmarsch-digital.de"
    assert organisation.logo.collection.name == "Logos der Mitglieder"
    assert Membership.objects.get(organisation=organisation).user == member
    assert any("Elbmarsch Digital GmbH" in notice for notice in notices_of(response))
    overview = parse(client.get("/de/mitgliederbereich/"))
    assert "Elbmarsch Digital GmbH" in overview.select_one(".member-area__list").get_text()


def test_bad_input_is_explained_in_the_members_language_and_kept(client, member):
    district = DistrictFactory()
    fake_logo = SimpleUploadedFile("logo.png", b"MZ\x90\x00 not an image", "image/png")
    response = client.post(
        "/de/mitgliederbereich/organisationen/neu/",
        organisation_form(district, postal_code="2168", logo_upload=fake_logo),
    )
    assert response.status_code == 200
    errors = " ".join(errors_of(response))
    assert "fünf Ziffern der Postleitzahl" in errors
    assert "PNG-, JPEG- oder WebP-Bild" in errors
    assert parse(response).select_one("#id_name")["value"] == "Elbmarsch Digital GmbH"
    english = client.post(
        "/en/member-area/organisations/new/", organisation_form(district, name="")
    )
    assert "This field is required." in " ".join(errors_of(english))
    assert not Organisation.objects.exists()


def test_another_organisations_addresses_answer_404(client, member):
    theirs = draft_application()
    attachment = services.attachment_add(
        application=theirs, by=owner_of(theirs.organisation), upload=pdf()
    )
    slug = theirs.organisation.slug
    for path in [
        f"/de/mitgliederbereich/organisationen/{slug}/",
        f"/de/mitgliederbereich/organisationen/{slug}/bearbeiten/",
        f"/de/mitgliederbereich/organisationen/{slug}/personen/",
        f"/de/mitgliederbereich/organisationen/{slug}/antrag/",
        f"/de/mitgliederbereich/antraege/{theirs.pk}/",
        f"/de/mitgliederbereich/antraege/{theirs.pk}/anhaenge/{attachment.pk}/",
        "/de/mitgliederbereich/organisationen/gibt-es-nicht/",
    ]:
        assert client.get(path).status_code == 404, path
    response = client.post(f"/de/mitgliederbereich/antraege/{theirs.pk}/", {"action": "submit"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == ApplicationState.DRAFT


def test_the_portal_asks_for_a_login(client):
    response = client.get("/de/mitgliederbereich/")
    assert response.status_code == 302
    assert "next=/de/mitgliederbereich/" in response["Location"]


def test_a_stale_profile_form_does_not_overwrite_a_colleagues_change(client):
    organisation = OrganisationFactory()
    owner = owner_of(organisation)
    client.force_login(owner)
    form = organisation_form(organisation.district, name=organisation.name, version=1)
    services.organisation_update(organisation=organisation, by=owner, version=1, city="Buxtehude")
    response = client.post(
        f"/de/mitgliederbereich/organisationen/{organisation.slug}/bearbeiten/", form
    )
    assert "in der Zwischenzeit geändert" in " ".join(errors_of(response))
    organisation.refresh_from_db()
    assert organisation.city == "Buxtehude"


def test_an_editor_keeps_the_profile_but_cannot_apply(client):
    organisation = OrganisationFactory()
    editor = UserFactory()
    Membership.objects.create(user=editor, organisation=organisation, role="editor")
    services.grant_role(editor, organisation, "editor")
    client.force_login(editor)
    page = parse(client.get(f"/de/mitgliederbereich/organisationen/{organisation.slug}/"))
    assert "Siegel beantragen" not in page.get_text()
    response = client.post(
        f"/de/mitgliederbereich/organisationen/{organisation.slug}/antrag/",
        {"digital_activities": "a", "references": "b", "regional_commitment": "c"},
    )
    assert "Nur Inhaberinnen" in " ".join(errors_of(response))
    assert not organisation.applications.exists()
    edited = client.post(
        f"/de/mitgliederbereich/organisationen/{organisation.slug}/bearbeiten/",
        organisation_form(organisation.district, name="Neuer Name", version=1),
    )
    assert edited.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Neuer Name"


def invitation_link():
    (message,) = [m for m in mail.outbox if "Einladung" in m.subject or "Invitation" in m.subject]
    return re.search(r"https?://\S+/einladungen/\S+/", message.body).group(0)


def test_an_owner_invites_a_colleague_who_joins_once(client, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    client.force_login(owner_of(organisation))
    people = f"/de/mitgliederbereich/organisationen/{organisation.slug}/personen/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            people, {"action": "invite", "email": "kollegin@example.org", "role": "editor"}
        )
    assert response.status_code == 302
    link = invitation_link().removeprefix("http://testserver")
    colleague = UserFactory(email="kollegin@example.org")
    client.force_login(colleague)
    page = parse(client.get(link))
    assert organisation.name in page.h1.get_text()
    joined = client.post(link)
    assert joined.status_code == 302
    assert Membership.objects.get(user=colleague, organisation=organisation).role == "editor"
    assert colleague.has_perm("members.change_organisation", organisation)
    assert not colleague.has_perm("members.apply_for_seal", organisation)
    reused = client.post(link)
    assert reused.status_code == 409
    assert "bereits angenommen" in parse(reused).h1.get_text()


def test_expired_and_unknown_invitations_are_refused(
    client, member, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            organisation=organisation, by=owner_of(organisation), email="spaet@example.org"
        )
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    link = invitation_link().removeprefix("http://testserver")
    assert client.post(link).status_code == 410
    assert client.get("/de/mitgliederbereich/einladungen/ausgedacht/").status_code == 404
    assert not Membership.objects.filter(user=member).exists()


def test_a_member_cannot_be_invited_twice_and_the_last_owner_stays(client):
    organisation = OrganisationFactory()
    owner = owner_of(organisation)
    client.force_login(owner)
    people = f"/de/mitgliederbereich/organisationen/{organisation.slug}/personen/"
    response = client.post(
        people, {"action": "invite", "email": owner.email.upper(), "role": "editor"}
    )
    assert "gehört bereits" in " ".join(errors_of(response))
    membership = Membership.objects.get(user=owner)
    left = client.post(people, {"action": "remove", "membership": membership.pk}, follow=True)
    assert "braucht eine Inhaberin" in " ".join(notices_of(left))
    demoted = client.post(
        people, {"action": "role", "membership": membership.pk, "role": "editor"}, follow=True
    )
    assert "braucht eine Inhaberin" in " ".join(notices_of(demoted))
    assert Membership.objects.get(user=owner).role == "owner"


def test_an_owner_applies_answers_a_change_request_and_sees_the_history(
    client, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory()
    owner = owner_of(organisation)
    client.force_login(owner)
    started = client.post(
        f"/de/mitgliederbereich/organisationen/{organisation.slug}/antrag/",
        {
            "digital_activities": "Digitale Zwillinge für Häfen",
            "references": "Hafen Stade",
            "regional_commitment": "Ausbildung",
        },
    )
    application = organisation.applications.get()
    page = f"/de/mitgliederbereich/antraege/{application.pk}/"
    assert started["Location"] == page
    attached = client.post(page, {"action": "attach", "file": pdf()})
    assert attached.status_code == 302
    exe = SimpleUploadedFile("programm.pdf", b"MZ\x90\x00\x03", "application/pdf")
    refused = client.post(page, {"action": "attach", "file": exe})
    assert "PDF-Dokument" in " ".join(errors_of(refused))
    assert application.attachments.count() == 1
    download = client.get(f"{page}anhaenge/{application.attachments.get().pk}/")
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"] == "application/pdf"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page, {"action": "submit"})
    committee = committee_member()
    services.application_start_review(application=application, by=committee)
    services.application_request_changes(
        application=application, by=committee, comment="Bitte eine zweite Referenz nennen."
    )
    history = parse(client.get(page)).select_one(".history").get_text(" ", strip=True)
    assert "Bitte eine zweite Referenz nennen." in history
    saved = client.post(
        page,
        {
            "action": "save",
            "version": application_version(application),
            "digital_activities": "Digitale Zwillinge für Häfen",
            "references": "Hafen Stade; Hafen Cuxhaven",
            "regional_commitment": "Ausbildung",
        },
    )
    assert saved.status_code == 302
    answered = client.post(page, {"action": "answer", "comment": "Cuxhaven ergänzt."}, follow=True)
    application.refresh_from_db()
    assert application.state == ApplicationState.IN_REVIEW
    assert application.references == "Hafen Stade; Hafen Cuxhaven"
    assert "Prüfung" in " ".join(notices_of(answered))


def application_version(application):
    application.refresh_from_db()
    return application.version


def test_a_submitted_application_can_no_longer_be_changed(client):
    application = draft_application()
    owner = owner_of(application.organisation)
    client.force_login(owner)
    services.application_submit(application=application, by=owner)
    page = f"/de/mitgliederbereich/antraege/{application.pk}/"
    html = parse(client.get(page))
    assert html.select_one("textarea") is None
    response = client.post(
        page,
        {"action": "save", "version": application_version(application), "references": "x"},
    )
    assert response.status_code in {200, 400}
    application.refresh_from_db()
    assert application.references != "x"
    too_late = client.post(page, {"action": "attach", "file": pdf()}, follow=True)
    assert "nicht mehr geändert" in " ".join(notices_of(too_late))
    assert not application.attachments.exists()


def invited(organisation, email, capture_on_commit_callbacks):
    """The path of the invitation link an owner of ``organisation`` sends to ``email``."""
    with capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            organisation=organisation, by=owner_of(organisation), email=email
        )
    return invitation_link().removeprefix("http://testserver")


def test_an_invitation_works_only_for_the_invited_address(
    client, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory()
    link = invited(organisation, "kollegin@example.org", django_capture_on_commit_callbacks)
    stranger = UserFactory(email="jemand.anders@example.org")
    client.force_login(stranger)
    response = client.post(link, follow=True)
    assert "kollegin@example.org" in " ".join(notices_of(response))
    assert not Membership.objects.filter(user=stranger).exists()


def test_ids_that_are_not_numbers_are_records_that_are_not_there(client):
    organisation = OrganisationFactory()
    client.force_login(owner_of(organisation))
    people = f"/de/mitgliederbereich/organisationen/{organisation.slug}/personen/"
    for action in ["remove", "role"]:
        response = client.post(people, {"action": action, "membership": "1 OR 1=1"})
        assert response.status_code == 404


def test_an_invited_visitor_without_a_login_is_led_to_log_in_and_back(
    client, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory()
    link = invited(organisation, "neu@example.org", django_capture_on_commit_callbacks)
    page = parse(client.get(link))
    login = page.find("a", string="Anmelden")["href"]
    signup = page.find("a", string="Konto anlegen")["href"]
    assert login.startswith("/de/konto/login/") and f"next={link}" in login.replace("%2F", "/")
    assert signup.startswith("/de/konto/signup/")
    assert client.post(link).status_code == 200
    assert not organisation.memberships.filter(user__email="neu@example.org").exists()
