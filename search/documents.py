"""The Elasticsearch document for a published resource, declared explicitly, built from its record.

Personal data never enters the index: only public directory fields, and confidential
locations are represented by their service areas' public centres.
"""

from django.conf import settings
from elasticsearch.dsl import Boolean, Completion, Document, GeoPoint, Index, IntegerRange, Keyword, Text

from search import indexing

MINUTES_PER_DAY = 24 * 60

# Analysis is configuration: Elastic's minimal test distribution lacks the analysis-common module
# (no `english` analyzer or stemmer), so it runs the same code with core filters only.
ANALYSIS = {
    "english": {"analyzer": {"resource_text": {"type": "english"}}},
    "core": {
        "analyzer": {
            "resource_text": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "stop"]}
        }
    },
}


class ResourceDocument(Document):
    uuid = Keyword()
    title = Text(analyzer="resource_text", fields={"raw": Keyword()})
    summary = Text(analyzer="resource_text")
    text = Text(analyzer="resource_text")
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

    @staticmethod
    def source(record):
        """The document body for a record, as a plain dict: building a Document instance per resource
        and serializing it through elasticsearch-dsl took a third of a rebuild's time."""
        facets = indexing.facet_values(record)
        top_level = sorted({c.parent.slug if c.parent_id else c.slug for c in record.categories})
        counted = {**facets, "category": top_level}
        return {
            "uuid": record.uuid,
            "title": record.title,
            "summary": record.summary,
            "text": indexing.entry_text(record),
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
            "open_minutes": [week_minutes(row) for row in record.schedules],
            "points": [{"lat": lat, "lon": lon} for lat, lon in indexing.public_points(record)],
            "suggest": {"input": [record.title]},
        }


def week_minutes(schedule):
    """An opening as a range of minutes since Monday 00:00 (end exclusive), for "open now" lookups."""
    day_start = schedule.weekday * MINUTES_PER_DAY
    if schedule.open_24_hours:
        return {"gte": day_start, "lt": day_start + MINUTES_PER_DAY}
    opens = schedule.opens_at.hour * 60 + schedule.opens_at.minute
    closes = schedule.closes_at.hour * 60 + schedule.closes_at.minute or MINUTES_PER_DAY
    return {"gte": day_start + opens, "lt": day_start + closes}


def alias_name():
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}resources"


def new_index(name):
    index = Index(name)
    index.settings(
        number_of_shards=1, number_of_replicas=0, analysis=ANALYSIS[settings.ELASTICSEARCH_ANALYSIS]
    )
    index.document(ResourceDocument)
    return index
