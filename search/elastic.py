"""The Elasticsearch client and index lifecycle: build a new index, bulk-load it, swap the alias.

Searches keep answering from the old index until the alias moves to the new one in a single
atomic request; documents of single pages are written through the alias.
"""

import time
from functools import lru_cache

from django.conf import settings
from elasticsearch import ApiError, Elasticsearch, TransportError, helpers

from search import indexing
from search.documents import ResourceDocument, alias_name, new_index

UNAVAILABLE = (ApiError, TransportError)


def is_configured():
    return bool(settings.ELASTICSEARCH_URL)


def client():
    """Short timeouts and no retries: a resident's request must never wait on a struggling server."""
    return _client(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT)


@lru_cache(maxsize=4)
def _client(url, timeout):
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


def admin_client():
    """For rebuilding: bulk requests legitimately take longer than a search."""
    return client().options(request_timeout=60)


def documents(progress):
    for records, done, total in indexing.batches(chunk_size=500):
        yield from ({"_id": record.pk, **ResourceDocument.source(record)} for record in records)
        if progress:
            progress(done, total)


def rebuild(progress=None):
    """Build a fresh index from the published pages and point the alias at it; returns the count."""
    es = admin_client()
    alias = alias_name()
    name = f"{alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 10**6}"
    index = new_index(name)
    index.settings(refresh_interval="-1")  # nobody searches it before the swap
    index.create(using=es)
    actions = ({**doc, "_index": name} for doc in documents(progress))
    count, _errors = helpers.bulk(es, actions, chunk_size=500)
    es.indices.put_settings(index=name, settings={"refresh_interval": None})
    es.indices.refresh(index=name)
    swap_alias(es, alias, name)
    return count


def swap_alias(es, alias, name):
    old = list(es.indices.get_alias(name=alias)) if es.indices.exists_alias(name=alias) else []
    actions = [{"remove": {"index": index, "alias": alias}} for index in old]
    es.indices.update_aliases(actions=[*actions, {"add": {"index": name, "alias": alias}}])
    for index in old:
        es.indices.delete(index=index)


def sync_pages(page_ids, records):
    """Write the published pages' documents through the alias and remove the others, in one request."""
    published = {record.pk: record for record in records}
    actions = [
        {"_op_type": "index", "_index": alias_name(), "_id": pk, **ResourceDocument.source(published[pk])}
        if pk in published
        else {"_op_type": "delete", "_index": alias_name(), "_id": pk}
        for pk in page_ids
    ]
    # A delete of a page that was never indexed is a 404 item, which is what we want anyway. Writes
    # must go through the alias: before the first `reindex` there is none, and a write to its name
    # would create a plain index with guessed mappings that the alias could never replace.
    helpers.bulk(
        admin_client(),
        actions,
        refresh=settings.ELASTICSEARCH_REFRESH,
        raise_on_error=False,
        require_alias=True,
    )


def drop_indexes():
    """Remove the alias and every index behind it (tests and fresh installs)."""
    es = admin_client()
    alias = alias_name()
    names = list(es.indices.get(index=f"{alias}-*", allow_no_indices=True, ignore_unavailable=True))
    if names:  # deleting by wildcard is refused by default, so name each index
        es.indices.delete(index=",".join(names))
