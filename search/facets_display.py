"""Facets as the search page shows them: a legend, and each value with its count and checkbox."""

FACET_LEGENDS = {
    "category": ("category", "categories", "Kind of help"),
    "community": ("community", "communities", "Serves"),
    "language": ("language", "languages", "Language"),
    "cost": ("cost", "costs", "Cost"),
    "population": ("population", "populations", "For"),
    "delivery": ("delivery", "delivery", "How it is offered"),
}


def facet_groups(results, query):
    """[(param, legend, [(value, label, count, checked)])], keeping chosen values with no matches."""
    groups = []
    for name, (param, attribute, legend) in FACET_LEGENDS.items():
        chosen = set(getattr(query, attribute))
        values = [(v.value, v.label, v.count, v.value in chosen) for v in results.facets.get(name, [])]
        shown = {value for value, *_ in values}
        values += [(value, value, 0, True) for value in sorted(chosen - shown)]
        if values:
            groups.append((param, legend, values))
    return groups
