"""The blog's posts as RSS and Atom feeds, in the language of the blog index they come from:
all of them, or those of a sector or a tag (``?sector=…``, ``?tag=…``, as on the index)."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from cms import seo

# How many of the newest posts a feed carries.
FEED_LENGTH = 20


class PostsFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def get_object(self, request, *args, **kwargs):
        self.request = request
        self.language = self.index.locale.language_code
        _choices, self.active = self.index.chosen_filters(request)
        return self.index

    def title(self, index):
        named = ", ".join(str(getattr(choice, "title", choice)) for choice in self.active.values())
        site = seo.site_name(self.request)
        return f"{site}: {index.title} – {named}" if named else f"{site}: {index.title}"

    def link(self, index):
        return index.get_full_url(self.request)

    def description(self, index):
        return index.intro or _("The newest posts of the blog.")

    def items(self, index):
        return (
            index.selected_posts(self.active)
            .select_related("organisation")
            .prefetch_related("authors", "tags")[:FEED_LENGTH]
        )

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.intro

    def item_link(self, post):
        return post.get_full_url(self.request)

    def item_pubdate(self, post):
        return timezone.make_aware(datetime.combine(post.date, time(hour=8)))

    def item_updateddate(self, post):
        return post.last_published_at

    def item_author_name(self, post):
        if names := post.author_names():
            return ", ".join(names)
        return post.organisation.name if post.organisation else None

    def item_categories(self, post):
        return [tag.name for tag in post.tags.all()]


class AtomPostsFeed(PostsFeed):
    feed_type = Atom1Feed

    def subtitle(self, index):
        return self.description(index)
