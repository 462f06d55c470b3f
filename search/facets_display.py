"""Facets as the search page shows them: a legend, and each value with its count and checkbox."""

from search.facets import FACETS


def facet_groups(results, query):
    """[(param, legend, [(value, label, count, checked)])], keeping chosen values with no matches."""
    groups = []
    for facet in FACETS:
        chosen = set(facet.values(query))
        values = [(v.value, v.label, v.count, v.value in chosen) for v in results.facets.get(facet.name, [])]
        shown = {value for value, *_ in values}
        values += [(value, value, 0, True) for value in sorted(chosen - shown)]
        if values:
            groups.append((facet.name, facet.legend, values))
    return groups
