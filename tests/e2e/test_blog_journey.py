"""A member of the region submits a best-practice post with a photo from the public site; an
editor approves it in the Wagtail admin; the post is on the blog and in its feed."""

import io
import re

import feedparser
import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from PIL import Image
from playwright.sync_api import expect
from wagtail.models import Locale

from blog.models import BlogIndexPage, BlogPostPage
from blog.services import MODERATORS_GROUP
from home.models import HomePage
from tests.factories.blog import BlogIndexPageFactory
from tests.factories.members import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Apfelblüte-im-Alten-Land-2026"
TITLE = "Hofladen mit Online-Bestellung"


def blog_of_demo():
    german = Locale.objects.get(language_code="de")
    blog = BlogIndexPage.objects.filter(locale=german).first()
    if blog is None:
        home = HomePage.objects.get(locale=german)
        blog = BlogIndexPageFactory(parent=home, show_in_menus=True)
    return blog


def photo(tmp_path):
    path = tmp_path / "hofladen.jpg"
    stored = io.BytesIO()
    Image.new("RGB", (1200, 800), (60, 130, 70)).save(stored, format="JPEG")
    path.write_bytes(stored.getvalue())
    return path


def test_a_member_submits_a_post_an_editor_approves_it_and_it_is_on_the_blog(
    page, live_demo, look_at, tmp_path
):
    base = live_demo.url
    blog = blog_of_demo()
    member = UserFactory(email="jana.wolters@elbmarsch.example", password=PASSWORD)
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    OrganisationFactory(name="Hof Wolters GbR", owner=member)
    editor = UserFactory(username="redaktion", password=PASSWORD, is_staff=True, is_superuser=True)
    editor.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{base}/de/konto/login/")
    page.get_by_label(re.compile(r"^E-Mail")).fill(member.email)
    page.get_by_label(re.compile(r"^Passwort")).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.goto(base + blog.url)
    page.get_by_role("link", name="Ihr Beispiel einreichen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beitrag einreichen")
    look_at()
    page.get_by_label(re.compile(r"^Titel")).fill(TITLE)
    page.get_by_label(re.compile(r"^Anrisstext")).fill("Ein Hof verkauft Gemüsekisten im Netz.")
    page.get_by_label(re.compile(r"^Ihr Beispiel")).fill(
        "Im ersten Lockdown kamen keine Kunden mehr.\n\nHeute bestellt die Hälfte online."
    )
    page.get_by_label(re.compile(r"^Organisation")).select_option(label="Hof Wolters GbR")
    page.get_by_label("Bild 1", exact=True).set_input_files(photo(tmp_path))
    page.get_by_label(re.compile(r"^Was Bild 1 zeigt")).fill("Gemüsekisten im Hofladen")
    page.get_by_role("button", name="An die Redaktion senden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Blogbeiträge")
    expect(page.locator(".submission__meta")).to_contain_text("in Prüfung")
    look_at()
    post = BlogPostPage.objects.get(title=TITLE)
    assert not post.live

    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Benutzername").fill("redaktion")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.goto(f"{base}/admin/pages/{post.pk}/edit/")
    page.get_by_role("button", name="Weitere Aktionen").click()
    page.get_by_role("button", name="Freigeben und Veröffentlichen", exact=True).click()
    expect(page.locator(".messages .success")).to_be_visible()
    post.refresh_from_db()
    assert post.live

    page.context.clear_cookies()
    page.goto(base + blog.url)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("img", name="Gemüsekisten im Hofladen")).to_be_visible()
    look_at()
    feed = feedparser.parse(page.request.get(f"{base}{blog.url}feed.rss").body())
    assert feed.entries[0].title == TITLE
