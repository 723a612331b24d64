import itertools
from datetime import date

import factory
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Page, Site

from blog.models import BlogIndexPage, BlogPostAuthor, BlogPostPage, BlogPostTag
from tests.factories.cms import DistrictFactory
from tests.factories.home import (
    ContentPageFactory,
    HomePageFactory,
    PlacedPageFactory,
    SectorIndexPageFactory,
    SectorPageFactory,
)


class BlogIndexPageFactory(ContentPageFactory):
    title = "Ideenreich durch die Krise"
    slug = "blog"

    class Meta:
        model = BlogIndexPage


class BlogPostPageFactory(PlacedPageFactory):
    """A published post; ``sectors=[…]``, ``districts=[…]``, ``tags=[…]`` (names) and
    ``authors=[…]`` (names, or pairs of name and role) place and sign it."""

    title = factory.Sequence(lambda number: f"Gute Idee {number}")
    intro = "Wie ein Betrieb aus der Region digital neue Wege gegangen ist."
    date = factory.LazyFunction(date.today)

    class Meta:
        model = BlogPostPage
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(page, create, extracted, **kwargs):
        if extracted:
            page.tags.set(extracted)
            page.save_revision().publish()

    @factory.post_generation
    def authors(page, create, extracted, **kwargs):
        if extracted:
            for author in extracted:
                name, role = (author, "") if isinstance(author, str) else author
                BlogPostAuthor.objects.create(page=page, name=name, role=role, locale=page.locale)


def bulk_posts(index, count, *, sectors=(), tags=()):
    """``count`` published posts below ``index`` in one go, the n-th in ``sectors[n % …]``
    and tagged ``tags[n % …]``, for tests of how pages behave with thousands of posts:
    written straight into the tables, without revisions or the search index, in seconds
    where creating them as editors do takes minutes."""
    content_type = ContentType.objects.get_for_model(BlogPostPage)
    last = index.get_last_child()
    first_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    depth = index.depth + 1
    pages = Page.objects.bulk_create(
        Page(
            title=f"Beispiel {number}",
            draft_title=f"Beispiel {number}",
            slug=f"beispiel-{first_step + number}",
            path=Page._get_path(index.path, depth, first_step + number),
            depth=depth,
            numchild=0,
            url_path=f"{index.url_path}beispiel-{first_step + number}/",
            content_type=content_type,
            locale_id=index.locale_id,
            live=True,
            first_published_at=timezone.now(),
            last_published_at=timezone.now(),
        )
        for number in range(count)
    )
    table = BlogPostPage._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (page_ptr_id, intro, body, date, hero_image_alt, "  # noqa: S608
            "reading_minutes) VALUES (%s, %s, %s, %s, %s, %s)",
            [
                (page.pk, "Kurz erzählt.", "[]", date(2020 + n % 6, 1 + n % 12, 1), "", 1)
                for n, page in enumerate(pages)
            ],
        )
    if sectors:
        BlogPostPage.sectors.through.objects.bulk_create(
            BlogPostPage.sectors.through(blogpostpage_id=page.pk, sectorpage_id=sector.pk)
            for page, sector in zip(pages, itertools.cycle(sectors), strict=False)
        )
    if tags:
        tag_objects = [Tag.objects.get_or_create(name=name, slug=slugify(name))[0] for name in tags]
        BlogPostTag.objects.bulk_create(
            BlogPostTag(content_object_id=page.pk, tag=tag)
            for page, tag in zip(pages, itertools.cycle(tag_objects), strict=False)
        )
    Page.objects.filter(pk=index.pk).update(numchild=index.get_children().count())


def blog_for_submissions():
    """A site whose blog members submit to, with a sector and a district to choose."""
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update(root_page=home)
    sectors = SectorIndexPageFactory(parent=home)
    return {
        "blog": BlogIndexPageFactory(parent=home),
        "sector": SectorPageFactory(parent=sectors, title="Digitale Wirtschaft"),
        "district": DistrictFactory(name="Lüneburg", slug="lueneburg"),
    }
