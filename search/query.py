"""The one search contract: what a resident asks for (`ResourceQuery`)."""

from dataclasses import dataclass

DEFAULT_RADIUS_MILES = 25
MAX_RADIUS_MILES = 100
PER_PAGE = 20


class Sort:
    RELEVANCE = "relevance"
    DISTANCE = "distance"
    CHOICES = [(RELEVANCE, "Best match"), (DISTANCE, "Nearest first")]


@dataclass(frozen=True)
class Term:
    """One meaningful part of a question: any of its alternatives (words or phrases) matches it,
    and so does a resource having one of its cues, filter values such as ("language", "ar").
    `weight` is what covering it counts for: a need the vocabulary files know ("booze") counts
    more than a word they do not ("work")."""

    alternatives: tuple[str, ...]
    cues: tuple[tuple[str, str], ...] = ()
    weight: float = 1.0


@dataclass(frozen=True)
class ResourceQuery:
    """A resident's question. Filters within one facet are alternatives (OR); facets combine (AND).

    `near` is a (latitude, longitude) pair, already resolved from a ZIP code where one was given;
    `near_community` is the community that ZIP belongs to, so services that serve it match too.
    `terms` is the text as understood (`search.question`): resources are ranked by how many terms
    they satisfy. `crisis` names the kinds of crisis the text expresses: crisis services come first;
    `possible_crisis` (also true with `crisis`) shows the crisis lines above the results.
    `cues` are filter values the text names in passing, offered to the resident as filters.
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
    terms: tuple[Term, ...] = ()
    crisis: tuple[str, ...] = ()
    possible_crisis: bool = False
    cues: tuple[tuple[str, str], ...] = ()
    suggestion: str = ""

    @property
    def offset(self):
        return (self.page - 1) * self.per_page
