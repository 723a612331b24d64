"""Index updates made once per object while the demo loader runs.

Wagtail brings an object's search index entry and its references (``ReferenceIndex``) up to
date each time the object is saved, a dozen queries for the two. The loader saves a demo page
four times on average on its way (added to the tree, revised, published; its translation
copied, filled in, revised, published), so most of those updates are overwritten at once.
Held back, each object is indexed once at the end, by the same receivers, as its last save
left it: fewer than half the updates, for the same index. (Only the database search
backend's title weights differ a little: it sets one from the titles indexed so far when it
first indexes an object, and a translation is first indexed with its English title now, not
with the German one it was copied with.)
"""

import contextlib

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from modelsearch.signal_handlers import post_save_signal_handler as update_search_index_on_save
from wagtail.signal_handlers import update_reference_index_on_save

HELD_BACK_RECEIVERS = (update_search_index_on_save, update_reference_index_on_save)


@contextlib.contextmanager
def index_updates_once_per_object():
    """Within the block, saves update neither the search index nor the reference index; when
    it ends without an error, both are updated once for every object saved in it and not
    deleted since. Deleting still updates both at once, as always.

    The receivers are disconnected in this process, since Django's signals know no other way,
    so that a thread saving meanwhile would not index either; the loader's process does
    nothing else meanwhile (``manage.py load_demo_content``, a test). Other processes, a
    running site among them, index as always.
    """
    held_back = [
        (receiver, model)
        for receiver in HELD_BACK_RECEIVERS
        for model in apps.get_models()
        if post_save.disconnect(receiver, sender=model)
    ]
    receivers_of = {}
    for receiver, model in held_back:
        receivers_of.setdefault(model, []).append(receiver)
    # The signal's arguments of each object's last save, in the order first saved.
    last_saves = {}

    def remember_save(sender, instance, **signal_arguments):
        if sender in receivers_of:
            last_saves[sender, instance.pk] = {"instance": instance, **signal_arguments}

    def forget_deleted(sender, instance, **signal_arguments):
        last_saves.pop((sender, instance.pk), None)

    post_save.connect(remember_save, weak=False)
    post_delete.connect(forget_deleted, weak=False)
    try:
        yield
    finally:
        post_save.disconnect(remember_save)
        post_delete.disconnect(forget_deleted)
        for receiver, model in held_back:
            post_save.connect(receiver, sender=model)
    for (sender, _pk), signal_arguments in last_saves.items():
        for receiver in receivers_of[sender]:
            receiver(sender=sender, **signal_arguments)
