"""Keeping the index right. A change to something findable writes an ``IndexChange`` in the
transaction that made it; once that commits, a background task writes the object's entries
again, from what it is then, to every engine. An engine that refuses leaves the change stored
for ``apply_due_changes``, which the scheduler runs every minute, with growing waits."""

import logging
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .index_writers import index_writers
from .registry import findable_of, key_of, object_of

logger = logging.getLogger(__name__)

# Longer than any engine's timeout: a worker that holds a change is still writing it.
CLAIM = timedelta(minutes=2)
LOST_AFTER = timedelta(minutes=10)
LONGEST_WAIT = timedelta(minutes=60)
# An object changed again and again while being written is left to its next task.
MAX_ROUNDS = 3


def request_reindex(obj_or_key):
    """Have the entries of ``obj_or_key`` (an object, or the key of one that is gone) written
    again after the current transaction commits."""
    from .models import IndexChange
    from .tasks import apply_index_change

    key = obj_or_key if isinstance(obj_or_key, str) else key_of(obj_or_key)
    now = timezone.now()
    change, created = IndexChange.objects.get_or_create(key=key, defaults={"requested_at": now})
    if not created:
        # A worker that holds the change keeps its claim and writes it once more when done;
        # one that waits after a refusal is tried again at once.
        waiting = Q(attempts__gt=0)
        IndexChange.objects.filter(pk=change.pk).update(requested_at=now)
        IndexChange.objects.filter(pk=change.pk).filter(waiting).update(
            attempts=0, next_attempt_at=None
        )
    transaction.on_commit(partial(apply_index_change.enqueue, key))


def entries_filed_under(obj):
    """The keys of the objects whose entries are filed under ``obj`` (a sector, a district,
    a tag): when it changes its name or goes, their entries are written again."""
    from .models import SearchFacet

    return list(
        SearchFacet.objects.filter(source=key_of(obj))
        .values_list("entry__key", flat=True)
        .distinct()
    )


def entries_now(key):
    """The kind and entries the object of ``key`` has now: none when it is gone or is not to
    be found."""
    obj = object_of(key)
    findable = findable_of(obj) if obj is not None else None
    if findable is None:
        return None, []
    return findable.kind, findable.entries_of(obj)


def apply_change(key):
    """Write the entries of ``key`` to every engine unless another worker holds the change or
    its wait is not over. Returns whether it wrote; raises ``IndexNotWritten`` on a refusal,
    leaving the change for a retry."""
    from .models import IndexChange

    now = timezone.now()
    claimed = (
        IndexChange.objects.filter(key=key)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(next_attempt_at=now + CLAIM)
    )
    if not claimed:
        return False
    for _round in range(MAX_ROUNDS):
        change = IndexChange.objects.get(key=key)
        try:
            kind, entries = entries_now(key)
            for writer in index_writers():
                writer.write(key, kind, entries)
        except Exception as error:
            record_failure(change, error)
            raise IndexNotWritten(key) from error
        done, _by_model = IndexChange.objects.filter(
            pk=change.pk, requested_at=change.requested_at
        ).delete()
        if done:
            return True
        # The object changed again while it was written: once more, as it is now.
    IndexChange.objects.filter(pk=change.pk).update(next_attempt_at=None)
    return True


def record_failure(change, error):
    from .models import IndexChange

    attempts = change.attempts + 1
    wait = min(timedelta(minutes=2 ** (attempts - 1)), LONGEST_WAIT)
    IndexChange.objects.filter(pk=change.pk).update(
        attempts=attempts,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        next_attempt_at=timezone.now() + wait,
    )
    logger.warning("Index write of %s failed (attempt %s): %s", change.key, attempts, error)


def due_changes(now=None):
    """Changes to write again: refused ones once their wait is over, and those whose task
    was lost. Unlike mail, an index change is never given up: the index must end up right."""
    from .models import IndexChange

    now = now or timezone.now()
    refused = Q(attempts__gt=0, next_attempt_at__lte=now)
    lost = Q(attempts=0, requested_at__lte=now - LOST_AFTER) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    return IndexChange.objects.filter(refused | lost)


def apply_due_changes():
    """Write every due change here and now; returns how many were written."""
    written = 0
    for key in due_changes().order_by("requested_at").values_list("key", flat=True):
        try:
            written += apply_change(key)
        except IndexNotWritten:
            continue
    return written


class IndexNotWritten(Exception):
    """An engine did not take an object's entries; the change stays for the next attempt."""
