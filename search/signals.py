"""Index sync follows Wagtail's page signals, after the publishing transaction commits."""

from django.db import transaction

from resources.models import ResourcePage


def queue_sync(instance, **kwargs):
    if isinstance(instance.specific_deferred, ResourcePage):
        from search.tasks import sync_resource

        page_id = instance.pk
        transaction.on_commit(lambda: sync_resource.enqueue(page_id))


def connect():
    from django.db.models.signals import post_delete
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(queue_sync, dispatch_uid="search-published")
    page_unpublished.connect(queue_sync, dispatch_uid="search-unpublished")
    post_page_move.connect(queue_sync, dispatch_uid="search-moved")
    post_delete.connect(queue_sync, sender=ResourcePage, dispatch_uid="search-deleted")
