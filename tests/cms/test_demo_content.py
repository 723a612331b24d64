"""The demo loader: what `make run` shows, created once from the data files."""

import io
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site, TaskState, Workflow

from blog.models import BlogIndexPage, BlogPostPage, BlogReviewTask, PostSubmission
from cms.demo.loader import DemoDataError, Loader
from cms.models import ContactPerson, District, SiteSettings
from home.models import (
    EventPage,
    EventSeries,
    HomePage,
    IdeaCallPage,
    LeadProjectPage,
    SectorPage,
    StandardPage,
    Venue,
)
from members.models import Organisation
from tests.conftest import load_demo_content
from tests.helpers import parse

# The demo's tests share one load of it (``shared_demo_content``); what a test changes is rolled
# back after it. The tests with data files of their own pass with the demo loaded or without.
pytestmark = [pytest.mark.django_db, pytest.mark.demo]

BERLIN = ZoneInfo("Europe/Berlin")


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Page,
            HomePage,
            SectorPage,
            LeadProjectPage,
            EventPage,
            EventSeries,
            Venue,
            IdeaCallPage,
            ContactPerson,
            District,
            Site,
        )
    }


def test_the_demo_is_the_region_in_two_languages(shared_demo_content, client):
    assert counts() == {
        # With the blog: its index in both languages, 14 posts in German, 7 of them in
        # English, and 2 submitted drafts.
        "Page": 85,
        "HomePage": 2,
        "SectorPage": 10,
        "LeadProjectPage": 6,
        "EventPage": 22,
        "EventSeries": 6,
        "Venue": 16,
        "IdeaCallPage": 4,
        "ContactPerson": 4,
        "District": 20,
        "Site": 1,
    }
    project = LeadProjectPage.objects.get(
        slug="regionales-innovations-und-transformationsmanagement"
    )
    assert project.implementation_projects.count() == 5
    assert project.get_translation(Locale.objects.get(language_code="en")).live
    assert get_document_model().objects.filter(file__endswith=".pdf").count() == 14
    assert client.get("/en/lead-projects/").status_code == 200


def test_the_demo_has_the_closed_call_of_the_lead_project_and_an_open_one(
    shared_demo_content, client
):
    english = Locale.objects.get(language_code="en")

    project = LeadProjectPage.objects.get(
        slug="regionales-innovations-und-transformationsmanagement"
    )
    closed = IdeaCallPage.objects.get(slug="projektideen")
    assert closed.get_parent().pk == project.pk
    assert project.idea_call_id == closed.pk
    assert project.get_translation(english).idea_call_id == closed.pk
    assert closed.deadline == datetime(2022, 6, 15, 23, 59, tzinfo=BERLIN)
    assert not closed.is_open
    assert "bis zum 15. Juni 2022 eingereicht" in client.get(project.url).content.decode()
    english_project = client.get(project.get_translation(english).url).content.decode()
    assert closed.get_translation(english).url in english_project

    open_call = IdeaCallPage.objects.get(slug="ihre-ideen")
    in_sixty_days = datetime.now(BERLIN).date() + timedelta(days=60)
    assert open_call.deadline == datetime.combine(in_sixty_days, time(23, 59), tzinfo=BERLIN)
    english_call = open_call.get_translation(english)
    assert [field.label for field in english_call.form_fields.all()] == [
        "Name",
        "E-mail address",
        "Organisation",
        "Your idea",
    ]
    # Both languages store the answers under the same names.
    assert [field.clean_name for field in english_call.form_fields.all()] == [
        field.clean_name for field in open_call.form_fields.all()
    ]
    form = client.get(english_call.url).content.decode()
    assert "Ideas are accepted until" in form
    assert 'name="ihre_idee"' in form


def test_a_deleted_demo_call_comes_back_linked_unless_the_editors_chose_another(
    shared_demo_content, django_capture_on_commit_callbacks
):
    project = LeadProjectPage.objects.get(
        slug="regionales-innovations-und-transformationsmanagement"
    )
    IdeaCallPage.objects.get(slug="projektideen").delete()

    load_demo_content(django_capture_on_commit_callbacks)

    project.refresh_from_db()
    assert project.idea_call == IdeaCallPage.objects.get(slug="projektideen")

    chosen = IdeaCallPage.objects.get(slug="ihre-ideen")
    project.idea_call = chosen
    project.save_revision().publish()
    IdeaCallPage.objects.get(slug="projektideen").delete()
    load_demo_content(django_capture_on_commit_callbacks)

    project.refresh_from_db()
    assert project.idea_call == chosen


def test_running_the_loader_twice_creates_nothing_twice(
    shared_demo_content, django_capture_on_commit_callbacks
):
    first = counts()
    output = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_content", stdout=output)

    assert counts() == first
    lines = output.getvalue().splitlines()
    # Only the demo accounts' logins follow the summary.
    summary = lines.index("Demo content is loaded: nothing changed.")
    logins = lines[summary + 1 :]
    assert len(logins) == 3
    assert all(line.startswith("Log in at http://testserver/") for line in logins)


def test_the_loader_keeps_what_editors_changed(
    shared_demo_content, django_capture_on_commit_callbacks
):
    home = HomePage.objects.get(locale__language_code="de")
    home.heading = "Von der Redaktion geändert"
    home.save_revision().publish()
    Site.objects.update(site_name="SMART REGION Elbe", hostname="smart-region.example.org")
    ContactPerson.objects.filter(locale__language_code="de", name="Jürgen Glaser").update(
        name="Anna Beispiel"
    )
    SiteSettings.objects.update(contact=None)

    load_demo_content(django_capture_on_commit_callbacks)

    assert HomePage.objects.get(pk=home.pk).heading == "Von der Redaktion geändert"
    site = Site.objects.get()
    assert (site.site_name, site.hostname) == ("SMART REGION Elbe", "smart-region.example.org")
    assert not ContactPerson.objects.filter(
        locale__language_code="de", name="Jürgen Glaser"
    ).exists()
    assert SiteSettings.objects.get().contact is None


def test_a_demo_page_the_editors_deleted_comes_back(
    shared_demo_content, django_capture_on_commit_callbacks
):
    StandardPage.objects.get(slug="impressum").delete()

    load_demo_content(django_capture_on_commit_callbacks)

    assert StandardPage.objects.filter(slug="impressum", locale__language_code="de").exists()


def test_the_demo_has_a_moderation_workflow_and_sector_editors(shared_demo_content):
    workflow = Workflow.objects.get(name="Freigabe durch die Redaktion")
    home = HomePage.objects.get(locale__language_code="de")
    assert home.get_workflow() == workflow
    energy = SectorPage.objects.get(slug="energiewirtschaft")
    assert energy.group_permissions.filter(group__name="Redaktion Energiewirtschaft").exists()


def write(tmp_path, text):
    (tmp_path / "10-test.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_missing_english_text_stops_the_loader_naming_file_and_key(tmp_path, db):
    data = write(
        tmp_path,
        "snippets:\n"
        "  - key: district-stade\n"
        "    model: cms.District\n"
        "    fields:\n"
        "      name: {de: Stade}\n"
        "      kind: landkreis\n"
        "      slug: stade\n",
    )

    with pytest.raises(DemoDataError, match=r"10-test.yaml: snippets: district-stade: .*Stade"):
        Loader(lambda *args: None).load(data)


def test_a_section_naming_no_function_stops_the_loader(tmp_path, db):
    data = write(tmp_path, "members.demo.nothing_of_that_name:\n  - key: x\n")

    with pytest.raises(
        DemoDataError, match=r"10-test.yaml: unknown section “members\.demo\.nothing"
    ):
        Loader(lambda *args: None).load(data)


def test_demo_accounts_without_a_login_cannot_log_in_and_groups_must_exist(tmp_path, db):
    data = write(
        tmp_path,
        "users:\n"
        "  - key: user-quiet\n"
        "    username: still\n"
        "  - key: user-unknown-group\n"
        "    username: editor\n"
        "    groups: [Redaktion Mond]\n",
    )

    with pytest.raises(DemoDataError, match="user-unknown-group: no group “Redaktion Mond”"):
        Loader(lambda *args: None).load(data)
    assert not get_user_model().objects.get(username="still").has_usable_password()


def test_a_text_with_an_ampersand_is_translated(tmp_path, db):
    data = write(
        tmp_path,
        "snippets:\n"
        "  - key: series-transfer\n"
        "    model: home.EventSeries\n"
        "    fields:\n"
        "      title: {de: 'Forschung & Transfer', en: 'Research & transfer'}\n"
        "      slug: forschung-und-transfer\n",
    )

    Loader(lambda *args: None).load(data)

    english = EventSeries.objects.get(locale__language_code="en", slug="forschung-und-transfer")
    assert english.title == "Research & transfer"


def test_english_rich_text_must_have_the_german_paragraphs(tmp_path, home_pages):
    data = write(
        tmp_path,
        "pages:\n"
        "  - key: page\n"
        "    type: home.StandardPage\n"
        "    parent: home\n"
        "    fields:\n"
        "      title: {de: Seite, en: Page}\n"
        "      slug: {de: seite, en: page}\n"
        "      body:\n"
        "        - paragraph: {de: '<p>Eins</p><p>Zwei</p>', en: '<p>One</p>'}\n",
    )
    loader = Loader(lambda *args: None)
    loader.objects["home"] = home_pages["de"]

    with pytest.raises(DemoDataError, match="1 paragraphs or list items, the German 2"):
        loader.load(data)


def test_the_command_reports_bad_data_without_a_traceback(monkeypatch, tmp_path, db):
    data = write(
        tmp_path,
        "pages:\n"
        "  - key: page\n"
        "    type: home.StandardPage\n"
        "    parent: nowhere\n"
        "    fields: {title: Seite, slug: seite}\n",
    )
    monkeypatch.setattr("cms.demo.loader.DATA_DIR", data)

    with pytest.raises(CommandError, match="nothing with the key “nowhere” is loaded before"):
        call_command("load_demo_content")


def test_a_sector_editor_edits_only_their_sector_and_submits_for_approval(
    shared_demo_content, client, django_user_model
):
    editor = django_user_model.objects.create_user("energie", password="sicheres-passwort-42")
    editor.groups.add(Group.objects.get(name="Redaktion Energiewirtschaft"))
    client.force_login(editor)
    energy = SectorPage.objects.get(slug="energiewirtschaft")
    health = SectorPage.objects.get(slug="gesundheits-und-sozialwirtschaft")

    own = client.get(f"/admin/pages/{energy.pk}/edit/")
    other = client.get(f"/admin/pages/{health.pk}/edit/")
    publish_other = client.post(f"/admin/pages/{health.pk}/edit/", {"action-publish": "1"})

    assert own.status_code == 200
    assert "Freigabe durch die Redaktion" in own.content.decode()
    assert other.status_code == 302
    assert publish_other.status_code == 302
    assert not health.permissions_for_user(editor).can_publish()
    assert not energy.permissions_for_user(editor).can_publish()
    english_energy = energy.get_translation(Locale.objects.get(language_code="en"))
    assert english_energy.permissions_for_user(editor).can_edit()


def test_the_demo_translations_are_current_in_the_translation_report(
    shared_demo_content, client, admin_user
):
    client.force_login(admin_user)

    current = client.get("/admin/reports/translation-status/?state=current").content.decode()
    outdated = client.get("/admin/reports/translation-status/?state=outdated").content.decode()

    assert "Energiewirtschaft" in current
    assert "Regionales Innovations- und Transformationsmanagement" in current
    assert "Energiewirtschaft" not in outdated


def berlin(event):
    return (
        event.start.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M"),
        event.end.astimezone(BERLIN).strftime("%H:%M"),
    )


def test_the_demo_has_the_workshops_of_2014_at_their_berlin_times(shared_demo_content):
    german = Locale.objects.get(language_code="de")
    english = Locale.objects.get(language_code="en")
    workshops = EventPage.objects.filter(locale=german, series__slug__contains="2014")

    # Seed 000, in Berlin time on both sides of the change to winter time on 26 October 2014.
    assert [berlin(event) for event in workshops.order_by("start")] == [
        ("15.10.2014 14:00", "17:00"),
        ("16.10.2014 10:00", "13:00"),
        ("17.10.2014 14:30", "17:30"),
        ("21.10.2014 11:00", "14:00"),
        ("23.10.2014 10:00", "13:00"),
        ("28.11.2014 10:30", "13:30"),
        ("03.12.2014 14:00", "17:00"),
        ("05.12.2014 10:30", "13:30"),
        ("08.12.2014 14:00", "17:00"),
    ]
    first = workshops.earliest("start")
    assert first.start == datetime(2014, 10, 15, 12, 0, tzinfo=UTC)
    assert str(first.venue) == "CFK Nord, Stade"
    assert [sector.slug for sector in first.sectors.all()] == [
        "neue-materialien-und-produktionstechnik"
    ]
    assert [district.slug for district in first.districts.all()] == ["stade"]
    assert first.get_translation(english).live
    kaispeicher = Venue.objects.get(locale=german, name="Kaispeicher")
    assert kaispeicher.room_note == "11. OG, Raum „Channel Riverside“"
    assert Venue.objects.filter(name="VERDO Kultur- und Tagungszentrum").exists()

    # Every workshop has its result protocol; all but the energy workshop of 28 November have
    # a photo protocol.
    results = {event.start.date(): [b.block_type for b in event.results] for event in workshops}
    assert all(blocks[0] == "document_list" for blocks in results.values())
    assert [day.isoformat() for day, blocks in results.items() if "gallery" not in blocks] == [
        "2014-11-28"
    ]
    protocol = first.results[0].value["documents"][0]
    assert protocol.file.read(5) == b"%PDF-"
    gallery = first.results[1].value["images"]
    assert 2 <= len(gallery) <= 3
    assert all(item["image"].contextual_alt_text for item in gallery)
    assert get_image_model().objects.filter(title__startswith="Fotoprotokoll").count() == 21


def test_the_demo_has_the_third_lausitz_alliance_meeting_with_its_programme(shared_demo_content):
    """Seed 003: online, its programme with two parallel workshops, the programme to download
    and its contact."""
    german = Locale.objects.get(language_code="de")
    english = Locale.objects.get(language_code="en")
    meeting = EventPage.objects.get(locale=german, slug="3-buendnistreffen-lausitz-life-technology")
    assert berlin(meeting) == ("30.11.2021 11:00", "16:00")
    assert meeting.venue is None
    assert meeting.online_url.startswith("https://gather.town/")
    slots = [slot.value for slot in meeting.programme]
    assert [(slot["start"], slot["end"]) for slot in slots] == [
        (time(11), time(13)),
        (time(13, 30), time(15, 30)),
        (time(15, 30), time(16)),
    ]
    assert [item["title"] for item in slots[1]["parallel"]] == [
        workshop.title for workshop in meeting.workshops.all()
    ]
    assert len(slots[1]["parallel"]) == 2
    assert [contact.contact.name for contact in meeting.contacts.all()] == ["Leonie Liemich"]
    downloads = [block.value for block in meeting.body if block.block_type == "document_list"]
    assert downloads[0]["documents"][0].file.name.endswith(".pdf")
    assert meeting.get_translation(english).title == (
        "3rd alliance meeting of Lausitz – Life & Technology"
    )


def test_the_upcoming_demo_event_takes_registrations_in_both_languages(shared_demo_content):
    now = timezone.now()
    event = EventPage.objects.get(
        locale__language_code="de", slug="innovationsworkshop-wissenstransfer"
    )

    assert timedelta(weeks=3) <= event.start - now <= timedelta(weeks=5)
    assert event.start.astimezone(BERLIN).time() == time(14)
    assert event.takes_registrations
    assert event.registration_opens_at < now < event.registration_closes_at < event.start
    assert event.capacity == 25
    assert [workshop.capacity for workshop in event.workshops.all()] == [12, 12]
    workshop_slot = next(slot.value for slot in event.programme if slot.value["parallel"])
    assert len(workshop_slot["parallel"]) == 2

    english = event.get_translation(Locale.objects.get(language_code="en"))
    assert english.live
    assert english.title == "Innovation workshop on knowledge transfer: universities meet SMEs"
    assert english.start == event.start
    assert [workshop.title for workshop in english.workshops.all()] == [
        "Workshop A: A regional knowledge portal",
        "Workshop B: Co-working and creative places to learn",
    ]
    assert str(event.venue.get_translation(english.locale)) == "e.novum, Lüneburg"


EVENT_DATA = (
    "pages:\n"
    "  - key: test-events\n"
    "    type: home.EventIndexPage\n"
    "    parent: home\n"
    "    fields: {{title: Veranstaltungen, slug: veranstaltungen}}\n"
    "    children:\n"
    "      - key: test-event\n"
    "        type: home.EventPage\n"
    "        fields:\n"
    "          title: Workshop\n"
    "          slug: workshop\n"
    "          start: {start}\n"
    "          end: {end}\n"
    "          registration_opens_at: {opens}\n"
    "          registration_closes_at: {closes}\n"
    "          programme:\n"
    "            - slot: {{start: {slot}, title: Auftakt}}\n"
)


def load_event(tmp_path, home_pages, **values):
    values = {
        "start": "{days_from_today: 21, time: '14:00'}",
        "end": "{days_from_today: 21, time: '17:00'}",
        "opens": "2014-10-01T09:00:00+02:00",
        "closes": "'2014-10-14T23:59:00+02:00'",
        "slot": "'11:00'",
    } | values
    loader = Loader(lambda *args: None)
    loader.objects["home"] = home_pages["de"]
    loader.load(write(tmp_path, EVENT_DATA.format(**values)))
    return EventPage.objects.get(slug="workshop")


def test_dates_relative_to_today_are_berlin_times(tmp_path, home_pages):
    event = load_event(tmp_path, home_pages)

    today = timezone.localdate(timezone=BERLIN)
    assert event.start == datetime.combine(today + timedelta(days=21), time(14), tzinfo=BERLIN)
    # 14:00 on that day, whether summer or winter time begins in between.
    assert event.start.astimezone(BERLIN).time() == time(14)
    assert event.end - event.start == timedelta(hours=3)
    # Fixed dates name their offset, whether YAML reads them as a date or as a string.
    assert event.registration_opens_at == datetime(2014, 10, 1, 7, 0, tzinfo=UTC)
    assert event.registration_closes_at == datetime(2014, 10, 14, 21, 59, tzinfo=UTC)
    assert event.programme[0].value["start"] == time(11)


def test_a_date_relative_to_today_without_a_time_is_a_date(db):
    loader = Loader(lambda *args: None)

    deadline = loader.resolve({"days_from_today": 60}, texts=None)

    assert deadline == timezone.localdate(timezone=BERLIN) + timedelta(days=60)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        # YAML reads an unquoted 14:00 as the number 840.
        ("start", "{days_from_today: 21, time: 14:00}", "is no date relative to today"),
        ("start", "{days_from_today: drei}", "is no date relative to today"),
        ("start", "{days_from_today: 21, hour: '14:00'}", "is no date relative to today"),
        ("end", "'2014-10-15T17:00:00'", "end: .* is no date and time with its offset"),
        ("end", "{days_from_today: 20, time: '17:00'}", "end: The end must come after the start"),
        ("opens", "{days_from_today: -3}", "registration_opens_at: .* is no date and time"),
        ("slot", "11:00", "programme: a block cannot be read"),
        ("slot", "'25:00'", "programme: a block cannot be read"),
    ],
)
def test_a_malformed_date_stops_the_loader_naming_file_and_key(
    tmp_path, home_pages, field, value, message
):
    with pytest.raises(DemoDataError, match=rf"10-test.yaml: pages: test-event: .*{message}"):
        load_event(tmp_path, home_pages, **{field: value})


# The blog: “Ideenreich durch die Krise” with posts of the seeds' regions in all five sectors,
# some in English, and two posts a member submitted that wait for the editors.


def german_posts():
    return BlogPostPage.objects.live().filter(locale__language_code="de")


def test_the_blog_has_posts_of_the_region_in_all_sectors_and_many_districts(
    shared_demo_content, client
):
    blog = BlogIndexPage.objects.get(locale__language_code="de")
    posts = german_posts()

    assert blog.url == "/de/blog/"
    assert blog.get_translation(Locale.objects.get(language_code="en")).url == "/en/blog/"
    assert posts.count() == 14
    assert all(post.get_parent().pk == blog.pk for post in posts)
    assert posts.values("sectors").distinct().count() == 5
    assert posts.values("districts").distinct().count() >= 6
    assert {post.date.year for post in posts} == set(range(2020, 2027))
    assert max(post.date for post in posts) <= timezone.localdate()
    for post in posts:
        assert post.hero_image is not None and post.hero_image_alt
        assert post.tags.exists()
        assert all(author.role for author in post.authors.all()), post.title
        assert post.authors.exists()
        assert [block.block_type for block in post.body][:3] == [
            "paragraph",
            "heading",
            "paragraph",
        ]
    assert posts.filter(organisation__isnull=False).count() >= 10
    assert Tag.objects.filter(name="Künstliche Intelligenz").exists()
    page = client.get("/de/blog/").content.decode()
    assert "Ideenreich durch die Krise" in page
    assert "14 Beiträge" in page


def test_the_blog_is_in_the_menu_of_both_languages(shared_demo_content, client):
    for home, blog, title in [
        ("/de/", "/de/blog/", "Ideenreich durch die Krise"),
        ("/en/", "/en/blog/", "Inventive through the crisis"),
    ]:
        menu = parse(client.get(home)).select(".main-menu__list > li > a")
        assert (blog, title) in [(link["href"], link.get_text()) for link in menu]


def test_some_posts_are_translated_with_their_alt_texts_and_authors_roles(
    shared_demo_content, client
):
    english = Locale.objects.get(language_code="en")
    translated = [post for post in german_posts() if post.has_translation(english)]

    assert len(translated) >= 6
    post = BlogPostPage.objects.get(slug="eine-baeckerei-backt-nach-prognose")
    english_post = post.get_translation(english)
    assert english_post.live
    assert english_post.title == "A bakery bakes to a forecast"
    assert (
        english_post.hero_image_alt == "Master baker with a tablet in front of full bread shelves"
    )
    assert english_post.hero_image == post.hero_image
    assert set(english_post.tags.names()) == set(post.tags.names())
    assert [(author.name, author.role) for author in english_post.authors.all()] == [
        ("Prof. Dr. Ayşe Demir", "Professor of business informatics")
    ]
    assert english_post.organisation == Organisation.objects.get(name="Westfälische Hochschule")
    page = client.get(english_post.url).content.decode()
    assert "Artificial intelligence in crafts" in page
    listing = client.get("/en/blog/").content.decode()
    assert f"{len(translated)} posts" in listing


def test_two_submissions_of_a_member_wait_for_the_editors(shared_demo_content, client, admin_user):
    submissions = PostSubmission.objects.select_related("post", "submitter", "organisation")

    assert submissions.count() == 2
    for submission in submissions:
        assert submission.status == "in_review"
        assert submission.submitter.email == "jana.petersen@hansebyte.example"
        assert submission.organisation.name == "Hansebyte Software GmbH"
        assert not submission.post.live
        assert submission.post.owner == submission.submitter
        assert submission.post.hero_image.uploaded_by_user == submission.submitter
        assert submission.post.hero_image_alt
        state = submission.post.current_workflow_state
        assert state.workflow.name == "Eingereichte Blogbeiträge"
        assert isinstance(state.current_task_state.task.specific, BlogReviewTask)
    titles = [submission.post.title for submission in submissions]

    client.force_login(submissions[0].submitter)
    with translation.override("de"):
        own = client.get(reverse("blog:submissions")).content.decode()
    assert all(title in own for title in titles)
    assert "in Prüfung" in own

    client.force_login(admin_user)
    dashboard = client.get("/admin/").content.decode()
    assert all(title in dashboard for title in titles)
    awaiting = TaskState.objects.filter(status="in_progress", task__in=BlogReviewTask.objects.all())
    assert awaiting.count() == 2


def blog_counts():
    return {
        "posts": BlogPostPage.objects.count(),
        "submissions": PostSubmission.objects.count(),
        "images": get_image_model().objects.count(),
        "tags": Tag.objects.count(),
    }


def test_a_second_load_submits_nothing_again(
    shared_demo_content, django_capture_on_commit_callbacks
):
    before = blog_counts()
    output = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_content", stdout=output)

    assert blog_counts() == before
    assert "Demo content is loaded: nothing changed." in output.getvalue()


def test_a_submission_the_editors_deleted_is_submitted_again_within_the_rate_limit(
    shared_demo_content, django_capture_on_commit_callbacks, settings
):
    submission = PostSubmission.objects.get(post__title__startswith="Hackathon")
    submission.post.delete()
    settings.BLOG_SUBMISSIONS_PER_HOUR = 2

    load_demo_content(django_capture_on_commit_callbacks)

    again = PostSubmission.objects.get(post__title__startswith="Hackathon")
    assert again.status == "in_review"
    assert PostSubmission.objects.count() == 2

    again.post.delete()
    settings.BLOG_SUBMISSIONS_PER_HOUR = 1
    with pytest.raises(
        DemoDataError,
        match=r"60-blog\.yaml: blog\.demo\.submissions: submission-hansebyte-hackathon: ",
    ):
        Loader(lambda *args: None).load()


def test_tags_are_a_list_of_names(tmp_path, home_pages):
    (tmp_path / "10-test.yaml").write_text(
        "pages:\n"
        "  - key: blog\n"
        "    type: blog.BlogIndexPage\n"
        "    parent: home\n"
        "    fields: {title: Blog, slug: blog}\n"
        "    children:\n"
        "      - key: post\n"
        "        type: blog.BlogPostPage\n"
        "        fields:\n"
        "          title: Werkstatt im Netz\n"
        "          slug: werkstatt-im-netz\n"
        "          tags: [Handwerk, Künstliche Intelligenz]\n"
        "      - key: other\n"
        "        type: blog.BlogPostPage\n"
        "        fields: {title: Zweiter Beitrag, slug: zweiter-beitrag, tags: Handwerk}\n",
        encoding="utf-8",
    )
    loader = Loader(lambda *args: None)
    loader.objects["home"] = home_pages["de"]

    with pytest.raises(
        DemoDataError, match=r"10-test\.yaml: pages: other: tags are a list of names"
    ):
        loader.load(tmp_path)

    post = BlogPostPage.objects.get(slug="werkstatt-im-netz")
    assert sorted(post.tags.names()) == ["Handwerk", "Künstliche Intelligenz"]
    assert sorted(post.get_latest_revision_as_object().tags.names()) == sorted(post.tags.names())


@pytest.fixture(scope="module")
def searchable_demo(shared_demo_content, engine):
    """The demo content indexed by the engine of the run (the loader indexes the database
    as it goes; Elasticsearch is filled by a rebuild)."""
    from search import maintenance

    if engine == "elasticsearch":
        maintenance.rebuild()


@pytest.mark.parametrize(
    ("query", "language", "expected_first"),
    # The names that come first, in any order; a set of one name may share the first places
    # with a few others as (name, places).
    [
        (
            "Energiespeicher",
            "de",
            {"Hochschule Zittau/Görlitz", "3. Bündnistreffen Lausitz – Life & Technology"},
        ),
        ("Kreativwirtschaft", "de", ({"Digitale Wirtschaft und Kreativwirtschaft"}, 3)),
        ("Lüneburg", "de", {"Leuphana Universität Lüneburg"}),
        (
            "kuenstliche intelligenz",
            "de",
            {"Ein Chatbot für die Ausbildungsplatzsuche", "Eine Bäckerei backt nach Prognose"},
        ),
        ("Demografie", "de", {"Smart Demography: Was die Daten über den Kreis verraten"}),
        (
            "artificial intelligence",
            "en",
            {"A chatbot for finding an apprenticeship", "A bakery bakes to a forecast"},
        ),
        ("Lueneburg", "en", {"Leuphana Universität Lüneburg"}),
    ],
)
def test_searches_of_the_demo_find_what_a_visitor_looks_for_first(
    searchable_demo, engine, query, language, expected_first
):
    from search.service import search

    results = search(query, language=language)

    expected, places = (
        expected_first if isinstance(expected_first, tuple) else (expected_first, None)
    )
    assert results.engine == engine
    assert expected <= {hit.name for hit in results.hits[: places or len(expected)]}
