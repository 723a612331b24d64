"""What changes the index: pages published, unpublished, moved, deleted or restricted, and the
records of the apps' findable models (an organisation, its seals and ambassadors)."""

from functools import partial

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .registry import key_of
from .sync import entries_filed_under, request_reindex


def page_changed(instance, **_signal_arguments):
    """A published or unpublished page, and what is filed under it (a sector's posts, whose
    facets name it); one whose address changed (a new slug) takes its descendants' along."""
    from .models import SearchEntry

    old_addresses = set(
        SearchEntry.objects.filter(key=key_of(instance)).values_list("url", flat=True)
    )
    if old_addresses and instance.get_url() not in old_addresses:
        page_and_descendants_changed(instance)
    else:
        request_reindex(instance)
        filed_under_changed(instance)


def page_and_descendants_changed(instance, **_signal_arguments):
    """A page whose address or visibility changed takes its descendants' along."""
    page = instance.page if isinstance(instance, PageViewRestriction) else instance
    for descendant in Page.objects.descendant_of(page, inclusive=True).only("pk"):
        request_reindex(key_of(descendant))
    filed_under_changed(page)


def page_deleted(instance, **_signal_arguments):
    if isinstance(instance, Page):
        request_reindex(key_of(instance))
        filed_under_changed(instance)


def filed_under_changed(page):
    for key in entries_filed_under(page):
        request_reindex(key)


def connect(findables):
    """Connect the page signals, and the saves and deletes of each findable model that is not
    a page and of the models its entries depend on."""
    page_published.connect(page_changed, dispatch_uid="search-page-published")
    page_unpublished.connect(page_changed, dispatch_uid="search-page-unpublished")
    post_page_move.connect(page_and_descendants_changed, dispatch_uid="search-page-moved")
    page_slug_changed.connect(page_and_descendants_changed, dispatch_uid="search-page-slug")
    post_delete.connect(page_deleted, dispatch_uid="search-page-deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            page_and_descendants_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search-restriction-{id(signal)}",
        )
    for findable in findables:
        own = [] if issubclass(findable.model, Page) else [(findable.model, itself)]
        for model, owners_of in [*own, *findable.depends_on]:
            for signal in (post_save, post_delete):
                # Once for each model and function, however many findables name them.
                signal.connect(
                    partial(owners_changed, owners_of),
                    sender=model,
                    weak=False,
                    dispatch_uid=(
                        f"search-{model._meta.label_lower}-{owners_of.__module__}."
                        f"{owners_of.__qualname__}-{id(signal)}"
                    ),
                )


def itself(obj):
    return [obj]


def owners_changed(owners_of, instance, **_signal_arguments):
    for owner in owners_of(instance):
        request_reindex(owner)
