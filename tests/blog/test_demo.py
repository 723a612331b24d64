"""The blog's demo content: "Ideenreich durch die Krise" with posts of the seeds' regions in all
five sectors, some in English, and two posts a member submitted that wait for the editors."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Locale, TaskState

from blog.models import BlogIndexPage, BlogPostPage, BlogReviewTask, PostSubmission
from cms.demo.loader import DemoDataError, Loader
from members.models import Organisation
from tests.conftest import load_demo_content
from tests.helpers import parse

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


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
    assert max(post.date for post in posts) <= date.today()
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
