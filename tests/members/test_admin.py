"""What reviewers and the seal committee do with applications, seals, ambassadors and reviewer
assignments in the Wagtail admin."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from members import services
from members.models import REVIEWER_GROUP, Ambassador, ReviewerAssignment, Seal
from tests.factories.cms import DistrictFactory
from tests.factories.home import SectorIndexPageFactory, SectorPageFactory
from tests.factories.members import (
    OrganisationFactory,
    UserFactory,
    committee_member,
    draft_application,
    owner_of,
    reviewer_for,
)
from tests.helpers import parse

pytestmark = pytest.mark.django_db

APPLICATIONS = "/admin/seal-applications/"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def logged_in(client, user):
    """``client`` as ``user`` in the admin, in English: the messages asserted are the source
    texts, whatever the state of the translations."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


def submitted_application(district=None, attachment=False, sectors=()):
    organisation = OrganisationFactory(district=district or DistrictFactory(), sectors=sectors)
    application = draft_application(organisation)
    owner = owner_of(organisation)
    if attachment:
        services.attachment_add(
            application=application,
            by=owner,
            upload=SimpleUploadedFile("Referenzen.pdf", PDF, content_type="text/plain"),
        )
    return services.application_submit(application=application, by=owner)


def review_url(application):
    return f"{APPLICATIONS}edit/{application.pk}/"


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return parse(response)


def offered_actions(page):
    return [field["value"] for field in page.select("form input[name=action]")]


def action_data(page, action, **fields):
    """What the screen's form for ``action`` sends, with ``fields`` filled in."""
    form = page.select_one(f"form#action-{action}")
    data = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    return data


def not_found(client, address):
    """Whether ``address`` answers as one that does not exist. Outside the language prefixes, a
    404 is redirected once to the same path below the language, which does not exist either."""
    response = client.get(address, follow=True)
    return response.status_code == 404 and len(response.redirect_chain) <= 1


def messages_of(page):
    return page.select_one(".messages").get_text(" ", strip=True)


def state_of(application):
    application.refresh_from_db()
    return application.state


def test_a_reviewer_sees_only_the_applications_assigned_to_them(client):
    stade, uelzen = DistrictFactory(name="Stade"), DistrictFactory(name="Uelzen")
    reviewer = reviewer_for(district=stade)
    theirs = submitted_application(stade, attachment=True)
    others = submitted_application(uelzen, attachment=True)
    logged_in(client, reviewer)

    listing = page_of(client, APPLICATIONS)

    rows = [row.get_text(" ", strip=True) for row in listing.select("table tbody tr")]
    assert len(rows) == 1
    assert theirs.organisation.name in rows[0]
    assert "Stade" in rows[0]
    attachment = others.attachments.get()
    for address in (
        review_url(others),
        f"{APPLICATIONS}history/{others.pk}/",
        f"{APPLICATIONS}{others.pk}/attachments/{attachment.pk}/",
        f"{APPLICATIONS}{theirs.pk}/attachments/{attachment.pk}/",
    ):
        assert not_found(client, address)
    assert client.get(review_url(theirs)).status_code == 200


def test_a_reviewer_downloads_an_attachment_and_never_from_the_media_address(client):
    district = DistrictFactory()
    reviewer = reviewer_for(district=district)
    application = submitted_application(district, attachment=True)
    logged_in(client, reviewer)

    page = page_of(client, review_url(application))
    link = page.select_one("#attachments-section a[download]")
    response = client.get(link["href"])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Referenzen.pdf"'
    assert b"".join(response.streaming_content) == PDF
    assert "/media/" not in str(page.select_one("main"))


def test_a_reviewer_starts_the_review_comments_and_recommends(client):
    district = DistrictFactory()
    reviewer = reviewer_for(district=district)
    application = submitted_application(district)
    logged_in(client, reviewer)
    url = review_url(application)

    page = page_of(client, url)
    assert offered_actions(page) == ["start_review", "comment"]
    client.post(url, action_data(page, "start_review"))
    assert state_of(application) == "in-review"

    page = page_of(client, url)
    assert offered_actions(page) == ["recommend", "request_changes", "comment"]
    client.post(
        url,
        action_data(
            page, "comment", comment="Die Referenzen sind überzeugend.", for_applicant="on"
        ),
    )
    response = client.post(
        url,
        action_data(page, "recommend", recommendation="approve", comment="Klar im Profil."),
        follow=True,
    )

    assert "Your recommendation has been saved: approve." in messages_of(parse(response))
    application.refresh_from_db()
    assert application.recommendation == "approve"
    assert application.state == "in-review"
    history = parse(response).select_one("#history-section").get_text(" ", strip=True)
    assert "Die Referenzen sind überzeugend." in history
    assert "visible to the applicant" in history
    assert "Decision recommended: approve" in history
    assert "Klar im Profil." in history
    comment = ModelLogEntry.objects.get(action="members.application.comment")
    assert comment.user == reviewer
    assert comment.data["for_applicant"] is True


def test_a_reviewer_cannot_approve_not_even_with_a_forged_form(client):
    district = DistrictFactory()
    reviewer = reviewer_for(district=district)
    application = submitted_application(district)
    services.application_start_review(application=application, by=reviewer)
    logged_in(client, reviewer)
    url = review_url(application)

    page = page_of(client, url)
    assert "approve" not in offered_actions(page)
    assert "reject" not in offered_actions(page)
    response = client.post(
        url,
        {"action": "approve", "approve-version": application.version, "approve-comment": ""},
        follow=True,
    )

    assert "You may not do this." in messages_of(parse(response))
    assert state_of(application) == "in-review"
    assert not Seal.objects.exists()
    assert not ModelLogEntry.objects.filter(action="members.application.approve").exists()


def test_the_committee_approves_and_the_seal_is_issued(client):
    committee = committee_member()
    application = submitted_application()
    services.application_start_review(application=application, by=committee)
    logged_in(client, committee)
    url = review_url(application)

    page = page_of(client, url)
    assert offered_actions(page) == [
        "recommend",
        "request_changes",
        "approve",
        "reject",
        "comment",
    ]
    response = client.post(
        url, action_data(page, "approve", comment="Einstimmig beschlossen."), follow=True
    )

    seal = Seal.objects.get(organisation=application.organisation)
    assert f"seal {seal.serial_number} is valid until" in messages_of(parse(response))
    assert state_of(application) == "approved"
    seal_link = parse(response).select_one(f"#facts-section a[href='/admin/seals/edit/{seal.pk}/']")
    assert seal_link.text == seal.serial_number
    history = page_of(client, f"{APPLICATIONS}history/{application.pk}/").select_one("table")
    rows = [row.get_text(" ", strip=True) for row in history.select("tbody tr")]
    assert any(
        "Application approved (in review → approved)" in row and "Einstimmig beschlossen." in row
        for row in rows
    )
    assert any("Review started" in row for row in rows)
    assert any("Application submitted" in row for row in rows)


def test_a_decision_on_a_stale_screen_is_refused_and_issues_no_second_seal(client):
    committee, colleague = committee_member(), committee_member()
    application = submitted_application()
    services.application_start_review(application=application, by=committee)
    url = review_url(application)
    logged_in(client, committee)
    stale = page_of(client, url)

    services.application_approve(application=application, by=colleague)
    for action, comment in (("approve", ""), ("reject", "Zu wenig Bezug zur Region.")):
        response = client.post(url, action_data(stale, action, comment=comment), follow=True)
        assert "Someone else decided on this application in the meantime." in messages_of(
            parse(response)
        )

    assert state_of(application) == "approved"
    assert Seal.objects.count() == 1
    assert ModelLogEntry.objects.filter(action="members.application.approve").count() == 1
    assert not ModelLogEntry.objects.filter(action="members.application.reject").exists()
    assert offered_actions(page_of(client, url)) == ["comment"]


def test_a_rejection_and_a_change_request_need_a_comment(client):
    committee = committee_member()
    application = submitted_application()
    services.application_start_review(application=application, by=committee)
    logged_in(client, committee)
    url = review_url(application)
    page = page_of(client, url)

    for action, message in (
        ("reject", "Please give the reason for the rejection."),
        ("request_changes", "Please say which changes you request."),
    ):
        response = client.post(url, action_data(page, action, comment="   "))
        assert response.status_code == 200
        assert message in parse(response).select_one(f"form#action-{action}").text

    assert state_of(application) == "in-review"


def test_the_committee_suspends_a_seal_with_a_reason_and_its_history_shows_it(client):
    committee = committee_member()
    application = submitted_application()
    services.application_start_review(application=application, by=committee)
    services.application_approve(application=application, by=committee)
    seal = Seal.objects.get()
    logged_in(client, committee)
    url = f"/admin/seals/edit/{seal.pk}/"

    listing = page_of(client, "/admin/seals/")
    assert seal.serial_number in listing.select_one("table tbody").text
    page = page_of(client, url)
    assert offered_actions(page) == ["suspend", "revoke"]
    refused = client.post(url, action_data(page, "suspend", reason=""))
    assert "Please give the reason for the suspension." in parse(refused).text
    client.post(url, action_data(page, "suspend", reason="Das Impressum fehlt."))

    seal.refresh_from_db()
    assert seal.status == "suspended"
    assert seal.status_reason == "Das Impressum fehlt."
    assert offered_actions(page_of(client, url)) == ["reinstate", "revoke"]
    history = page_of(client, f"/admin/seals/history/{seal.pk}/").select_one("table").text
    assert "Seal suspended" in history
    assert "Das Impressum fehlt." in history


def test_only_the_committee_runs_seals_ambassadors_and_reviewers(client):
    application = submitted_application()
    reviewer = reviewer_for(district=application.organisation.district)
    logged_in(client, reviewer)

    for address in ("/admin/seals/", "/admin/ambassadors/new/", "/admin/reviewer-assignments/"):
        assert client.get(address).status_code in {302, 403}


def test_the_committee_names_an_ambassador_and_ends_the_term(client):
    committee = committee_member()
    district = DistrictFactory(name="Harburg")
    logged_in(client, committee)

    form = page_of(client, "/admin/ambassadors/new/").select_one("form#w-editor-form")
    field_names = {field["name"] for field in form.select("[name]")}
    assert not {"status", "appointed_by", "appointed_at"} & field_names
    refused = client.post(
        "/admin/ambassadors/new/",
        {"district": district.pk, "term_start": "2026-01-01", "term_end": "2027-12-31"},
    )
    assert "Please choose an organisation or name a person." in parse(refused).text
    assert not Ambassador.objects.exists()
    today = timezone.localdate()
    client.post(
        "/admin/ambassadors/new/",
        {
            "person_name": "Dr. Maren Voss",
            "person_role": "Geschäftsführerin",
            "district": district.pk,
            "term_start": (today - timedelta(days=30)).isoformat(),
            "term_end": (today + timedelta(days=700)).isoformat(),
            "statement_de": "Digitalisierung gelingt gemeinsam.",
            "statement_en": "Digital change succeeds together.",
        },
    )

    ambassador = Ambassador.objects.get()
    assert ambassador.appointed_by == committee
    assert ModelLogEntry.objects.get(action="members.ambassador.appoint").user == committee
    url = f"/admin/ambassadors/edit/{ambassador.pk}/"
    client.post(url, action_data(page_of(client, url), "end", on=today.isoformat()))
    ambassador.refresh_from_db()
    assert ambassador.term_end == today


def test_an_assignment_gives_a_reviewer_an_application_already_submitted(client):
    committee = committee_member()
    district = DistrictFactory(name="Lüneburg")
    application = submitted_application(district)
    person = UserFactory(first_name="Jana", last_name="Krüger")
    logged_in(client, committee)

    client.post(
        "/admin/reviewer-assignments/new/", {"reviewer": person.pk, "district": district.pk}
    )

    assignment = ReviewerAssignment.objects.get(reviewer=person)
    assert person.groups.filter(name=REVIEWER_GROUP).exists()
    listing = page_of(client, "/admin/reviewer-assignments/").select_one("table tbody").text
    assert "Jana Krüger" in listing
    logged_in(client, person)
    assert application.organisation.name in page_of(client, APPLICATIONS).select_one("tbody").text
    assert client.get(review_url(application)).status_code == 200

    logged_in(client, committee)
    client.post(f"/admin/reviewer-assignments/delete/{assignment.pk}/")
    assert not ReviewerAssignment.objects.filter(reviewer=person).exists()
    entry = ModelLogEntry.objects.get(action="members.reviewer.unassign")
    assert entry.data["applications"] == [application.pk]
    logged_in(client, person)
    assert not_found(client, review_url(application))


def test_unassigning_keeps_what_another_assignment_of_the_reviewer_covers(home_pages):
    committee = committee_member()
    district = DistrictFactory()
    sector = SectorPageFactory(parent=SectorIndexPageFactory(parent=home_pages["de"]))
    reviewer = UserFactory()
    in_both = submitted_application(district, sectors=[sector])
    in_sector = submitted_application(DistrictFactory(), sectors=[sector])
    decided = submitted_application(district)
    by_district = services.reviewer_assign(reviewer=reviewer, by=committee, district=district)
    by_sector = services.reviewer_assign(reviewer=reviewer, by=committee, sector=sector)
    services.application_start_review(application=decided, by=committee)
    services.application_reject(application=decided, by=committee, comment="Kein Bezug.")

    with pytest.raises(services.ActionNotAllowed):
        services.reviewer_unassign(assignment=by_district, by=reviewer)
    services.reviewer_unassign(assignment=by_district, by=committee)

    def reviews(application):
        fresh = type(reviewer).objects.get(pk=reviewer.pk)
        return fresh.has_perm("members.review_sealapplication", application)

    assert reviews(in_both)
    assert reviews(decided)
    services.reviewer_unassign(assignment=by_sector, by=committee)
    assert not reviews(in_both)
    assert not reviews(in_sector)
    assert reviews(decided)


def test_editors_do_not_reach_the_seal_registry(client, django_user_model):
    editor = django_user_model.objects.create_user(username="redakteurin", password="x" * 20)
    editor.groups.add(Group.objects.get(name="Redaktion"))
    reviewer = reviewer_for(district=DistrictFactory())

    logged_in(client, editor)
    assert APPLICATIONS not in client.get("/admin/").content.decode()
    assert client.get(APPLICATIONS).status_code in {302, 403}
    logged_in(client, reviewer)
    assert APPLICATIONS in client.get("/admin/").content.decode()
    assert client.get(APPLICATIONS).status_code == 200


def test_the_committee_reads_the_organisations_with_their_seals(client):
    committee = committee_member()
    application = submitted_application()
    services.application_start_review(application=application, by=committee)
    services.application_approve(application=application, by=committee, today=date(2026, 3, 2))
    logged_in(client, committee)

    row = page_of(client, "/admin/organisations/").select_one("tbody tr")

    assert application.organisation.name in row.text
    seal_link = row.find("a", string=re.compile("SR-2026-"))
    assert seal_link["href"] == f"/admin/seals/edit/{Seal.objects.get().pk}/"
    applications = page_of(client, row.find("a", string="Applications")["href"])
    assert application.organisation.name in applications.select_one("tbody").text


def test_the_dashboard_lists_the_applications_awaiting_the_reviewer(client):
    district = DistrictFactory()
    reviewer = reviewer_for(district=district)
    waiting = submitted_application(district)
    decided = submitted_application(district)
    services.application_withdraw(application=decided, by=owner_of(decided.organisation))
    logged_in(client, reviewer)

    panel = page_of(client, "/admin/").select_one("#applications-awaiting-review-section")

    links = {link.text: link["href"] for link in panel.select("tbody a")}
    assert links == {waiting.organisation.name: review_url(waiting)}


def test_the_committee_lists_every_submitted_application_and_filters_them(client):
    committee = committee_member()
    stade, uelzen = DistrictFactory(name="Stade"), DistrictFactory(name="Uelzen")
    in_stade = submitted_application(stade)
    in_uelzen = submitted_application(uelzen)
    services.application_start_review(application=in_uelzen, by=committee)
    draft = draft_application()
    logged_in(client, committee)

    def listed(**query):
        page = parse(client.get(APPLICATIONS, query))
        return {row.select_one("a").text.strip() for row in page.select("table tbody tr")}

    names = {in_stade.organisation.name, in_uelzen.organisation.name}
    assert listed() == names, f"the draft of {draft.organisation} is not listed"
    assert listed(district=stade.pk) == {in_stade.organisation.name}
    assert listed(state="in-review") == {in_uelzen.organisation.name}
    assert listed(q=in_stade.organisation.name) == {in_stade.organisation.name}
