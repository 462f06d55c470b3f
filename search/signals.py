"""Index sync follows Wagtail's page signals, view restrictions, and changes to the reference data
the indexes hold (names and slugs of categories, communities, languages, populations and
organizations), after the transaction commits.

Pages changed in one transaction are synced together: a bulk import that publishes 500 pages in a
transaction reads and writes them as one batch instead of 500 times one, and a restriction on the
directory page, or a renamed category, queues every resource it touches at once.
"""

import threading

from django.db import transaction
from django.db.models import Q

from resources.models import Category, Community, Language, Organization, Population, ResourcePage

_local = threading.local()
# Pages per sync task: a restriction on the directory of a large site must not become one task
# that reads every resource at once (the rebuild reads the same number at a time).
SYNC_BATCH = 500


def queue_pages(page_ids):
    """Sync these pages once the current transaction commits, with the others it changed.

    The ids gather in this thread's set, and each call asks for `sync_pending` after the commit:
    the first to run takes every id gathered, the rest find nothing left. No callback needs finding
    again (Django keeps its list private), and a savepoint rolled back with its callbacks leaves its
    ids for the next one to run. Such an id is harmless: the sync reads what is committed, and
    removes the entry of a page that is not published.
    """
    page_ids = set(page_ids)
    if not page_ids:
        return
    pending = getattr(_local, "pending", None)
    if pending is None:
        pending = _local.pending = set()
    pending.update(page_ids)
    transaction.on_commit(sync_pending)


def sync_pending():
    from search.tasks import sync_resources

    page_ids = sorted(getattr(_local, "pending", ()))
    _local.pending = set()
    for start in range(0, len(page_ids), SYNC_BATCH):
        sync_resources.enqueue(page_ids[start : start + SYNC_BATCH])


def queue_sync(instance, **kwargs):
    if isinstance(instance.specific_deferred, ResourcePage):
        queue_pages([instance.pk])


def queue_restricted(instance, **kwargs):
    """A view restriction hides its page and every page under it: sync the resources there. Runs
    after a save and before a delete, while the restriction still has its page; the sync itself
    waits for the commit either way."""
    resources = ResourcePage.objects.descendant_of(instance.page, inclusive=True)
    queue_pages(resources.values_list("pk", flat=True))


# reference model -> which resources use an instance (a category also through its children,
# whose resources are indexed with the parent's slug too)
USERS = {
    Category: lambda category: Q(categories=category) | Q(categories__parent=category),
    Community: lambda community: Q(service_areas=community),
    Language: lambda language: Q(languages=language),
    Population: lambda population: Q(populations=population),
    Organization: lambda organization: Q(organization=organization),
}


def queue_users(sender, instance, **kwargs):
    """Reference data saved or about to be deleted: sync the resources that use it. Before a
    delete, because the links to it are gone afterwards."""
    using = ResourcePage.objects.filter(USERS[sender](instance)).values_list("pk", flat=True)
    queue_pages(using.distinct())


def log_deletion(instance, **kwargs):
    """Deleting a resource page deletes its search entry with it (the database cascade of
    `SearchEntry.page`), in the deleting transaction and before any sync: log that as a change of
    the page there, or a copy made before the deletion would still look current, with an entry the
    search tables no longer hold. Sent before anything is deleted, so the state row is locked before
    the entry, in the order `search.indexing.sync_pages` takes them."""
    from search.models import SearchIndexState

    SearchIndexState.change([instance.pk])


def connect():
    from django.db.models.signals import post_delete, post_save, pre_delete
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(queue_sync, dispatch_uid="search-published")
    page_unpublished.connect(queue_sync, dispatch_uid="search-unpublished")
    post_page_move.connect(queue_sync, dispatch_uid="search-moved")
    post_delete.connect(queue_sync, sender=ResourcePage, dispatch_uid="search-deleted")
    pre_delete.connect(log_deletion, sender=ResourcePage, dispatch_uid="search-entry-cascade")
    post_save.connect(queue_restricted, sender=PageViewRestriction, dispatch_uid="search-restricted")
    pre_delete.connect(queue_restricted, sender=PageViewRestriction, dispatch_uid="search-unrestricted")
    for model in USERS:
        post_save.connect(queue_users, sender=model, dispatch_uid=f"search-{model.__name__}-saved")
        pre_delete.connect(queue_users, sender=model, dispatch_uid=f"search-{model.__name__}-deleted")
