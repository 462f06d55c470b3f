import logging

from django_tasks import task

from search import elastic, indexing

logger = logging.getLogger(__name__)


@task()
def sync_resource(page_id):
    """Bring the search indexes in line with a page that was published, unpublished, moved or deleted."""
    record = indexing.sync_page(page_id)
    if not elastic.is_configured():
        return
    try:
        elastic.sync_page(page_id, record)
    except elastic.UNAVAILABLE as error:
        # The database index is current; `manage.py reindex` brings Elasticsearch back in step.
        logger.warning("Elasticsearch sync of page %s failed: %s", page_id, error)
