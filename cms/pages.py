"""What every page type of the site shares."""

from http import HTTPMethod

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from cms import fragments, navigation
from cms.blocks import BodyBlock
from cms.panels import TranslationStatusPanel
from cms.views import method_not_allowed


class SitePage(Page):
    """Base of the site's page types. A page that takes no form answers only to reading, and
    names the language it is written in."""

    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]
    # What the page shows of its related objects wherever it is served (its share image, say),
    # read in the same query as the page itself.
    served_with = ()

    class Meta:
        abstract = True

    def check_request_method(self, request, *args, **kwargs):
        allowed = self.allowed_http_method_names()
        if request.method not in allowed:
            return method_not_allowed(request, allowed)
        return None

    def get_view_restrictions(self):
        """Wagtail asks before it serves the page. Most pages lie in no restricted subtree,
        which the cached paths tell without Wagtail's two queries; an alias is always looked
        up, since its source's restrictions are its own."""
        if self.alias_of_id is None and not navigation.is_in_restricted_subtree(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # The language the text is in, which for an alias differs from the one in the URL.
        response.headers["Content-Language"] = navigation.content_language(request, self)
        return response


class RoutableSitePageMixin(RoutablePageMixin):
    """For a page that answers addresses below its own (an archive, a calendar file), each a
    route of its own. A route's answer names the page's language, as the page itself does."""

    def serve(self, request, view=None, args=None, kwargs=None):
        response = super().serve(request, view, args, kwargs)
        response.headers["Content-Language"] = navigation.content_language(request, self)
        return response

    def route_url(self, request, name, *, absolute=False):
        """The address of the page's route ``name``, translated like the page's address. A
        file's address (``…/kalender.ics``) ends without the slash that Wagtail puts after
        every page."""
        page_url = self.get_url(request)
        with translation.override(navigation.address_language(page_url)):
            sub_path = self.reverse_subpage(name)
        if "." in sub_path.rstrip("/").rpartition("/")[2]:
            sub_path = sub_path.rstrip("/")
        url = page_url + sub_path
        return request.build_absolute_uri(url) if absolute else url


def for_serving(page):
    """``page`` read as its own type, with what the site's types show of their related objects
    (``served_with``) in the same query; a page of another type (or of one whose code is gone)
    read whole, as Wagtail does."""
    model = page.specific_class
    if model is not None and issubclass(model, SitePage):
        return model._default_manager.select_related(*model.served_with).get(pk=page.pk)
    return Page.objects.get(pk=page.pk).specific


def one_in_language(model, locale_id):
    """The published page of ``model`` in a language tree, for a type the site has one of in
    each (an index that pages lead to): from the shared pieces."""
    # A list, so that "there is none" is kept too.
    found = fragments.cached(
        f"{model._meta.label_lower}-in-{locale_id}",
        lambda: list(model.objects.live().filter(locale_id=locale_id)[:1]),
    )
    return found[0] if found else None


def as_cards(pages):
    """``pages`` with only the fields their cards show (``card_fields`` of their type). Of the
    wide rows of Wagtail's page tables the ORM then builds and reads a fraction, which made a
    tenth of a listing page's time."""
    return pages.only(*pages.model.card_fields)


class ContentPage(SitePage):
    """A page of the site's own content: an introduction, the shared content blocks, and an
    image for the cards that list it."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences below the title; listings show them on the page's card."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("content"), blank=True)
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown on the page's card in listings and when the page is shared."),
    )

    served_with = ("listing_image",)
    # What the page's card in a listing shows (components/page_card.html), and what finds its
    # address and its version in the listing's language.
    card_fields = ("title", "url_path", "translation_key", "locale_id", "intro", "listing_image")

    content_panels = [
        TranslationStatusPanel(),
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("listing_image")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        # The admin's page search matches autocomplete fields only.
        index.AutocompleteField("intro"),
        index.AutocompleteField("body"),
    ]

    class Meta:
        abstract = True
