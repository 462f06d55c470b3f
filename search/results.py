"""The one results contract, the same whichever backend answered (`SearchResults`)."""

from dataclasses import asdict, dataclass, field

from resources import hours
from search import cards


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Hit:
    """One resource found, with what a person needs to act on it without opening its page."""

    id: str
    title: str
    url: str
    summary: str
    highlight: str
    distance_miles: float | None = None
    phone: str = ""
    phone_href: str = ""
    locality: str = ""
    open_now: bool | None = None
    is_24_7: bool = False
    costs: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    page_id: int | None = field(default=None, compare=False)

    @classmethod
    def from_card(cls, card, minute, **fields):
        """A hit from an index's stored card data (`search.cards`), open-now answered for `minute`."""
        return cls(
            phone=card.get("phone", ""),
            phone_href=card.get("phone_href", ""),
            locality=card.get("locality", ""),
            open_now=cards.open_now(card, minute),
            is_24_7=bool(card.get("is_24_7")),
            costs=tuple(card.get("costs", ())),
            languages=tuple(card.get("languages", ())),
            **fields,
        )


def this_minute():
    """The minute of the week every hit of one answer is judged open or closed at."""
    return hours.minute_of_week(hours.now())


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]]
    suggestion: str = ""
    backend: str = "database"
    messages: list[str] = field(default_factory=list)
    crisis: bool = False
    suggested_filters: list[tuple[str, FacetValue]] = field(default_factory=list)

    def as_json(self):
        """The public JSON shape of `/search/?format=json`."""
        return {
            "total": self.total,
            "crisis": self.crisis,
            "hits": [
                {key: value for key, value in asdict(hit).items() if key != "page_id"} for hit in self.hits
            ],
            "facets": {name: [asdict(value) for value in values] for name, values in self.facets.items()},
            "suggested_filters": [{"facet": name, **asdict(value)} for name, value in self.suggested_filters],
            "suggestion": self.suggestion,
            "backend": self.backend,
        }
