"""The one search contract: what a resident asks for (`ResourceQuery`)."""

from dataclasses import dataclass

DEFAULT_RADIUS_MILES = 25
MAX_RADIUS_MILES = 100
PER_PAGE = 20


class Sort:
    RELEVANCE = "relevance"
    DISTANCE = "distance"
    CHOICES = [(RELEVANCE, "Best match"), (DISTANCE, "Nearest first")]


# facet name (the URL parameter) → the ResourceQuery attribute holding its chosen values
FACETS = {
    "category": "categories",
    "community": "communities",
    "language": "languages",
    "population": "populations",
    "cost": "costs",
    "delivery": "delivery",
}


@dataclass(frozen=True)
class ResourceQuery:
    """A resident's question. Filters within one facet are alternatives (OR); facets combine (AND).

    `near` is a (latitude, longitude) pair, already resolved from a ZIP code where one was given;
    `near_community` is the community that ZIP belongs to, so services that serve it match too.
    `terms` is the text as matched: spelling corrected, stopwords dropped, synonyms expanded.
    """

    text: str = ""
    categories: tuple[str, ...] = ()
    communities: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    costs: tuple[str, ...] = ()
    populations: tuple[str, ...] = ()
    delivery: tuple[str, ...] = ()
    near: tuple[float, float] | None = None
    near_community: str = ""
    radius_miles: float = DEFAULT_RADIUS_MILES
    open_now: bool = False
    sort: str = Sort.RELEVANCE
    page: int = 1
    per_page: int = PER_PAGE
    terms: tuple[tuple[str, ...], ...] = ()
    crisis_first: bool = False
    suggestion: str = ""

    @property
    def offset(self):
        return (self.page - 1) * self.per_page
