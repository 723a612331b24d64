from django_tasks import task

from . import sync


@task()
def apply_index_change(key):
    """Write one object's entries to every engine; a refusal fails the task and leaves the
    change stored for a retry."""
    return sync.apply_change(key)


@task()
def record_query_hits(counts):
    """Add a minute's counted searches to Wagtail's popular queries."""
    from . import promotions

    promotions.record(counts)
