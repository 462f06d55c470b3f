"""Background work for pages written in batches by `resources.bulk_pages`."""

from django_tasks import task
from modelsearch.backends import get_search_backends_with_name
from wagtail.models import ReferenceIndex

from resources.models import ResourcePage


@task()
def index_new_pages(page_ids):
    """Wagtail's admin search index and its reference index ("usage") for new pages: the work
    a page's save queues through post_save one page at a time, done once for a whole batch."""
    pages = list(ResourcePage.get_indexed_objects().filter(pk__in=page_ids))
    for _name, backend in get_search_backends_with_name(with_auto_update=True):
        backend.add_bulk(ResourcePage, pages)
    for page in pages:
        ReferenceIndex.create_or_update_for_object(page)
