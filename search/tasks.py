import logging

from django_tasks import task

from search import elastic, indexing

logger = logging.getLogger(__name__)


@task()
def sync_resources(page_ids):
    """Bring the search indexes in line with pages that were published, unpublished, moved or deleted,
    or whose view restrictions changed."""
    records = indexing.sync_pages(page_ids)
    if not elastic.is_configured():
        return
    try:
        elastic.sync_pages(page_ids, records)
    except elastic.UNAVAILABLE as error:
        # The database index is current; `manage.py reindex` brings Elasticsearch back in step.
        logger.warning("Elasticsearch sync of %d pages failed: %s", len(page_ids), error)
