"""Facets as the search page shows them: a legend, and each value with its count and checkbox."""

from search.query import FACETS

LEGENDS = {
    "category": "Kind of help",
    "community": "Serves",
    "language": "Language",
    "cost": "Cost",
    "population": "For",
    "delivery": "How it is offered",
}


def facet_groups(results, query):
    """[(param, legend, [(value, label, count, checked)])], keeping chosen values with no matches."""
    groups = []
    for name, legend in LEGENDS.items():
        chosen = set(getattr(query, FACETS[name]))
        values = [(v.value, v.label, v.count, v.value in chosen) for v in results.facets.get(name, [])]
        shown = {value for value, *_ in values}
        values += [(value, value, 0, True) for value in sorted(chosen - shown)]
        if values:
            groups.append((name, legend, values))
    return groups
