"""Facet values and their labels, in display order, shared by every backend."""

from django.core.cache import cache

from resources.models import COST_CHOICES, DELIVERY_CHOICES, Category, Community, Language, Population

LABELS_KEY = "search:facet-labels"
LABELS_SECONDS = 300


def facet_labels():
    """{facet: [(value, label)]}, cached briefly: the reference data changes rarely."""
    return cache.get_or_set(LABELS_KEY, load_facet_labels, LABELS_SECONDS)


def load_facet_labels():
    return {
        "category": [(c.slug, c.name) for c in Category.objects.top_level()],
        "community": [(c.slug, c.name) for c in Community.objects.all()],
        "language": [(lang.code, lang.name) for lang in Language.objects.all()],
        "population": [(p.slug, p.name) for p in Population.objects.all()],
        "cost": COST_CHOICES,
        "delivery": DELIVERY_CHOICES,
    }


def facet_values(counts):
    """FacetValues from {facet: {value: count}}, in display order, leaving out values with no match."""
    from search.results import FacetValue

    return {
        name: [
            FacetValue(value, label, counts[name][value])
            for value, label in values
            if counts[name].get(value)
        ]
        for name, values in facet_labels().items()
    }
