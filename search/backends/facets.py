"""Facet counts for the database backend, from SearchFacet rows.

Counts leave out the facet's own filter (so a resident can widen a choice, e.g. add a language):
facets nobody filtered on share one grouped query; each filtered facet gets one of its own.
"""

from django.db.models import Count

from search.backends.filters import apply_filters
from search.labels import facet_values
from search.models import SearchFacet
from search.query import FACETS


def facet_counts(base, query):
    """{facet: [FacetValue…]} for the query's matches; values with no match are left out."""
    filtered = [name for name, attribute in FACETS.items() if getattr(query, attribute)]
    scopes = [(None, [name for name in FACETS if name not in filtered])]
    scopes += [(name, [name]) for name in filtered]
    counts = {name: {} for name in FACETS}
    for skip, names in scopes:
        if not names:
            continue
        entries = apply_filters(base, query, skip=skip).values("pk")
        rows = (
            SearchFacet.objects.filter(entry_id__in=entries, facet__in=names)
            .values("facet", "value")
            .annotate(count=Count("id"))
        )
        for row in rows:
            counts[row["facet"]][row["value"]] = row["count"]
    return facet_values(counts)
