from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import selectors


class DirectorySitemap(Sitemap):
    """The directory, the ambassadors and every listed organisation's profile, in each site
    language, each naming its other languages. A listing that is empty at the moment is left
    out: there is nothing on it to find."""

    i18n = True
    alternates = True

    @cached_property
    def addresses(self):
        profiles = [
            ("members:profile", {"slug": slug})
            for slug in selectors.listed_organisations()
            .order_by("name", "pk")
            .values_list("slug", flat=True)
        ]
        listings = []
        if profiles:
            listings.append(("members:directory", {}))
        if selectors.current_ambassadors().exists():
            listings.append(("members:ambassadors", {}))
        return listings + profiles

    def items(self):
        return self.addresses

    def location(self, address):
        name, kwargs = address
        return reverse(name, kwargs=kwargs)
