"""The Elasticsearch document for a published resource, declared explicitly, built from its record.

Personal data never enters the index: only public directory fields, and confidential
locations are represented by their service areas' public centres.
"""

from django.conf import settings
from elasticsearch.dsl import (
    Boolean,
    Completion,
    Document,
    GeoPoint,
    Index,
    IntegerRange,
    Keyword,
    Object,
    Text,
)

from resources import hours
from search import cards, indexing
from search.question.words import stemmed_text

# Matching runs on text stemmed by the project's own code (`*_stems` fields: space-separated Porter 2
# stems, from the stemmer the question is read with, split by the built-in whitespace analyzer), so
# it is the same on every server: Elastic's minimal distribution lacks the analysis-common module
# and with it every stemmer. The analyzer of the plain title and summary, which are only shown and
# sorted by, is still configuration.
TITLE_SORT = {"type": "custom", "filter": ["lowercase"]}
ANALYSIS = {
    "english": {"analyzer": {"resource_text": {"type": "english"}}, "normalizer": {"title_sort": TITLE_SORT}},
    "core": {
        "analyzer": {
            "resource_text": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "stop"]}
        },
        "normalizer": {"title_sort": TITLE_SORT},
    },
}


class ResourceDocument(Document):
    uuid = Keyword()
    title = Text(analyzer="resource_text", fields={"raw": Keyword(normalizer="title_sort")})
    summary = Text(analyzer="resource_text")
    title_stems = Text(analyzer="whitespace")
    text_stems = Text(analyzer="whitespace")
    url = Keyword(index=False)
    categories = Keyword()
    category_tops = Keyword()
    facet_keys = Keyword()  # "language:es", "category:food" …: every facet counted in one aggregation
    communities = Keyword()
    languages = Keyword()
    populations = Keyword()
    costs = Keyword()
    delivery = Keyword()
    is_crisis = Boolean()
    is_24_7 = Boolean()
    open_minutes = IntegerRange()
    points = GeoPoint()
    suggest = Completion(analyzer="simple")
    card = Object(enabled=False)  # shown with the hit, never searched (search.cards)

    @staticmethod
    def source(record):
        """The document body for a record, as a plain dict: building a Document instance per resource
        and serializing it through elasticsearch-dsl took a third of a rebuild's time."""
        facets = indexing.facet_values(record)
        top_level = sorted({c.parent.slug if c.parent_id else c.slug for c in record.categories})
        counted = {**facets, "category": top_level}
        text = indexing.entry_text(record)
        return {
            "uuid": record.uuid,
            "title": record.title,
            "summary": record.summary,
            "title_stems": stemmed_text(record.title),
            "text_stems": stemmed_text(text),
            "url": record.url,
            "categories": facets["category"],
            "category_tops": top_level,
            "facet_keys": [f"{name}:{value}" for name, values in counted.items() for value in values],
            "communities": facets["community"],
            "languages": facets["language"],
            "populations": facets["population"],
            "costs": facets["cost"],
            "delivery": facets["delivery"],
            "is_crisis": record.is_crisis,
            "is_24_7": record.is_24_7,
            "open_minutes": [minute_range(row) for row in record.schedules],
            "points": [{"lat": lat, "lon": lon} for lat, lon in indexing.public_points(record)],
            "suggest": {"input": [record.title]},
            "card": cards.card(record),
        }


def minute_range(schedule):
    """An opening as a range of minutes since Monday 00:00, for "open now" lookups."""
    starts, ends = hours.week_minutes(schedule)
    return {"gte": starts, "lt": ends}


def alias_name():
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}resources"


def new_index(name):
    index = Index(name)
    index.settings(
        number_of_shards=1, number_of_replicas=0, analysis=ANALYSIS[settings.ELASTICSEARCH_ANALYSIS]
    )
    index.document(ResourceDocument)
    return index
