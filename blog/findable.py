"""Best-practice posts in the site search."""

from django.utils.translation import gettext_lazy as _

from search.entries import page_entry, placement_facets
from search.registry import Findable, register

from .models import BlogPostPage


def entries_of(post):
    facets = placement_facets(post)
    facets["tag"] = sorted((tag.slug, tag.name) for tag in post.tags.all())
    entry = page_entry(post, date=post.date, facets=facets)
    return [entry] if entry else []


register(
    Findable(
        kind="post",
        label=_("Best practice"),
        model=BlogPostPage,
        entries_of=entries_of,
        candidates=lambda: (
            BlogPostPage.objects.live()
            .public()
            .select_related("locale")
            .prefetch_related("sectors", "districts", "tags")
        ),
    )
)
