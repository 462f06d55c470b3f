from django_tasks import task

from search import indexing


@task()
def sync_resource(page_id):
    """Bring the search index in line with one page after it was published, unpublished, moved or deleted."""
    indexing.sync_page(page_id)
