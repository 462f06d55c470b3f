"""Which search backend is live. The only place that knows; views just call `search()`."""

from functools import lru_cache

from search.backends.database import DatabaseBackend


@lru_cache(maxsize=1)
def get_backend():
    return DatabaseBackend()


def search(query):
    """Answer a ResourceQuery with SearchResults, carrying over the spelling suggestion."""
    results = get_backend().search(query)
    results.suggestion = query.suggestion
    return results


def suggest(text, limit):
    """Autocomplete: resource titles and known words that start with `text`."""
    return get_backend().suggest(text, limit)
