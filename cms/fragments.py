"""Pieces every page repeats (the footer, the menu, the home pages, filter choices), made once
per language and kept in the cache until something they show changes: any published page,
snippet, setting, image or document, or what the members' directory shows. One version key
stands for all of it, so one write forgets every stored piece, on every app server; the whole
pages that ``cms.page_answers`` keeps for visitors are kept under the same version.

A change is forgotten when it is made and again once its transaction commits: a page drawn in
between, from what the database held before, is kept under a version that nobody asks for
afterwards.

A request reads the version once, with its first piece; each process also holds the pieces it
read or made, beside their version, so that a piece it holds for the request's version costs no
round trip to the cache (a fifth of a millisecond each, six to ten per page). A change made in
another process is seen by the next request, as the version it reads is new."""

import contextvars
import pickle
import uuid
from contextlib import contextmanager

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

VERSION_KEY = "site-fragments-version"
# By cache key: the version a piece was made under, the piece (pickled, so that each use gets
# its own copy, unless nobody can change it) and whether it is shared. Its keys are few (pieces
# by site, language and page); the limit only bounds them should a bug make more.
held_pieces = {}
HELD_PIECES_AT_MOST = 2000


class RequestVersion:
    """The version one request reads its pieces under; ``None`` until the first piece."""

    value = None


request_version = contextvars.ContextVar("fragments_request_version", default=None)


@contextmanager
def one_version():
    """Around one request: its pieces are read under the version its first piece found."""
    token = request_version.set(RequestVersion())
    try:
        yield
    finally:
        request_version.reset(token)


def current_version():
    return cache.get_or_set(VERSION_KEY, lambda: uuid.uuid4().hex, timeout=None)


def new_version():
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    current_request = request_version.get()
    if current_request is not None:
        # What the request draws after its own change shows the change.
        current_request.value = None


def forget_all(**_signal_arguments):
    new_version()
    transaction.on_commit(new_version)


def cached(name, render):
    """``render()``'s result for the visitor's language, from the cache while nothing changed:
    one round trip reads the piece with the version it was made under and the current one."""
    key = f"site-fragment:{name}:{get_language()}"
    current_request = request_version.get()
    version = current_request.value if current_request is not None else None
    if version is not None:
        held = held_pieces.get(key)
        if held is not None and held[0] == version:
            return held[1] if held[2] else pickle.loads(held[1])  # noqa: S301 (made here)
        stored = cache.get(key)
    else:
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or current_version()
        stored = found.get(key)
        if current_request is not None:
            current_request.value = version
    if stored is not None and stored[0] == version:
        hold(key, version, stored[1])
        return stored[1]
    # The version is read before the piece is made: a change that comes meanwhile replaces
    # it, and what was made from the old state is never read again.
    # Imported here: the app configurations import this module before Wagtail's models exist.
    from cms import storage

    store_failures_before = storage.failures_so_far()
    fragment = render()
    if storage.failures_so_far() == store_failures_before:
        # Not kept when the store of uploads failed meanwhile: a picture may be missing.
        cache.set(key, (version, fragment), timeout=24 * 3600)
        hold(key, version, fragment)
    return fragment


# Pieces of these types cannot be changed by whoever uses them, so all requests share one.
UNCHANGEABLE = (str, int, frozenset)


def hold(key, version, piece):
    if len(held_pieces) >= HELD_PIECES_AT_MOST:
        held_pieces.clear()
    shared = isinstance(piece, UNCHANGEABLE)
    held = piece if shared else pickle.dumps(piece, pickle.HIGHEST_PROTOCOL)
    held_pieces[key] = (version, held, shared)


# What Wagtail stores of an image or document the first time a page shows it: nothing that any
# page shows changes with it.
FILE_FACTS = frozenset({"file_size", "file_hash"})


def forget_saved(update_fields=None, **signal_arguments):
    if update_fields is None or not update_fields <= FILE_FACTS:
        forget_all(**signal_arguments)


def forget_when_changed(*models):
    """Forget every stored piece when an item of one of ``models`` is saved or deleted, or its
    many-to-many links change; for the snippets of the feature apps that pieces show."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in models:
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                forget_all,
                sender=field.remote_field.through,
                dispatch_uid=f"fragments-m2m-{model}-{field.name}",
            )
        post_save.connect(forget_saved, sender=model, dispatch_uid=f"fragments-save-{model}")
        post_delete.connect(forget_all, sender=model, dispatch_uid=f"fragments-delete-{model}")


def connect_signals():
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from cms.models import ContactPerson, District, FundingNotice, OfficeAddress, SiteSettings

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget_all, dispatch_uid=f"fragments-{signal}")
    # A page made private is saved as its restriction alone.
    forget_when_changed(
        Page,
        PageViewRestriction,
        Site,
        SiteSettings,
        ContactPerson,
        OfficeAddress,
        FundingNotice,
        District,
    )
    forget_when_changed(get_image_model(), get_document_model())
