"""Index sync follows Wagtail's page signals, after the publishing transaction commits.

Pages changed in one transaction are synced together by one task: a bulk import that publishes
500 pages in a transaction reads and writes them as one batch instead of 500 times one.
"""

import threading

from django.db import transaction

from resources.models import ResourcePage

_local = threading.local()


class PendingSync:
    """The pages waiting for the current transaction to commit; registered once with on_commit."""

    def __init__(self):
        self.page_ids = set()
        self.done = False

    def __call__(self):
        from search.tasks import sync_resources

        self.done = True
        sync_resources.enqueue(sorted(self.page_ids))

    def is_waiting(self):
        """Not run yet, and still registered (the rollback of its savepoint drops it)."""
        registered = transaction.get_connection().run_on_commit
        return not self.done and any(callback is self for _, callback, _ in registered)


def queue_sync(instance, **kwargs):
    if not isinstance(instance.specific_deferred, ResourcePage):
        return
    pending = getattr(_local, "pending", None)
    if pending is None or not pending.is_waiting():
        # A page id left over from a rolled-back savepoint is harmless: the sync reads what is
        # committed, and removes the entry of a page that is not published.
        pending = _local.pending = PendingSync()
        pending.page_ids.add(instance.pk)
        transaction.on_commit(pending)
    else:
        pending.page_ids.add(instance.pk)


def connect():
    from django.db.models.signals import post_delete
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(queue_sync, dispatch_uid="search-published")
    page_unpublished.connect(queue_sync, dispatch_uid="search-unpublished")
    post_page_move.connect(queue_sync, dispatch_uid="search-moved")
    post_delete.connect(queue_sync, sender=ResourcePage, dispatch_uid="search-deleted")
