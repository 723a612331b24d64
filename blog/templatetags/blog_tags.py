from django import template

from blog.models import BlogIndexPage, BlogPostPage
from cms.pages import as_cards, one_in_language

register = template.Library()

# How many of a sector's newest posts its page shows; the blog index has them all.
SECTOR_POSTS_SHOWN = 3


@register.inclusion_tag("blog/includes/sector_posts.html", takes_context=True)
def sector_posts(context, sector):
    """The newest published posts of ``sector`` in its page's language, and the blog index
    of that language filtered by the sector."""
    posts = as_cards(
        BlogPostPage.objects.live()
        .filter(locale_id=sector.locale_id, sectors__translation_key=sector.translation_key)
        .select_related("hero_image", "organisation")
        .distinct()
        .order_by("-date", "-pk")[:SECTOR_POSTS_SHOWN]
    )
    index = one_in_language(BlogIndexPage, sector.locale_id)
    return {"request": context.get("request"), "posts": posts, "index": index, "sector": sector}
