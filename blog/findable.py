"""Best-practice posts in the site search."""

from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from cms.models import District
from search.entries import page_entry, placement_facets
from search.registry import Findable, filed_under, register
from search.sync import entries_filed_under

from .models import BlogPostPage


def entries_of(post):
    facets = placement_facets(post)
    facets["tag"] = sorted(filed_under(tag, tag.name) for tag in post.tags.all())
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
        depends_on=((District, entries_filed_under), (Tag, entries_filed_under)),
    )
)
