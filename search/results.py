"""The one results contract, the same whichever backend answered (`SearchResults`)."""

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    url: str
    summary: str
    highlight: str
    distance_miles: float | None = None
    page_id: int | None = field(default=None, compare=False)


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]]
    suggestion: str = ""
    backend: str = "database"
    messages: list[str] = field(default_factory=list)

    def as_json(self):
        """The public JSON shape of `/search/?format=json`."""
        return {
            "total": self.total,
            "hits": [
                {key: value for key, value in asdict(hit).items() if key != "page_id"} for hit in self.hits
            ],
            "facets": {name: [asdict(value) for value in values] for name, values in self.facets.items()},
            "suggestion": self.suggestion,
            "backend": self.backend,
        }
