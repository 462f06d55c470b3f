"""Which search backend is live. The only place that knows; views just call `search()`."""

import logging

from search import elastic
from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend
from search.facets import BY_NAME
from search.results import FacetValue

logger = logging.getLogger(__name__)


class FallbackBackend:
    """Elasticsearch first; the database answers whenever Elasticsearch cannot (down, hanging,
    index missing). The resident sees results either way; the log says why."""

    def __init__(self, primary, fallback):
        self.primary, self.fallback = primary, fallback

    def search(self, query):
        return self.answer("search", query)

    def suggest(self, text, limit):
        return self.answer("suggest", text, limit)

    def answer(self, method, *args):
        try:
            return getattr(self.primary, method)(*args)
        except elastic.UNAVAILABLE as error:
            logger.warning("Elasticsearch %s failed, answering from the database: %s", method, error)
            return getattr(self.fallback, method)(*args)


def get_backend():
    if elastic.is_configured():
        return FallbackBackend(ElasticsearchBackend(), DatabaseBackend())
    return DatabaseBackend()


def search(query):
    """Answer a ResourceQuery with SearchResults, with the spelling suggestion and the filters the
    question named in passing (`cues`) offered as filters, where choosing them would leave results."""
    results = get_backend().search(query)
    results.suggestion = query.suggestion
    results.suggested_filters = suggested_filters(query, results)
    return results


def suggested_filters(query, results):
    """[(facet name, FacetValue)] for the cues the resident has not chosen yet."""
    offered = []
    for name, value in query.cues:
        if name == "open_now":
            if not query.open_now:
                offered.append((name, FacetValue("on", "Open now", 0)))
            continue
        if value in BY_NAME[name].values(query):
            continue
        counted = {found.value: found for found in results.facets.get(name, [])}
        if value in counted:
            offered.append((name, counted[value]))
    return offered


def suggest(text, limit):
    """Autocomplete: resource titles and known words that start with `text`."""
    return get_backend().suggest(text, limit)
