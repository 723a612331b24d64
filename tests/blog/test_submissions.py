"""Members submit posts from the public site; editors approve, ask for changes or reject them in
the admin; the submitter follows it in the member area and by e-mail."""

import io
import json

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from blog import services
from blog.models import BlogPostPage, PostSubmission
from members import services as members_services
from tests.factories.blog import blog_for_submissions
from tests.factories.members import OrganisationFactory, UserFactory, owner_of
from tests.helpers import parse

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert('titel')</script>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    '"><iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">klick</a>',
    "{{7*7}}{% now 'Y' %}",
    "<style>body{display:none}</style>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
]


@pytest.fixture
def site(db):
    return blog_for_submissions()


@pytest.fixture
def member(site):
    organisation = OrganisationFactory(name="Elbmarsch Windservice GmbH")
    return owner_of(organisation), organisation


@pytest.fixture
def editor(db):
    """An editor of Wagtail's moderators' group, which the review workflow's task names (a
    superuser, to open any admin page)."""
    user = UserFactory(username="redaktion", is_staff=True, is_superuser=True)
    user.groups.add(Group.objects.get_or_create(name=services.MODERATORS_GROUP)[0])
    return user


def jpeg(*, size=(640, 480), gps=False, name="foto.jpg"):
    image = Image.new("RGB", size, (30, 120, 90))
    exif = Image.Exif()
    if gps:
        # GPSInfo: 53°15' N, 10°24' E, near Lüneburg.
        exif[0x8825] = {1: "N", 2: (53.0, 15.0, 0.0), 3: "E", 4: (10.0, 24.0, 0.0)}
        exif[0x010F] = "Kamerahersteller"
    stored = io.BytesIO()
    image.save(stored, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, stored.getvalue(), content_type="image/jpeg")


def submission_data(site, organisation, **changes):
    return {
        "title": "Werkstatt im Netz",
        "teaser": "Wie eine Tischlerei ihre Kunden online berät.",
        "text": "Erster Absatz.\n\nZweiter Absatz mit mehr.",
        "sector": site["sector"].pk,
        "district": site["district"].pk,
        "organisation": organisation.pk,
        **changes,
    }


def submit(client, site, organisation, **changes):
    return client.post(
        "/de/mitgliederbereich/beitraege/neu/", submission_data(site, organisation, **changes)
    )


def decide(post, editor, action, comment=""):
    task_state = post.current_workflow_task_state
    task_state.task.specific.on_action(task_state, editor, action, comment=comment)


def test_a_member_submits_a_post_which_waits_as_a_draft_for_the_editors(client, site, member):
    user, organisation = member
    client.force_login(user)

    response = submit(client, site, organisation, image_1=jpeg(), alt_1="Eine Werkbank")

    assert response.status_code == 302
    assert response["Location"] == "/de/mitgliederbereich/beitraege/"
    post = BlogPostPage.objects.get(title="Werkstatt im Netz")
    assert (post.live, post.owner, post.organisation) == (False, user, organisation)
    assert post.get_parent().pk == site["blog"].pk
    assert post.workflow_in_progress
    assert post.hero_image_alt == "Eine Werkbank"
    assert [block.block_type for block in post.body] == ["paragraph", "paragraph"]
    listing = parse(client.get("/de/mitgliederbereich/beitraege/"))
    assert "in Prüfung" in listing.select_one(".submission__meta").get_text()
    assert "Werkstatt im Netz" not in client.get("/de/blog/").content.decode()
    assert client.get("/de/blog/werkstatt-im-netz/").status_code == 404


@pytest.mark.parametrize(
    ("action", "status", "subject", "live"),
    [
        ("approve", "veröffentlicht", "Ihr Beitrag ist veröffentlicht: Werkstatt im Netz", True),
        (
            "reject",
            "Änderungen erbeten",
            "Änderungswünsche zu Ihrem Beitrag: Werkstatt im Netz",
            False,
        ),
        ("decline", "abgelehnt", "Ihr Beitrag wurde nicht angenommen: Werkstatt im Netz", False),
    ],
)
def test_each_decision_of_the_editors_is_shown_and_mailed_to_the_submitter(
    client, site, member, editor, django_capture_on_commit_callbacks, action, status, subject, live
):
    user, organisation = member
    client.force_login(user)
    submit(client, site, organisation)
    post = BlogPostPage.objects.get(title="Werkstatt im Netz")

    with django_capture_on_commit_callbacks(execute=True):
        decide(post, editor, action, comment="Bitte ein Foto der Werkstatt ergänzen.")

    post.refresh_from_db()
    assert post.live is live
    submission = PostSubmission.objects.get(post=post)
    assert submission.comment == "Bitte ein Foto der Werkstatt ergänzen."
    listing = parse(client.get("/de/mitgliederbereich/beitraege/"))
    assert status in listing.select_one(".submission__meta").get_text()
    comment = listing.select_one(".submission__comment").get_text()
    assert "Bitte ein Foto der Werkstatt ergänzen." in comment
    [message] = [sent for sent in mail.outbox if sent.subject == subject]
    assert message.to == [user.email]
    assert "Bitte ein Foto der Werkstatt ergänzen." in message.body
    if live:
        entries = feedparser.parse(client.get("/de/blog/feed.rss").content).entries
        assert [entry.title for entry in entries] == ["Werkstatt im Netz"]


def test_a_visitor_without_an_account_is_led_to_sign_up_and_finds_the_text_again(
    client, site, member
):
    user, organisation = member
    response = submit(client, site, organisation)

    assert response.status_code == 302
    assert response["Location"].startswith("/de/konto/signup/?next=")
    assert not BlogPostPage.objects.filter(title="Werkstatt im Netz").exists()
    client.force_login(user)
    form = parse(client.get("/de/mitgliederbereich/beitraege/neu/"))
    assert form.find("input", {"name": "title"})["value"] == "Werkstatt im Netz"
    assert "Zweiter Absatz mit mehr." in form.find("textarea", {"name": "text"}).get_text()


def test_a_member_submits_only_for_their_own_organisations(client, site, member):
    user, _organisation = member
    other = OrganisationFactory(name="Fremde GmbH")
    client.force_login(user)

    response = submit(client, site, other)

    assert response.status_code == 200
    assert not BlogPostPage.objects.exists()
    assert "Fremde GmbH" not in parse(response).find("select", {"name": "organisation"}).get_text()


def test_a_member_submits_only_a_few_posts_an_hour(client, site, member, settings):
    settings.BLOG_SUBMISSIONS_PER_HOUR = 2
    user, organisation = member
    client.force_login(user)

    answers = [submit(client, site, organisation, title=f"Idee {n}").status_code for n in range(3)]

    assert answers == [302, 302, 200]
    assert BlogPostPage.objects.count() == 2
    last = parse(submit(client, site, organisation, title="Idee 3"))
    assert "Sie haben in der letzten Stunde 2 Beiträge eingereicht" in last.get_text()


def bomb():
    """A PNG of 20,000 × 20,000 pixels that compresses to a few hundred kilobytes."""
    stored = io.BytesIO()
    Image.new("1", (20000, 20000)).save(stored, format="PNG")
    return SimpleUploadedFile("bombe.png", stored.getvalue(), content_type="image/png")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("foto.jpg", b"<html><script>alert(1)</script></html>"),
            "PNG, JPEG oder WebP",
        ),
        (SimpleUploadedFile("riesig.jpg", b"\xff" * (10 * 1024 * 1024 + 1)), "höchstens 10"),
        (None, "zu viele Pixel"),
    ],
    ids=["html-named-jpg", "too-large", "decompression-bomb"],
)
def test_uploads_are_checked_by_content_size_and_pixels(client, site, member, upload, message):
    user, organisation = member
    client.force_login(user)

    response = submit(client, site, organisation, image_1=upload or bomb(), alt_1="Ein Bild")

    assert response.status_code == 200
    assert message in parse(response).get_text()
    assert not BlogPostPage.objects.exists()


def test_an_image_needs_its_alternative_text(client, site, member):
    user, organisation = member
    client.force_login(user)

    response = submit(client, site, organisation, image_1=jpeg())

    assert "Beschreiben Sie das Bild" in parse(response).get_text()
    assert not BlogPostPage.objects.exists()


def test_a_photos_location_is_not_stored_nor_in_its_renditions(client, site, member):
    user, organisation = member
    client.force_login(user)
    assert Image.open(jpeg(gps=True)).getexif().get(0x8825)

    submit(client, site, organisation, image_1=jpeg(gps=True), alt_1="Die Werkstatt")

    post = BlogPostPage.objects.get()
    with post.hero_image.open_file() as stored:
        kept = Image.open(stored)
        assert not kept.getexif()
    rendition = post.hero_image.get_rendition("fill-640x360")
    with rendition.file.open() as rendered:
        assert not Image.open(rendered).getexif()


@pytest.mark.parametrize("payload", XSS)
def test_no_markup_typed_into_the_form_reaches_a_page_the_feed_or_the_admin(
    client, site, member, editor, payload
):
    user, organisation = member
    client.force_login(user)
    submit(
        client,
        site,
        organisation,
        title=f"Titel {payload}",
        teaser=f"Anriss {payload}",
        text=f"Absatz {payload}\n\nNoch {payload}",
        image_1=jpeg(),
        alt_1=f"Bild {payload}",
    )
    post = BlogPostPage.objects.get()
    decide(post, editor, "approve")
    post.refresh_from_db()

    pages = [client.get(post.url), client.get("/de/blog/")]
    client.force_login(editor)
    pages.append(client.get(f"/admin/pages/{post.pk}/edit/"))
    feed = client.get("/de/blog/feed.rss").content.decode()

    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        if "<" in payload:
            assert payload not in html
        assert 'href="javascript:' not in html
    assert payload not in feed or "<" not in payload
    assert "49" not in parse(pages[0]).h1.get_text()


def test_after_changes_were_requested_the_member_revises_and_the_editors_approve(
    client, site, member, editor, django_capture_on_commit_callbacks
):
    user, organisation = member
    client.force_login(user)
    submit(client, site, organisation, image_1=jpeg(), alt_1="Eine Werkbank")
    post = BlogPostPage.objects.get()
    decide(post, editor, "reject", comment="Bitte den zweiten Absatz ausführen.")
    submission = PostSubmission.objects.get()

    address = parse(client.get("/de/mitgliederbereich/beitraege/")).select_one(
        ".submission .button"
    )
    form = parse(client.get(address["href"]))
    assert form.find("textarea", {"name": "text"}).get_text().strip() == (
        "Erster Absatz.\n\nZweiter Absatz mit mehr."
    )
    assert (
        "Bitte den zweiten Absatz ausführen." in form.select_one(".submission__comment").get_text()
    )
    revised = client.post(
        address["href"],
        submission_data(site, organisation, text="Erster Absatz.\n\nZweiter, ausführlicher."),
    )
    submission.refresh_from_db()
    assert revised.status_code == 302
    assert submission.status == "in_review"
    post.refresh_from_db()
    assert post.workflow_in_progress

    with django_capture_on_commit_callbacks(execute=True):
        decide(post, editor, "approve")

    page = parse(client.get("/de/blog/werkstatt-im-netz/"))
    assert "Zweiter, ausführlicher." in page.select_one(".stream").get_text()
    assert page.select_one(".page-image img")["alt"] == "Eine Werkbank"


def test_only_the_submitter_revises_and_only_when_changes_were_requested(
    client, site, member, editor
):
    user, organisation = member
    client.force_login(user)
    submit(client, site, organisation)
    submission = PostSubmission.objects.get()
    address = f"/de/mitgliederbereich/beitraege/{submission.pk}/"

    while_in_review = client.post(address, submission_data(site, organisation, title="Neu"))
    client.force_login(UserFactory())

    assert "die Redaktion hat ihn gerade" in parse(while_in_review).get_text()
    assert client.get(address).status_code == 404


def test_the_members_data_download_holds_their_submissions(client, site, member):
    user, organisation = member
    client.force_login(user)
    submit(client, site, organisation)

    data = json.loads(client.get("/de/mitgliederbereich/konto/daten/").content)

    [submission] = data["blog_submissions"]
    assert (submission["title"], submission["organisation"], submission["status"]) == (
        "Werkstatt im Netz",
        "Elbmarsch Windservice GmbH",
        "in_review",
    )
    assert submission["text"] == "Erster Absatz.\n\nZweiter Absatz mit mehr."
    assert submission["address"] is None


def test_a_deleted_account_takes_its_unpublished_submissions_along_and_leaves_the_published(
    client, site, member, editor
):
    user, organisation = member
    co_owner = UserFactory()
    members_services.grant_role(co_owner, organisation, "owner")
    organisation.memberships.create(user=co_owner, role="owner")
    client.force_login(user)
    submit(client, site, organisation, title="Schon veröffentlicht")
    submit(client, site, organisation, title="Noch in Prüfung")
    decide(BlogPostPage.objects.get(title="Schon veröffentlicht"), editor, "approve")

    response = client.post(
        "/de/mitgliederbereich/konto/loeschen/", {"password": "Sehr-geheim-2026"}
    )

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert list(BlogPostPage.objects.values_list("title", "live", "owner")) == [
        ("Schon veröffentlicht", True, None)
    ]
    assert PostSubmission.objects.get().submitter is None
    assert client.get("/de/blog/schon-veroeffentlicht/").status_code == 200


def test_posts_of_the_same_title_get_addresses_of_their_own_in_plain_letters(client, site, member):
    user, organisation = member
    client.force_login(user)

    answers = [submit(client, site, organisation, title="Grüße aus Lüneburg") for _ in range(2)]

    assert [answer.status_code for answer in answers] == [302, 302]
    assert sorted(BlogPostPage.objects.values_list("slug", flat=True)) == [
        "gruesse-aus-lueneburg",
        "gruesse-aus-lueneburg-1",
    ]


def test_the_review_task_is_for_wagtails_moderators_and_superusers_decide_too(db):
    # Made by Wagtail's migrations and named in German by cms's; a flushed database lacks it.
    moderators = Group.objects.get_or_create(name="Moderation")[0]
    moderator = UserFactory()
    moderator.groups.add(moderators)
    task = services.review_workflow().workflow_tasks.get().task.specific

    assert list(task.groups.all()) == [moderators]
    for user in (moderator, UserFactory(is_superuser=True)):
        actions = [name for name, _label, _modal in task.get_actions(None, user)]
        assert actions == ["reject", "decline", "approve", "approve"]
    assert task.get_actions(None, UserFactory()) == []
