"""The six filters a resident can narrow a search by, defined once: URL parameter, query attribute,
heading, labels (the order values are shown in), and the Elasticsearch fields that hold them."""

from collections.abc import Callable
from dataclasses import dataclass

from resources.models import COST_CHOICES, DELIVERY_CHOICES, Category, Community, Language, Population


def top_categories():
    return [(c.slug, c.name) for c in Category.objects.top_level()]


def all_categories():
    return [(c.slug, c.name) for c in Category.objects.all()]


def communities():
    return [(c.slug, c.name) for c in Community.objects.all()]


def languages():
    return [(language.code, language.name) for language in Language.objects.all()]


def populations():
    return [(p.slug, p.name) for p in Population.objects.all()]


@dataclass(frozen=True)
class Facet:
    name: str  # URL parameter, and the facet's name in the search indexes
    attribute: str  # the ResourceQuery attribute holding the chosen values
    legend: str  # the heading on the search page
    labels: Callable  # () -> (value, label) pairs in display order
    document_field: str  # Elasticsearch field filtered on
    count_field: str = ""  # Elasticsearch field counted, when not the filtered one
    choices: Callable | None = None  # every value a URL may choose, when more than the labels

    def values(self, query):
        return getattr(query, self.attribute)

    @property
    def counted_field(self):
        return self.count_field or self.document_field


FACETS = (
    Facet(
        "category",
        "categories",
        "Kind of help",
        top_categories,
        "categories",
        "category_tops",
        choices=all_categories,
    ),
    Facet("community", "communities", "Serves", communities, "communities"),
    Facet("language", "languages", "Language", languages, "languages"),
    Facet("cost", "costs", "Cost", lambda: COST_CHOICES, "costs"),
    Facet("population", "populations", "For", populations, "populations"),
    Facet("delivery", "delivery", "How it is offered", lambda: DELIVERY_CHOICES, "delivery"),
)
BY_NAME = {facet.name: facet for facet in FACETS}


def chosen(query):
    """{facet name: chosen values} for the facets the query filters on."""
    return {facet.name: facet.values(query) for facet in FACETS if facet.values(query)}
