"""The best-practice blog as visitors read, filter and subscribe to it, in both languages."""

import itertools
from datetime import date
from types import SimpleNamespace

import feedparser
import pytest
import wagtail_factories
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site
from wagtail.test.utils import WagtailPageTestCase

from blog.models import BlogIndexPage, BlogPostPage
from cms.translation import translate_with_localize
from home.models import HomePage
from members import services
from members.models import Seal
from tests.conftest import build_site_tree
from tests.factories.blog import BlogIndexPageFactory, BlogPostPageFactory, bulk_posts
from tests.factories.home import HomePageFactory
from tests.factories.members import (
    OrganisationFactory,
    committee_member,
    draft_application,
    owner_of,
)
from tests.helpers import parse, queries_for

pytestmark = pytest.mark.django_db


class BlogPageRules(WagtailPageTestCase):
    def test_where_blog_pages_may_be_created(self):
        self.assertAllowedParentPageTypes(BlogIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(BlogIndexPage, {BlogPostPage})
        self.assertAllowedParentPageTypes(BlogPostPage, {BlogIndexPage})
        self.assertAllowedSubpageTypes(BlogPostPage, set())

    def test_one_blog_per_home_page_and_its_pages_render_and_preview(self):
        home = HomePageFactory(parent=Page.get_first_root_node())
        Site.objects.update(root_page=home)
        index = BlogIndexPageFactory(parent=home)
        post = BlogPostPageFactory(parent=index)

        self.assertFalse(BlogIndexPage.can_create_at(home))
        for page in (index, post):
            with self.subTest(page=page.specific_class.__name__):
                self.assertPageIsRenderable(page)
                self.assertEqual(page.make_preview_request().status_code, 200)


# The posts of the module's blog: (title, date, sectors, districts, tags).
POSTS = [
    ("Digitale Werkstatt", date(2026, 3, 2), ["energy"], ["stade"], ["KI", "Handwerk"]),
    ("Virtueller Laden", date(2026, 1, 15), ["food"], ["uelzen"], ["Handel"]),
    ("Energie aus dem Hof", date(2025, 11, 3), ["energy", "food"], ["uelzen"], ["Energie"]),
    ("Smarte Demografie", date(2025, 6, 20), [], ["stade"], ["Demografie", "KI"]),
    ("Handwerk mit KI", date(2024, 9, 9), ["energy"], [], ["KI", "Handwerk"]),
]


@pytest.fixture(scope="module")
def blog_of_module(django_db_setup, django_db_blocker):
    """The site tree with a blog of five posts, the first two translated into English."""
    with django_db_blocker.unblock(), transaction.atomic():
        tree = build_site_tree()
        index = BlogIndexPageFactory(parent=tree.home, intro="Beispiele aus der Region.")
        organisation = OrganisationFactory(name="Elbmarsch Windservice GmbH")
        posts = {}
        for title, day, sectors, districts, tags in POSTS:
            posts[title] = BlogPostPageFactory(
                parent=index,
                title=title,
                date=day,
                sectors=[getattr(tree, name) for name in sectors],
                districts=[getattr(tree, name) for name in districts],
                tags=tags,
                organisation=organisation,
            )
        english = Locale.objects.get(language_code="en")
        english_index = translate_with_localize(
            index, english, {"Ideenreich durch die Krise": "Inventive through the crisis"}
        )
        english_posts = {
            title: translate_with_localize(
                posts[title],
                english,
                {title: english_title, slugify(title): slugify(english_title)},
            )
            for title, english_title in [
                ("Digitale Werkstatt", "Digital workshop"),
                ("Virtueller Laden", "Virtual shop"),
            ]
        }
        yield SimpleNamespace(
            tree=tree,
            index=index,
            posts=posts,
            organisation=organisation,
            en=SimpleNamespace(index=english_index, posts=english_posts),
        )
        transaction.set_rollback(True)


@pytest.fixture
def blog(blog_of_module, db):
    return blog_of_module


def titles(response):
    return [title.get_text(strip=True) for title in parse(response).select(".card__title")]


def test_the_index_lists_the_newest_posts_first_with_date_organisation_and_reading_time(
    client, blog
):
    response = client.get("/de/blog/")

    assert titles(response) == [title for title, *_rest in POSTS]
    first_card = parse(response).select_one(".card--post .post-meta").get_text(" ", strip=True)
    assert "2. März 2026" in first_card
    assert "Elbmarsch Windservice GmbH" in first_card
    assert "1 Min. Lesezeit" in first_card


FILTER_VALUES = {"sector": "energiewirtschaft", "district": "stade", "tag": "ki", "year": "2026"}


def expected_titles(chosen):
    def matches(post):
        _title, day, sectors, districts, tags = post
        return (
            ("sector" not in chosen or "energy" in sectors)
            and ("district" not in chosen or "stade" in districts)
            and ("tag" not in chosen or "KI" in tags)
            and ("year" not in chosen or day.year == 2026)
        )

    return [post[0] for post in POSTS if matches(post)]


@pytest.mark.parametrize(
    "names",
    [
        names
        for count in range(len(FILTER_VALUES) + 1)
        for names in itertools.combinations(FILTER_VALUES, count)
    ],
    ids=lambda names: "+".join(names) or "none",
)
def test_every_combination_of_filters_shows_the_posts_that_match_all_of_them(client, blog, names):
    chosen = {name: FILTER_VALUES[name] for name in names}
    response = client.get("/de/blog/", chosen)

    assert response.status_code == 200
    assert titles(response) == expected_titles(chosen)
    chips = parse(response).select(".filters__chip")
    assert len(chips) == len(chosen)
    for chip in chips:
        remaining = client.get(chip["href"])
        assert len(parse(remaining).select(".filters__chip")) == len(chosen) - 1


def test_the_filters_offer_what_the_posts_have_and_show_what_is_chosen(client, blog):
    page = parse(client.get("/de/blog/", {"tag": "handwerk", "year": "2024"}))

    def options(name):
        return [option.get_text(strip=True) for option in page.select(f"#filter-{name} option")]

    assert options("sector") == [
        "Alle Kompetenzfelder",
        "Energiewirtschaft",
        "Land- und Ernährungswirtschaft",
    ]
    assert options("year") == ["Alle Jahre", "2026", "2025", "2024"]
    assert "Demografie" in options("tag")
    assert page.select_one("#filter-year option[selected]")["value"] == "2024"
    assert [chip.get_text(" ", strip=True) for chip in page.select(".filters__chip")] == [
        "Handwerk (Filter entfernen) ×",
        "2024 (Filter entfernen) ×",
    ]


@pytest.mark.parametrize(
    "query",
    [
        {"sector": "gibt-es-nicht"},
        {"district": "<script>alert(1)</script>"},
        {"tag": "' OR 1=1 --"},
        {"year": "zwanzig"},
        {"year": "99999999999999999999"},
        {"year": "-1"},
        {"sector": ["energiewirtschaft", "land-und-ernahrungswirtschaft"]},
        {"page": "9999"},
    ],
)
def test_filter_values_that_name_nothing_filter_nothing(client, blog, query):
    response = client.get("/de/blog/", query)

    assert response.status_code == 200
    assert len(titles(response)) >= 1
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_page_number_that_is_no_number_finds_no_page(client, blog):
    assert client.get("/de/blog/", {"page": "zwei"}).status_code == 404


def test_the_index_shows_twelve_posts_a_page_and_keeps_the_filters_across_pages(client, blog):
    for number in range(10):
        BlogPostPageFactory(parent=blog.index, title=f"Weitere Idee {number}", tags=["KI"])

    first = client.get("/de/blog/", {"tag": "ki"})
    page_links = [link["href"] for link in parse(first).select(".pagination a")]
    second = client.get(f"/de/blog/{page_links[0]}")

    assert len(titles(first)) == 12
    assert page_links == ["?tag=ki&page=2"]
    assert len(titles(second)) == 13 - 12


def test_the_english_blog_lists_the_english_posts(client, blog):
    response = client.get("/en/blog/")

    assert titles(response) == ["Digital workshop", "Virtual shop"]
    assert "1 min read" in parse(response).select_one(".post-meta").get_text()


def test_a_post_shows_who_is_behind_it_where_it_belongs_and_related_posts(client, blog):
    response = client.get("/de/blog/digitale-werkstatt/")
    page = parse(response)
    facts = page.select_one(".facts")

    assert page.h1.get_text() == "Digitale Werkstatt"
    assert {link.get_text(): link["href"] for link in facts.select("a")} == {
        "Energiewirtschaft": "/de/kompetenzfelder/energiewirtschaft/",
        "KI": "/de/blog/?tag=ki",
        "Handwerk": "/de/blog/?tag=handwerk",
    }
    # The organisation holds no seal, so the directory does not list it: named, not linked.
    assert "Elbmarsch Windservice GmbH" in facts.get_text()
    assert "Landkreis Stade" in facts.get_text() or "Stade" in facts.get_text()
    related = [title.get_text(strip=True) for title in page.select(".related .card__title")]
    assert related == ["Energie aus dem Hof", "Smarte Demografie", "Handwerk mit KI"]


def test_a_post_leads_to_its_organisations_profile_while_the_directory_lists_it(client, blog):
    committee = committee_member()
    application = draft_application(blog.organisation)
    services.application_submit(application=application, by=owner_of(blog.organisation))
    services.application_start_review(application=application, by=committee)
    services.application_approve(application=application, by=committee)

    def organisation_link():
        facts = parse(client.get("/de/blog/digitale-werkstatt/")).select_one(".facts")
        return facts.find("a", string="Elbmarsch Windservice GmbH")

    assert organisation_link()["href"] == f"/de/mitglieder/{blog.organisation.slug}/"
    services.seal_revoke(
        seal=Seal.objects.get(organisation=blog.organisation), by=committee, reason="Widerrufen"
    )
    assert organisation_link() is None


def test_a_post_names_its_authors_and_its_reading_time(client, blog):
    words = " ".join(["Wort"] * 450)
    post = BlogPostPageFactory(
        parent=blog.index,
        title="Lange Geschichte",
        body=[("paragraph", f"<p>{words}</p>")],
        authors=[("Hauke Jessen", "Geschäftsführer"), "Natalie Schulz"],
    )

    page = parse(client.get(post.url))

    meta = page.select_one(".post-meta").get_text(" ", strip=True)
    assert post.reading_minutes == 3
    assert "3 Min. Lesezeit" in meta
    assert "von Hauke Jessen, Natalie Schulz" in meta
    facts = page.select_one(".facts")
    assert facts.find("dt", string="Verfasst von")
    assert [item.get_text() for item in facts.select(".plain-list li")] == [
        "Hauke Jessen, Geschäftsführer",
        "Natalie Schulz",
    ]


def test_a_hero_image_needs_its_alternative_text(blog):
    post = blog.posts["Digitale Werkstatt"]
    post.hero_image = wagtail_factories.ImageFactory()
    post.hero_image_alt = " "

    with pytest.raises(ValidationError) as refused:
        post.full_clean()

    assert "hero_image_alt" in refused.value.message_dict


def test_the_hero_image_is_shown_with_its_alternative_text(client, blog):
    post = blog.posts["Digitale Werkstatt"]
    post.hero_image = wagtail_factories.ImageFactory()
    post.hero_image_alt = "Zwei Tischler an einer CNC-Fräse"
    post.save_revision().publish()

    image = parse(client.get(post.url)).select_one(".page-image img")

    assert image["alt"] == "Zwei Tischler an einer CNC-Fräse"
    assert image["src"].endswith(".webp")


def test_a_sector_page_lists_its_newest_posts_and_leads_to_all_of_them(client, blog):
    page = parse(client.get("/de/kompetenzfelder/energiewirtschaft/"))
    section = page.find(id="posts-heading").parent

    assert [title.get_text(strip=True) for title in section.select(".card__title")] == [
        "Digitale Werkstatt",
        "Energie aus dem Hof",
        "Handwerk mit KI",
    ]
    assert section.select_one(".more-link")["href"] == "/de/blog/?sector=energiewirtschaft"


def feed(client, address):
    response = client.get(address)
    assert response.status_code == 200
    return response, feedparser.parse(response.content)


@pytest.mark.parametrize(("route", "content_type"), [("feed.rss", "rss"), ("feed.atom", "atom")])
def test_the_feeds_carry_the_newest_posts_in_the_blogs_language(client, blog, route, content_type):
    response, german = feed(client, f"/de/blog/{route}")
    _response, english = feed(client, f"/en/blog/{route}")

    assert content_type in response["Content-Type"]
    assert not german.bozo
    assert [entry.title for entry in german.entries] == [title for title, *_rest in POSTS]
    assert german.entries[0].link == blog.posts["Digitale Werkstatt"].full_url
    assert {tag.term for tag in german.entries[0].tags} == {"KI", "Handwerk"}
    assert german.feed.language == "de"
    assert english.feed.language == "en"
    assert [entry.title for entry in english.entries] == ["Digital workshop", "Virtual shop"]
    assert english.entries[0].link == blog.en.posts["Digitale Werkstatt"].full_url
    assert english.entries[0].link.endswith("/en/blog/digital-workshop/")


def test_feeds_per_sector_and_per_tag(client, blog):
    _response, by_sector = feed(client, "/de/blog/feed.rss?sector=land-und-ernahrungswirtschaft")
    _response, by_tag = feed(client, "/de/blog/feed.atom?tag=ki")

    assert [entry.title for entry in by_sector.entries] == [
        "Virtueller Laden",
        "Energie aus dem Hof",
    ]
    assert "Land- und Ernährungswirtschaft" in by_sector.feed.title
    assert [entry.title for entry in by_tag.entries] == [
        "Digitale Werkstatt",
        "Smarte Demografie",
        "Handwerk mit KI",
    ]


def test_the_pages_name_their_feeds_for_the_chosen_sector_or_tag(client, blog):
    index = parse(client.get("/de/blog/", {"tag": "ki", "year": "2025"}))
    post = parse(client.get("/de/blog/digitale-werkstatt/"))

    feeds = {
        link["type"]: link["href"] for link in index.select('link[rel="alternate"][type$="xml"]')
    }
    assert feeds == {
        "application/rss+xml": "http://testserver/de/blog/feed.rss?tag=ki",
        "application/atom+xml": "http://testserver/de/blog/feed.atom?tag=ki",
    }
    post_feeds = [link["href"] for link in post.select('link[rel="alternate"][type$="xml"]')]
    assert post_feeds == [
        "http://testserver/de/blog/feed.rss",
        "http://testserver/de/blog/feed.atom",
    ]


def test_the_index_takes_as_many_queries_with_2000_posts_as_with_20(client, blog):
    sectors = [blog.tree.energy, blog.tree.food]
    tags = [f"Thema {number}" for number in range(7)]
    bulk_posts(blog.index, 20 - len(POSTS), sectors=sectors, tags=tags)
    with_20 = queries_for(client, "/de/blog/?sector=energiewirtschaft")
    bulk_posts(blog.index, 2000 - 20, sectors=sectors, tags=tags)
    with_2000 = queries_for(client, "/de/blog/?sector=energiewirtschaft")
    response = client.get("/de/blog/")

    assert with_20 == with_2000 <= 12
    assert len(titles(response)) == 12
    assert "2000 Beiträge" in parse(response).select_one(".result-count").get_text()
