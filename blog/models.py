"""The best-practice blog ("Ideenreich durch die Krise"): examples from the region of what
worked, written by editors or submitted by members and moderated, filterable by sector,
district, tag and year, and subscribable as feeds."""

import math
import re
from functools import cached_property

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.models import AbstractGroupApprovalTask, Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms import fragments
from cms.filters import chosen_filter, filter_query, removable_filters
from cms.models import District
from cms.navigation import in_language
from cms.pages import ContentPage, RoutableSitePageMixin, as_cards
from cms.pagination import requested_page
from home.models import SectorPage
from home.models.lead_projects import InSectorsAndDistricts

# Words a reader reads in a minute, for the reading time a post shows.
WORDS_PER_MINUTE = 200
WORD = re.compile(r"\w+")
# The filters of the blog index, by their name in the address, and the fields they filter.
FILTERED_FIELDS = {"sector": "sectors", "district": "districts"}


class Year:
    """A year to filter posts by, shaped like the other filter choices (``slug``, ``str``)."""

    def __init__(self, year):
        self.year = year
        self.slug = str(year)

    def __str__(self):
        return self.slug

    def __eq__(self, other):
        return isinstance(other, Year) and other.year == self.year

    def __hash__(self):
        return hash(self.year)


class BlogIndexPage(RoutableSitePageMixin, ContentPage):
    """All posts, the newest first, filterable by sector, district, tag and year in any
    combination with plain links that can be shared and work without JavaScript; and the same
    selection as RSS and Atom feeds."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPostPage"]
    max_count_per_parent = 1
    show_in_menus_default = True
    page_size = 12

    class Meta:
        verbose_name = _("blog index")

    def posts(self):
        return BlogPostPage.objects.live().child_of(self)

    def filter_choices(self):
        """The sectors, districts, tags and years to filter by: those of the published posts,
        in the page's language where translated."""
        posts = self.posts()
        post_sectors = posts.values("sectors__translation_key")
        post_districts = posts.values("districts__translation_key")
        sectors = SectorPage.objects.live().filter(translation_key__in=post_sectors)
        districts = District.objects.filter(translation_key__in=post_districts)
        tags = Tag.objects.filter(blog_blogposttag_items__content_object__in=posts).distinct()
        return {
            "sector": in_language(sectors.order_by("path"), self.locale_id),
            "district": in_language(districts.order_by("name", "kind"), self.locale_id),
            "tag": list(tags.order_by("name")),
            "year": [Year(day.year) for day in posts.dates("date", "year", order="DESC")],
        }

    def chosen_filters(self, request):
        """The filters the visitor chose, by name; a value that names no choice filters
        nothing."""
        choices = fragments.cached(f"blog-filters-{self.pk}", self.filter_choices)
        chosen = {name: chosen_filter(request, name, choices[name]) for name in choices}
        return choices, {name: choice for name, choice in chosen.items() if choice is not None}

    def selected_posts(self, active):
        posts = self.posts()
        for name, choice in active.items():
            if name == "tag":
                posts = posts.filter(tags=choice)
            elif name == "year":
                posts = posts.filter(date__year=choice.year)
            else:
                posts = posts.filter(
                    **{f"{FILTERED_FIELDS[name]}__translation_key": choice.translation_key}
                )
        return posts.distinct().order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        choices, active = self.chosen_filters(request)
        posts = as_cards(self.selected_posts(active).select_related("hero_image", "organisation"))
        feed_filters = {name: active[name] for name in ("sector", "tag") if name in active}
        context.update(
            choices=choices,
            chosen=active,
            active_filters=removable_filters(request, active),
            feed_query=filter_query(feed_filters),
            posts=requested_page(posts, request, self.page_size),
        )
        return context

    @path(pgettext_lazy("URL", "feed.rss/"), name="rss")
    def rss_feed(self, request):
        from .feeds import PostsFeed

        return PostsFeed(self)(request)

    @path(pgettext_lazy("URL", "feed.atom/"), name="atom")
    def atom_feed(self, request):
        from .feeds import AtomPostsFeed

        return AtomPostsFeed(self)(request)


class BlogPostTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPostPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class BlogPostPage(InSectorsAndDistricts, ContentPage):
    """One example of what worked: who did it, in which sector and district, told with the
    shared content blocks; with the organisation behind it and related posts."""

    date = models.DateField(
        _("publication date"),
        default=timezone.localdate,
        help_text=_("Shown on the post; the blog lists the newest first."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Set its focal point in the image library so that crops keep what matters."),
    )
    hero_image_alt = models.CharField(
        _("alternative text of the hero image"),
        max_length=255,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )
    tags = ClusterTaggableManager(through=BlogPostTag, verbose_name=_("tags"), blank=True)
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="blog_posts",
        help_text=_("The company or institution behind the example."),
    )
    reading_minutes = models.PositiveSmallIntegerField(
        _("reading time in minutes"), default=1, editable=False
    )

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    served_with = ("listing_image", "hero_image", "organisation")
    card_fields = (
        *ContentPage.card_fields,
        "hero_image",
        "date",
        "organisation",
        "reading_minutes",
    )

    content_panels = [
        *ContentPage.content_panels[:3],
        FieldPanel("date"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading=_("Hero image")
        ),
        *ContentPage.content_panels[3:],
        MultiFieldPanel(
            [
                FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
                FieldPanel("districts", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("Where it belongs"),
        ),
        MultiFieldPanel(
            [FieldPanel("organisation"), InlinePanel("authors", label=_("Author"))],
            heading=_("Who is behind it"),
        ),
    ]
    search_fields = [
        *ContentPage.search_fields,
        index.SearchField("hero_image_alt"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
    ]
    override_translatable_fields = [
        SynchronizedField("date"),
        SynchronizedField("hero_image"),
        TranslatableField("hero_image_alt"),
        SynchronizedField("sectors"),
        SynchronizedField("districts"),
        SynchronizedField("tags"),
        SynchronizedField("organisation"),
    ]

    class Meta:
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError(
                {"hero_image_alt": _("Describe the image for people who cannot see it.")}
            )

    def save(self, *args, **kwargs):
        self.reading_minutes = reading_minutes(self.intro, list(self.body.raw_data))
        return super().save(*args, **kwargs)

    def author_names(self):
        return [author.name for author in self.authors.all()]

    @cached_property
    def blog_index(self):
        return BlogIndexPage.objects.parent_of(self).first()

    def related_posts(self, count=3):
        """Other published posts in the page's language that share a sector or a tag, the
        newest first."""
        sector_keys = self.sectors.values("translation_key")
        shared = Q(sectors__translation_key__in=sector_keys) | Q(tags__in=self.tags.values("pk"))
        return as_cards(
            BlogPostPage.objects.live()
            .filter(locale_id=self.locale_id)
            .filter(shared)
            .exclude(pk=self.pk)
            .select_related("hero_image", "organisation")
            .distinct()
            .order_by("-date", "-pk")[:count]
        )

    def organisation_profile(self):
        """The organisation's page in the members' directory, while it is listed there."""
        from members import selectors

        if self.organisation_id not in selectors.listed_organisation_ids():
            return None
        return self.organisation


class BlogPostAuthor(TranslatableMixin, Orderable):
    """Someone who wrote a post, named on it and in its feed entry."""

    page = ParentalKey(BlogPostPage, related_name="authors")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("e.g. “Managing director”")
    )

    panels = [FieldPanel("name"), FieldPanel("role")]
    translatable_fields = [SynchronizedField("name"), TranslatableField("role")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name


def reading_minutes(intro, stream_data):
    """Minutes a reader takes for the introduction and the text of the content blocks."""
    words = len(WORD.findall(intro)) + sum(
        len(WORD.findall(strip_tags(text))) for text in texts_in(stream_data)
    )
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def texts_in(value):
    """The strings among a StreamField's raw values, leaving out the blocks' types and ids."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in {"type", "id"}:
                yield from texts_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts_in(item)


class SubmissionStatus(models.TextChoices):
    IN_REVIEW = "in_review", _("in review")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected")


class PostSubmission(models.Model):
    """A post a member submitted from the public site: who, for which organisation, and where
    the editors' review stands, with what they last told the submitter. The post itself is a
    draft page owned by the submitter, in the blog's moderation workflow."""

    post = models.OneToOneField(
        BlogPostPage, verbose_name=_("post"), on_delete=models.CASCADE, related_name="submission"
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="blog_submissions",
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="blog_submissions",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SubmissionStatus.choices, default="in_review"
    )
    comment = models.TextField(_("editors' comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("post submission")
        verbose_name_plural = _("post submissions")
        ordering = ["-submitted_at"]

    def __str__(self):
        return self.post.title


class BlogReviewTask(AbstractGroupApprovalTask):
    """The editors' review of a submitted post: approve (and publish), request changes, or
    reject for good, each with a comment for the submitter, whom the blog's services tell."""

    def get_actions(self, obj, user):
        # As Wagtail's own group approval task: superusers may decide too.
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("decline", _("Reject"), True),
            ("approve", pgettext_lazy("blog review", "Approve"), False),
            ("approve", pgettext_lazy("blog review", "Approve with comment"), True),
        ]

    def on_action(self, task_state, user, action_name, **kwargs):
        from . import services

        comment = kwargs.get("comment", "")
        if action_name == "decline":
            task_state.reject(user=user, comment=comment)
            task_state.workflow_state.cancel(user=user)
        else:
            super().on_action(task_state, user, action_name, **kwargs)
        services.submission_decided(
            post=task_state.workflow_state.content_object.specific,
            decision=action_name,
            comment=comment,
            by=user,
        )

    @classmethod
    def get_description(cls):
        return _("Editors of the chosen groups approve, send back or reject submitted posts")

    class Meta:
        verbose_name = _("blog review task")
        verbose_name_plural = _("blog review tasks")
